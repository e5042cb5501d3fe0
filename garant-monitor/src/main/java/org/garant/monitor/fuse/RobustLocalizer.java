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
    private final long seed;
    private SplittableRandom rnd;
    private final double maxDistM;
    private int[] idx = new int[16];
    private final int[] sample = new int[4];
    private final double[] trial = new double[3];
    private final double[] best = new double[3];
    private final double[] linearWork = new double[24];
    private int[] swapIdx = new int[16];
    private int[] rivalIdx = new int[16];
    /** RANSAC's samples that at least five detections agreed with (rivals of the answer, see {@link #ambiguous}). */
    private static final int MAX_CANDIDATES = MAX_SAMPLES + 64;
    private final double[] candidateX = new double[MAX_CANDIDATES];
    private final double[] candidateY = new double[MAX_CANDIDATES];
    private final double[] candidateT = new double[MAX_CANDIDATES];
    private final int[] candidateCount = new int[MAX_CANDIDATES];
    private int candidates;
    private final double[] rival = new double[3];

    public RobustLocalizer(double c, double gateSigmas, int samples, double maxDistM, long seed) {
        this.c = c;
        this.gateSigmas = gateSigmas;
        this.samples = samples;
        this.maxDistM = maxDistM;
        this.seed = seed;
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
        candidates = 0;
        int bestCount = 0;
        double bestChi = Double.POSITIVE_INFINITY;
        boolean exhaustive = n <= 7;
        int tries = exhaustive ? Integer.MAX_VALUE : samples;
        if (!exhaustive) {
            // samples drawn from the detections themselves: the same detections give the same answer whatever was
            // solved before (sectors, Flink's subtasks and the in-process engine see the sources in different orders)
            long h = seed ^ n;
            for (int k = 0; k < n; k++) {
                h = h * 0x9E3779B97F4A7C15L + Double.doubleToLongBits(ts[k]);
            }
            rnd = new SplittableRandom(h);
        }
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
            if (count >= 5 && candidates < MAX_CANDIDATES) {
                candidateX[candidates] = trial[0];
                candidateY[candidates] = trial[1];
                candidateT[candidates] = trial[2];
                candidateCount[candidates++] = count;
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
        if (count < need || ambiguous(xs, ys, ts, sig, br, bs, n, must, sol, inlier, count)) {
            return 0;
        }
        return count;
    }

    /** How far (in the solution's own position standard deviations) a rival solution must lie to make it ambiguous. */
    static final double RIVAL_SIGMAS = 5;

    /**
     * Whether the detections fit another place as well, more than {@link #RIVAL_SIGMAS} standard deviations away,
     * with every residual within the gate and an acceptable χ² per degree of freedom: a place that RANSAC found as
     * many detections to agree with, or one of the inliers swapped for one of the outliers. Then which detection is the outlier is not decided by the data
     * (thin redundancy, or an outlier whose error the geometry can absorb), and a position with a small error ellipse
     * would be a confident, wrong answer; the source is left unlocated instead.
     */
    private boolean ambiguous(double[] xs, double[] ys, double[] ts, double[] sig, double[] br, double[] bs, int n, int must,
                              double[] sol, boolean[] inlier, int m) {
        if (m == n) {
            return false;
        }
        if (swapIdx.length < n) {
            swapIdx = new int[n];
            rivalIdx = new int[n];
        }
        int q = 0;
        for (int k = 0; k < n; k++) {
            if (inlier[k]) {
                swapIdx[q++] = k;
            }
        }
        double[] cov = Localizer.positionCovariance(xs, ys, sig, br, bs, swapIdx, m, c, sol[0], sol[1]);
        if (cov == null) {
            return false;
        }
        double sd = Math.sqrt(cov[0] + cov[2]);
        // a sample of RANSAC that as many detections agreed with, far away, that still fits when refined on them
        for (int i = 0; i < candidates; i++) {
            // a sample of four places its source less precisely than all its detections: two short of the answer's
            // count may still be a rival once refined on the detections that agree with it
            if (candidateCount[i] < m - 2 || Math.hypot(candidateX[i] - sol[0], candidateY[i] - sol[1]) <= RIVAL_SIGMAS * sd) {
                continue;
            }
            rival[0] = candidateX[i];
            rival[1] = candidateY[i];
            rival[2] = candidateT[i];
            int r = 0;
            for (int round = 0; round < 2; round++) {
                r = 0;
                for (int k = 0; k < n; k++) {
                    if (Math.abs(residual(xs, ys, ts, sig, k, rival)) <= gateSigmas) {
                        rivalIdx[r++] = k;
                    }
                }
                if (r < 4 || Double.isNaN(Localizer.refine(xs, ys, ts, sig, br, bs, rivalIdx, r, c, rival, 8))) {
                    r = 0;
                    break;
                }
            }
            if (r >= m && plausible(rival) && Math.hypot(rival[0] - sol[0], rival[1] - sol[1]) > RIVAL_SIGMAS * sd
                    && fits(xs, ys, ts, sig, rivalIdx, r, rival)) {
                return true;
            }
        }
        for (int out = 0; out < n; out++) {
            if (inlier[out]) {
                continue;
            }
            for (int p = 0; p < m; p++) {
                int in = swapIdx[p];
                if (in == must) {
                    continue;
                }
                swapIdx[p] = out;
                boolean rival = start(xs, ys, ts, swapIdx, m, trial)
                        && !Double.isNaN(Localizer.refine(xs, ys, ts, sig, br, bs, swapIdx, m, c, trial, 8)) && plausible(trial)
                        && Math.hypot(trial[0] - sol[0], trial[1] - sol[1]) > RIVAL_SIGMAS * sd && fits(xs, ys, ts, sig, swapIdx, m, trial);
                swapIdx[p] = in;
                if (rival) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether every detection of the set is within the gate and their χ² per degree of freedom is acceptable. */
    private boolean fits(double[] xs, double[] ys, double[] ts, double[] sig, int[] set, int m, double[] s) {
        double chi = 0;
        for (int k = 0; k < m; k++) {
            double r = residual(xs, ys, ts, sig, set[k], s);
            if (Math.abs(r) > gateSigmas) {
                return false;
            }
            chi += r * r;
        }
        return m == 4 || chi / (m - 3) <= MAX_CHI2_PER_DOF;
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
