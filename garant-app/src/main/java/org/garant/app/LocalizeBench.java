package org.garant.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.garant.monitor.fuse.Localizer;
import org.garant.monitor.fuse.RobustLocalizer;
import org.garant.monitor.fuse.Scoring;
import org.garant.monitor.sense.Acoustics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "localize", mixinStandardHelpOptions = true,
        description = {"Monte-Carlo localisation of isolated events with the robust localiser: per setting",
                "(timing sigma, number of sensors, outlier share) it prints RMSE, the ratio to the Cramer-Rao bound",
                "with its 95 % bootstrap interval, and the solve time; a last line sums up."})
final class LocalizeBench implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--trials", defaultValue = "20000",
            description = "trials per setting (default: ${DEFAULT-VALUE}; the ratio of an RMSE is carried by its "
                    + "rarest errors)")
    int trials;

    @Option(names = "--seed", defaultValue = "11",
            description = "seed of the random geometries and noise (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--json", description = "print only JSON lines")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        double c = Acoustics.speedOfSound(10);
        double[] sigmasMs = {0.5, 2, 10};
        int[] counts = {4, 6, 8, 12};
        double[] outlierShares = {0, 0.1};
        SplittableRandom rnd = new SplittableRandom(seed);
        RobustLocalizer solver = new RobustLocalizer(c, 4, 40, 40_000, seed);
        double worstGaussian = 0;
        double worstOutliers = 0;
        double worstGaussianPerEvent = 0;
        double worstOutliersPerEvent = 0;
        Setting worstGaussianSetting = null;
        Setting worstOutliersSetting = null;
        List<Double> allTimes = new ArrayList<>();
        // warm-up so that the JIT has compiled the solver before anything is timed
        runSetting(c, 0.002, 8, 0, 2000, rnd, solver, new ArrayList<>());
        for (double outliers : outlierShares) {
            for (double sigmaMs : sigmasMs) {
                for (int n : counts) {
                    List<Double> times = new ArrayList<>();
                    Setting r = runSetting(c, sigmaMs / 1000, n, outliers, trials, rnd, solver, times);
                    allTimes.addAll(times);
                    double ratio = r.crlbRatio();
                    if (outliers == 0) {
                        if (ratio > worstGaussian) {
                            worstGaussian = ratio;
                            worstGaussianSetting = r;
                        }
                        worstGaussianPerEvent = Math.max(worstGaussianPerEvent, r.crlbRatioPerEvent());
                    } else if (n >= 6) {
                        if (ratio > worstOutliers) {
                            worstOutliers = ratio;
                            worstOutliersSetting = r;
                        }
                        worstOutliersPerEvent = Math.max(worstOutliersPerEvent, r.crlbRatioPerEvent());
                    }
                    ObjectNode o = Json.object();
                    o.put("setting", "localize");
                    o.put("sigma_ms", sigmaMs);
                    o.put("sensors", n);
                    o.put("outlier_share", outliers);
                    o.put("trials", trials);
                    o.put("located", r.located());
                    o.put("matched", r.matched());
                    o.put("precision", Json.round(r.matched() / (double) Math.max(1, r.located()), 4));
                    o.put("recall", Json.round(r.matched() / (double) trials, 4));
                    o.put("rmse_m", Json.round(r.rmseM(), 3));
                    o.put("crlb_ratio", Json.round(ratio, 3));
                    o.put("crlb_ratio_per_event", Json.round(r.crlbRatioPerEvent(), 3));
                    o.put("crlb_ratio_located", Json.round(r.crlbRatioLocated(), 3));
                    putInterval(o, "crlb_ratio_ci95", r);
                    o.put("solve_us_median", Json.round(percentile(times, 0.5), 2));
                    o.put("solve_us_p99", Json.round(percentile(times, 0.99), 2));
                    out.println(Json.line(o));
                }
            }
        }
        ObjectNode o = Json.object();
        o.put("benchmark", "localize");
        o.put("trials_per_setting", trials);
        o.put("crlb_ratio", Json.round(worstGaussian, 3));
        o.put("crlb_ratio_outliers", Json.round(worstOutliers, 3));
        // the bootstrap interval of the setting each of the two figures comes from
        putInterval(o, "crlb_ratio_ci95", worstGaussianSetting);
        putInterval(o, "crlb_ratio_outliers_ci95", worstOutliersSetting);
        o.put("crlb_ratio_per_event", Json.round(worstGaussianPerEvent, 3));
        o.put("crlb_ratio_per_event_outliers", Json.round(worstOutliersPerEvent, 3));
        o.put("solve_us_median", Json.round(percentile(allTimes, 0.5), 2));
        o.put("solve_us_p99", Json.round(percentile(allTimes, 0.99), 2));
        out.println(Json.line(o));
        out.flush();
        return 0;
    }

    /**
     * What one setting measured. Matched: located within 500 m and 5 s of the truth, as {@code garant fuse --truth}
     * matches events. {@code crlbRatio} is the aggregate over the matched trials with a bound (RMSE over
     * √mean CRLB², the CRLB of the clean detections): over random geometries it is carried by the few trials with the
     * largest errors and (in the denominator) the poorest geometry, which {@code ciLow}–{@code ciHigh}, its 95 %
     * bootstrap interval, shows; {@code crlbRatioPerEvent} (root-mean of each trial's squared error over its own CRLB)
     * asks of each geometry whether its bound was met; {@code crlbRatioLocated} is the aggregate over every located
     * trial with a bound, matched or not.
     */
    record Setting(long located, long matched, double rmseM, double crlbRatio, double crlbRatioPerEvent,
                   double crlbRatioLocated, double ciLow, double ciHigh) {
    }

    private static void putInterval(ObjectNode o, String key, Setting s) {
        double low = s == null ? Double.NaN : s.ciLow();
        double high = s == null ? Double.NaN : s.ciHigh();
        o.putArray(key).add(Json.round(low, 3)).add(Json.round(high, 3));
    }

    /**
     * One setting: sources uniform in a 5 km disc, sensors uniform in a 15 km disc, Gaussian timing noise, and with
     * probability {@code outliers} a detection gets a gross error of 50–500 ms (an echo, a wrong pick). Every answer
     * counts as located; the ratios and the RMSE are over the trials with a bound (four clean detections or more).
     */
    static Setting runSetting(double c, double sigma, int n, double outliers, int trials, SplittableRandom rnd,
                               RobustLocalizer solver, List<Double> times) {
        double[] xs = new double[n];
        double[] ys = new double[n];
        double[] ts = new double[n];
        double[] sig = new double[n];
        double[] br = new double[n];
        double[] bs = new double[n];
        boolean[] inlier = new boolean[n];
        boolean[] clean = new boolean[n];
        int[] idx = new int[n];
        double[] sol = new double[3];
        int located = 0;
        int matched = 0;
        int bounded = 0;
        double[] errors = new double[trials];
        double[] bounds = new double[trials];
        double allSq = 0;
        double allCrlb = 0;
        for (int t = 0; t < trials; t++) {
            double a = rnd.nextDouble() * 2 * Math.PI;
            double rr = 5_000 * Math.sqrt(rnd.nextDouble());
            double sx = rr * Math.cos(a);
            double sy = rr * Math.sin(a);
            double t0 = rnd.nextDouble();
            int m = 0;
            for (int k = 0; k < n; k++) {
                double b = rnd.nextDouble() * 2 * Math.PI;
                double q = 15_000 * Math.sqrt(rnd.nextDouble());
                xs[k] = q * Math.cos(b);
                ys[k] = q * Math.sin(b);
                sig[k] = sigma;
                br[k] = Double.NaN;
                bs[k] = Double.NaN;
                clean[k] = rnd.nextDouble() >= outliers;
                double gross = clean[k] ? 0 : (rnd.nextBoolean() ? 1 : -1) * (0.05 + rnd.nextDouble() * 0.45);
                ts[k] = t0 + Math.hypot(xs[k] - sx, ys[k] - sy) / c + sigma * rnd.nextGaussian() + gross;
                if (clean[k]) {
                    idx[m++] = k;
                }
            }
            long start = System.nanoTime();
            int got = solver.solve(xs, ys, ts, sig, br, bs, n, -1, sol, inlier);
            times.add((System.nanoTime() - start) / 1e3);
            if (got < 4) {
                continue;
            }
            located++;
            double e2 = (sol[0] - sx) * (sol[0] - sx) + (sol[1] - sy) * (sol[1] - sy);
            boolean isMatched = e2 <= Scoring.MATCH_M * Scoring.MATCH_M && Math.abs(sol[2] - t0) <= Scoring.MATCH_S;
            if (isMatched) {
                matched++;
            }
            // the bound needs four clean detections; with fewer, a located source counts above but has no ratio
            double[] crlb = m < 4 ? null : Localizer.positionCovariance(xs, ys, sig, br, bs, idx, m, c, sx, sy);
            if (crlb == null) {
                continue;
            }
            allSq += e2;
            allCrlb += crlb[0] + crlb[2];
            if (!isMatched) {
                continue;
            }
            errors[bounded] = e2;
            bounds[bounded] = crlb[0] + crlb[2];
            bounded++;
        }
        double sumSq = 0;
        double sumCrlb = 0;
        double sumNormalised = 0;
        for (int k = 0; k < bounded; k++) {
            sumSq += errors[k];
            sumCrlb += bounds[k];
            sumNormalised += errors[k] / bounds[k];
        }
        double[] ci = bootstrapRatio(errors, bounds, bounded, new SplittableRandom(trials * 31L + n));
        return new Setting(located, matched, Math.sqrt(sumSq / Math.max(1, bounded)),
                bounded == 0 ? Double.NaN : Math.sqrt(sumSq / sumCrlb), Math.sqrt(sumNormalised / Math.max(1, bounded)),
                allCrlb > 0 ? Math.sqrt(allSq / allCrlb) : Double.NaN, ci[0], ci[1]);
    }

    /** Bootstrap resamples behind {@link #bootstrapRatio}. */
    static final int RESAMPLES = 200;

    /**
     * The 95 % bootstrap interval (percentiles 2.5 and 97.5 of {@link #RESAMPLES} resamples of the trials, with
     * replacement) of the ratio √(Σ error² / Σ CRLB) over {@code errors[0..m)} and {@code bounds[0..m)}: how far the
     * ratio of one run could have fallen with other trials of the same setting. Over random geometries it is wide,
     * because a few poorly conditioned trials carry both sums.
     */
    static double[] bootstrapRatio(double[] errors, double[] bounds, int m, SplittableRandom rnd) {
        if (m == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double[] ratios = new double[RESAMPLES];
        for (int b = 0; b < RESAMPLES; b++) {
            double e = 0;
            double c = 0;
            for (int k = 0; k < m; k++) {
                int i = rnd.nextInt(m);
                e += errors[i];
                c += bounds[i];
            }
            ratios[b] = Math.sqrt(e / c);
        }
        Arrays.sort(ratios);
        return new double[] {ratios[(int) (0.025 * RESAMPLES)], ratios[(int) Math.ceil(0.975 * RESAMPLES) - 1]};
    }

    static double percentile(List<Double> v, double p) {
        if (v.isEmpty()) {
            return Double.NaN;
        }
        double[] a = v.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a[Math.min(a.length - 1, (int) Math.floor(p * a.length))];
    }
}
