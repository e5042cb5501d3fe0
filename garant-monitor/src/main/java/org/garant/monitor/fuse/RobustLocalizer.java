package org.garant.monitor.fuse;

import java.util.SplittableRandom;

/**
 * Robust localisation of one source from detections {@code 0..n-1} of the work arrays (at most one per sensor),
 * as the fusion engine and the localisation benchmark use it:
 * <ol>
 *   <li>the closed-form least-squares start over all detections, refined by Gauss–Newton; if every time
 *       residual is within the gate ({@code gateSigmas}·σ), done;</li>
 *   <li>otherwise RANSAC: samples of four (all of them when there are few detections, else random ones, as many
 *       as a 99.9 % chance of one clean sample needs at the best inlier share found, at most 300; each containing
 *       detection {@code must} when it is ≥ 0), each refined by Gauss–Newton, scored by inliers within the gate;
 *       the best set is refined again. With more than four detections at least five must agree (four leave one
 *       degree of freedom, too few to see an outlier among them).</li>
 * </ol>
 * Detections outside the gate are outliers. The result is in {@code sol} (x, y, τ) and {@code inlier}; the
 * return value is the number of inliers (0 when no solution). Not thread-safe (keeps scratch arrays).
 */
public final class RobustLocalizer {
    private static final int MAX_SAMPLES = 300;
    private final double c;
    private final double gateSigmas;
    private final int samples;
    private final SplittableRandom rnd;
    private final double maxDistM;
    private int[] idx = new int[16];
    private final int[] sample = new int[4];
    private final double[] trial = new double[3];
    private final double[] best = new double[3];
    private final double[] linearWork = new double[24];

    public RobustLocalizer(double c, double gateSigmas, int samples, double maxDistM, long seed) {
        this.c = c;
        this.gateSigmas = gateSigmas;
        this.samples = samples;
        this.maxDistM = maxDistM;
        this.rnd = new SplittableRandom(seed);
    }

    public int solve(double[] xs, double[] ys, double[] ts, double[] sig, double[] br, double[] bs, int n, int must,
                     double[] sol, boolean[] inlier) {
        if (n < 4) {
            return 0;
        }
        if (idx.length < n) {
            idx = new int[n];
        }
        for (int k = 0; k < n; k++) {
            idx[k] = k;
        }
        // 1. all together
        if (start(xs, ys, ts, idx, n, trial) && !Double.isNaN(Localizer.refine(xs, ys, ts, sig, br, bs, idx, n, c, trial, 8))
                && plausible(trial) && countInliers(xs, ys, ts, sig, n, trial, inlier) == n) {
            System.arraycopy(trial, 0, sol, 0, 3);
            return n;
        }
        // 2. RANSAC over samples of four
        int bestCount = 0;
        double bestChi = Double.POSITIVE_INFINITY;
        boolean exhaustive = n <= 7;
        int tries = exhaustive ? Integer.MAX_VALUE : samples;
        int a = 0, b = 1, cc = 2, d = 3;
        for (int it = 0; it < tries; it++) {
            if (exhaustive) {
                if (it > 0 && !nextCombination(n)) {
                    break;
                }
                if (it == 0) {
                    sample[0] = 0;
                    sample[1] = 1;
                    sample[2] = 2;
                    sample[3] = 3;
                }
                if (must >= 0 && sample[0] != must && sample[1] != must && sample[2] != must && sample[3] != must) {
                    continue;
                }
            } else {
                randomSample(n, must);
            }
            if (!start(xs, ys, ts, sample, 4, trial)) {
                continue;
            }
            if (Double.isNaN(Localizer.refine(xs, ys, ts, sig, br, bs, sample, 4, c, trial, 6)) || !plausible(trial)) {
                continue;
            }
            int count = 0;
            double chi = 0;
            for (int k = 0; k < n; k++) {
                double r = residual(xs, ys, ts, sig, k, trial);
                if (Math.abs(r) <= gateSigmas) {
                    count++;
                    chi += r * r;
                }
            }
            if (count > bestCount || (count == bestCount && chi < bestChi)) {
                if (!exhaustive && count > bestCount) {
                    // adaptive RANSAC: enough samples for a 99.9 % chance of one clean sample at this inlier share
                    double w = count / (double) n;
                    double need = Math.log(1 - 0.999) / Math.log(Math.max(1e-12, 1 - w * w * w * w));
                    tries = (int) Math.min(MAX_SAMPLES, Math.max(samples, Math.ceil(need)));
                }
                bestCount = count;
                bestChi = chi;
                System.arraycopy(trial, 0, best, 0, 3);
            }
            if (count == n) {
                break;
            }
        }
        // four inliers leave one degree of freedom: an outlier among them could not be seen, so with more
        // detections to choose from at least five must agree
        if (bestCount < (n > 4 ? 5 : 4)) {
            return 0;
        }
        System.arraycopy(best, 0, sol, 0, 3);
        for (int round = 0; round < 2; round++) {
            int m = 0;
            for (int k = 0; k < n; k++) {
                if (Math.abs(residual(xs, ys, ts, sig, k, sol)) <= gateSigmas) {
                    idx[m++] = k;
                }
            }
            if (m < 4 || Double.isNaN(Localizer.refine(xs, ys, ts, sig, br, bs, idx, m, c, sol, 8))) {
                return 0;
            }
        }
        // an outlier just outside the gate can pull the fit until it sits inside: while the inliers' χ² per degree
        // of freedom says they do not share one source, drop the worst and refit
        int need = n > 4 ? 5 : 4;
        while (true) {
            int m = 0;
            int worst = -1;
            double worstRes = 0;
            double chi = 0;
            for (int k = 0; k < n; k++) {
                double r = residual(xs, ys, ts, sig, k, sol);
                if (Math.abs(r) <= gateSigmas) {
                    idx[m++] = k;
                    chi += r * r;
                    if (Math.abs(r) > worstRes) {
                        worstRes = Math.abs(r);
                        worst = k;
                    }
                }
            }
            if (m < need) {
                return 0;
            }
            if (m == 4 || chi / (m - 3) <= MAX_CHI2_PER_DOF) {
                break;
            }
            int k2 = 0;
            for (int k = 0; k < m; k++) {
                if (idx[k] != worst) {
                    idx[k2++] = idx[k];
                }
            }
            if (k2 < need || Double.isNaN(Localizer.refine(xs, ys, ts, sig, br, bs, idx, k2, c, sol, 8))) {
                return 0;
            }
            // the dropped detection stays out only if it no longer fits
            if (Math.abs(residual(xs, ys, ts, sig, worst, sol)) <= gateSigmas) {
                return 0;
            }
        }
        int count = countInliers(xs, ys, ts, sig, n, sol, inlier);
        return count < need ? 0 : count;
    }

