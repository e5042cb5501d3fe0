package org.garant.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LocalizeBenchTest {
    @Test
    void trialsThatAllSayTheSameGiveAnIntervalOfOnePoint() {
        double[] errors = new double[500];
        double[] bounds = new double[500];
        Arrays.fill(errors, 4);
        Arrays.fill(bounds, 1);
        double[] ci = LocalizeBench.bootstrapRatio(errors, bounds, 500, new SplittableRandom(1));
        assertThat(ci[0]).isCloseTo(2, within(1e-12));
        assertThat(ci[1]).isCloseTo(2, within(1e-12));
    }

    /**
     * 999 trials whose errors meet their bounds and one poorly conditioned trial with a bound 10,000 times larger and
     * an error three times its σ: that one trial carries both sums, so the ratio of this run (about 2.3) could as well
     * have been about 1 with other trials, and the interval says so.
     */
    @Test
    void oneTrialCarryingBothSumsWidensTheInterval() {
        int m = 1000;
        double[] errors = new double[m];
        double[] bounds = new double[m];
        Arrays.fill(errors, 1);
        Arrays.fill(bounds, 1);
        bounds[0] = 10_000;
        errors[0] = 9 * 10_000;
        double ratio = Math.sqrt((999 + 90_000) / (999 + 10_000.0));
        double[] ci = LocalizeBench.bootstrapRatio(errors, bounds, m, new SplittableRandom(7));
        assertThat(ratio).isGreaterThan(2.8);
        assertThat(ci[0]).isLessThan(1.05);
        assertThat(ci[1]).isGreaterThanOrEqualTo(ratio);
        assertThat(LocalizeBench.bootstrapRatio(errors, bounds, 0, new SplittableRandom(7))[0]).isNaN();
    }
}
