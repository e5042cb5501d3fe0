package org.garant.monitor.verify;

import java.util.Locale;
import org.garant.monitor.sense.WeaponClass;

/**
 * The weapon classes of the withdrawal table (Minsk II, with its addendum), each with its distance from the line in
 * km; {@code TROOPS} is for units without a listed weapon (they can only break the buffer zone).
 */
public enum SightingClass {
    TANK(15), ARTILLERY_LT_100(15), MORTAR(15), ARTILLERY_GE_100(50), MLRS(70), HEAVY_MLRS(140), TACTICAL_MISSILE(140),
    TROOPS(0);

    private final double withdrawKm;

    SightingClass(double withdrawKm) {
        this.withdrawKm = withdrawKm;
    }

    public double withdrawKm() {
        return withdrawKm;
    }

    /** The withdrawal class of a weapon the fusion engine identified by its fire. */
    public static SightingClass of(WeaponClass w) {
        return switch (w) {
            case MORTAR -> MORTAR;
            case TUBE_ARTILLERY -> ARTILLERY_GE_100;
            case MLRS -> MLRS;
        };
    }

    public static SightingClass parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_'));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + s + "' is not a weapon class (TANK, ARTILLERY_LT_100, MORTAR,"
                    + " ARTILLERY_GE_100, MLRS, HEAVY_MLRS, TACTICAL_MISSILE, TROOPS)");
        }
    }
}