    /** Largest χ² per degree of freedom of an accepted solution (P ≈ 0.25 % for 2 degrees of freedom). */
    static final double MAX_CHI2_PER_DOF = 6;

    private boolean start(double[] xs, double[] ys, double[] ts, int[] set, int m, double[] out) {
        if (Localizer.linearStart(xs, ys, ts, set, m, c, out, linearWork) && plausible(out)) {
            return true;
        }
        // collinear or far-off: start beside the first sensor, away from the others
        int f = set[0];
        double mx = 0;
        double my = 0;
        for (int k = 1; k < m; k++) {
            mx += xs[set[k]] - xs[f];
            my += ys[set[k]] - ys[f];
        }
        double len = Math.max(1, Math.hypot(mx, my));
        out[0] = xs[f] - mx / len * 2_000;
        out[1] = ys[f] - my / len * 2_000;
        out[2] = ts[f] - 2_000 / c;
        return true;
    }

    private boolean plausible(double[] s) {
        return Double.isFinite(s[0]) && Double.isFinite(s[1]) && Math.hypot(s[0], s[1]) <= maxDistM;
    }

    private int countInliers(double[] xs, double[] ys, double[] ts, double[] sig, int n, double[] s, boolean[] inlier) {
        int count = 0;
        for (int k = 0; k < n; k++) {
            inlier[k] = Math.abs(residual(xs, ys, ts, sig, k, s)) <= gateSigmas;
            if (inlier[k]) {
                count++;
            }
        }
        return count;
    }

    private double residual(double[] xs, double[] ys, double[] ts, double[] sig, int k, double[] s) {
        double dx = s[0] - xs[k];
        double dy = s[1] - ys[k];
        return (ts[k] - s[2] - Math.sqrt(dx * dx + dy * dy) / c) / sig[k];
    }

    private void randomSample(int n, int must) {
        int start = 0;
        if (must >= 0) {
            sample[0] = must;
            start = 1;
        }
        for (int q = start; q < 4; q++) {
            boolean fresh;
            do {
                sample[q] = rnd.nextInt(n);
                fresh = true;
                for (int p = 0; p < q; p++) {
                    fresh &= sample[p] != sample[q];
                }
            } while (!fresh);
        }
    }

    /** Next 4-combination of 0..n-1 in lexicographic order, in {@code sample}; false after the last. */
    private boolean nextCombination(int n) {
        int i = 3;
        while (i >= 0 && sample[i] == n - 4 + i) {
            i--;
        }
        if (i < 0) {
            return false;
        }
        sample[i]++;
        for (int j = i + 1; j < 4; j++) {
            sample[j] = sample[j - 1] + 1;
        }
        return true;
    }
}
