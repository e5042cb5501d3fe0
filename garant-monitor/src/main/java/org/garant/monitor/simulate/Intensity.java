package org.garant.monitor.simulate;

import java.util.Locale;

/**
 * How much fire a simulated day holds. The OSCE Special Monitoring Mission recorded from a few dozen ceasefire
 * violations a day in quiet weeks to about 1,700 at its peak; a full-scale war sees tens of thousands of rounds.
 */
public enum Intensity {
    QUIET(50), TENSE(800), PEAK(1_700), WAR(50_000);

    private final int roundsPerDay;

    Intensity(int roundsPerDay) {
        this.roundsPerDay = roundsPerDay;
    }

    public int roundsPerDay() {
        return roundsPerDay;
    }

    public static Intensity parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown scenario '" + s + "': expected quiet, tense, peak or war");
        }
    }
}
