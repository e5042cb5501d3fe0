package org.garant.monitor.sense;

/**
 * Indirect-fire weapon classes as the monitor sees them, with their maximum range and a mean projectile speed
 * over the trajectory, from which the time of flight for a range follows ({@code tof ≈ range / meanSpeed}).
 * The figures are typical public values: 120 mm mortars reach about 8 km with flight times near a minute at long
 * range; 152/155 mm guns reach 25–30 km with 50–80 s flights; 122 mm MLRS rockets (Grad) reach about 40 km with
 * flights near 70 s.
 */
public enum WeaponClass {
    MORTAR(8_000, 150),
    TUBE_ARTILLERY(30_000, 400),
    MLRS(40_000, 600);

    private final double maxRangeM;
    private final double meanSpeedMps;

    WeaponClass(double maxRangeM, double meanSpeedMps) {
        this.maxRangeM = maxRangeM;
        this.meanSpeedMps = meanSpeedMps;
    }

    public double maxRangeM() {
        return maxRangeM;
    }

    /** Expected time of flight, seconds, for a range in metres. */
    public double timeOfFlightS(double rangeM) {
        return 2.0 + rangeM / meanSpeedMps;
    }
}
