package org.garant.monitor.sense;

/** Sound in air. */
public final class Acoustics {
    private Acoustics() {
    }

    /** Speed of sound in dry air at temperature {@code celsius}: c ≈ 331.3 + 0.606·T m/s. */
    public static double speedOfSound(double celsius) {
        return 331.3 + 0.606 * celsius;
    }
}
