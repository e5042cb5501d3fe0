package org.garant.monitor.fuse;

import java.util.SplittableRandom;

/**
 * Robust localisation of one source from detections {@code 0..n-1} of the work arrays (at most one per sensor),
 * for an isolated event (the localisation benchmark; the fusion engine associates and fits its own hypotheses):
 * <ol>
 *   <li>the closed-form least-squares start over all detections, refined by Gauss–Newton; if every time
 *       residual is within the gate ({@code gateSigmas}·σ) and χ² within {@link Localizer#chi2Limit}, that is the
 *       answer;</li>
 *   <li>otherwise RANSAC: samples of four (all of them for up to eight detections, else random ones, as many
 *       as a 99.9 % chance of one clean sample needs at the best inlier count found, at most 300; each containing
 *       detection {@code must} when it is ≥ 0), each refined by Gauss–Newton, scored by inliers within the gate;
 *       the best set is refined again, its worst detection dropped while χ² exceeds {@link Localizer#chi2Limit}.
 *       With more than four detections at least five must agree (four leave one degree of freedom, too few to see an
 *       outlier among them).</li>
 * </ol>
 * Either answer is then checked by {@link #unreliable}: its geometry's dilution, and the places the detections also
 * fit, weighed by their evidence; a source whose answer would be confidently wrong more often than its ellipse admits
 * is left unlocated.
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
    private int[] leaveOutIdx = new int[16];
    /** RANSAC's samples that at least four detections agreed with (rivals of the answer, see {@link #unreliable}). */
    private static final int MAX_CANDIDATES = MAX_SAMPLES + 64;
    private final double[] candidateX = new double[MAX_CANDIDATES];
    private final double[] candidateY = new double[MAX_CANDIDATES];
    private final double[] candidateT = new double[MAX_CANDIDATES];
    private final long[] candidateMask = new long[MAX_CANDIDATES];
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
        // (every residual within the gate is not enough: an outlier the geometry absorbs spreads its error over the
        // others, which their χ² sees)
        double together = start(xs, ys, ts, idx, n, trial)
                ? Localizer.refine(xs, ys, ts, sig, br, bs, idx, n, c, trial, 8) : Double.NaN;
        if (!Double.isNaN(together) && together <= Localizer.chi2Limit(n - 3 + bearingsAmong(br, idx, n))
                && plausible(trial) && countInliers(xs, ys, ts, sig, n, trial, inlier) == n) {
            System.arraycopy(trial, 0, sol, 0, 3);
            candidates = 0;
            return unreliable(xs, ys, ts, sig, br, bs, n, must, sol, inlier, n) ? 0 : n;
        }
        // 2. RANSAC over samples of four
        candidates = 0;
        int bestCount = 0;
        double bestChi = Double.POSITIVE_INFINITY;
        boolean exhaustive = n <= 8;
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
            if (!Localizer.converge(xs, ys, ts, sig, br, bs, sample, 4, c, trial, 6) || !plausible(trial)) {
                continue;
            }
            int count = 0;
            double chi = 0;
            long agree = 0;
            for (int k = 0; k < n; k++) {
                double r = residual(xs, ys, ts, sig, k, trial);
                if (Math.abs(r) <= gateSigmas) {
                    count++;
                    chi += r * r;
                    agree |= k < 64 ? 1L << k : 0;
                }
            }
            if (count >= 4 && candidates < MAX_CANDIDATES && (n > 64 || isNewCandidate(agree))) {
                // a rival is refined on the detections that agree with its sample: samples that as many agree with
                // lead to the same place
                candidateX[candidates] = trial[0];
                candidateY[candidates] = trial[1];
                candidateT[candidates] = trial[2];
                candidateMask[candidates++] = agree;
            }
            if (count > bestCount || (count == bestCount && chi < bestChi)) {
                if (!exhaustive && count > bestCount) {
                    // adaptive RANSAC: enough samples for a 99.9 % chance of one clean sample at this inlier share
                    double need = Math.log(1 - 0.999) / Math.log(Math.max(1e-12, 1 - cleanSampleProbability(count, n)));
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
            if (m < 4 || !Localizer.converge(xs, ys, ts, sig, br, bs, idx, m, c, sol, 8)) {
                return 0;
            }
        }
        // an outlier just outside the gate can pull the fit until it sits inside: while the inliers' χ²
        // says they do not share one source, drop the worst and refit
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
            if (chi <= Localizer.chi2Limit(m - 3 + bearingsAmong(br, idx, m))) {
                break;
            }
            int k2 = 0;
            for (int k = 0; k < m; k++) {
                if (idx[k] != worst) {
                    idx[k2++] = idx[k];
                }
            }
            if (k2 < need || !Localizer.converge(xs, ys, ts, sig, br, bs, idx, k2, c, sol, 8)) {
                return 0;
            }
            // the dropped detection stays out only if it no longer fits
            if (Math.abs(residual(xs, ys, ts, sig, worst, sol)) <= gateSigmas) {
                return 0;
            }
        }
        int count = countInliers(xs, ys, ts, sig, n, sol, inlier);
        if (count < need || unreliable(xs, ys, ts, sig, br, bs, n, must, sol, inlier, count)) {
            return 0;
        }
        return count;
    }

    /** How far a rival place must lie to count, in the answer's own position standard deviations. */
    static final double RIVAL_SIGMAS = 5;

    /**
     * Largest root-mean-square error a located source may be expected to carry, in its own position standard deviations
     * (√trace): the ellipse that is reported may understate the error the rival places imply at most twice. With 5
     * (the rival distance) a wrong place 100σ away still passed at a weight of 1 in 400, and such answers carried the
     * RMSE over random geometries with outliers; see docs/BENCHMARKS.md, "Thirteenth session", for what each limit
     * costs in located sources.
     */
    static final double EXPECTED_ERROR_SIGMAS = 2;

    /** Prior share of a source's detections that are outliers (echoes, wrong picks, another source's sound). */
    static final double OUTLIER_PRIOR = 0.1;

    /** Span (s) over which an outlier's arrival time may fall, uniformly: the density of an outlier is 1 / span. */
    static final double OUTLIER_SPAN_S = 1;

    /**
     * Whether the answer is too loosely held to report: its geometry's {@link Localizer#dilution} exceeds
     * {@link Localizer#MAX_DILUTION}, or its error ellipse would hide a rival place. The places the detections also
     * fit are: RANSAC's samples far from the answer; the answer's inliers with one left out (an outlier whose error the
     * geometry absorbed, so that every residual stayed inside the gate: a place counted wherever it lies, so that an
     * answer resting on one detection no other can check is not reported with an ellipse that hides that doubt); the
     * answer's inliers with one swapped for an
     * outlier; and, for four detections, the second minimum of their fit (one degree of freedom), found from the exact
     * fits of three of them ({@link Localizer#threeDetectionRoots}). Each is refined on the detections that agree with
     * it and weighed by its evidence — the likelihood of every detection under the mixture of a Gaussian inlier and a
     * uniform outlier ({@link #OUTLIER_PRIOR}, {@link #OUTLIER_SPAN_S}), times the volume of the place's own
     * uncertainty (Laplace) — and the expected squared error about the answer under those weights is compared with the answer's own
     * variance. Beyond {@link #EXPECTED_ERROR_SIGMAS}² times that variance the position with its small ellipse would be
     * a confident, wrong answer more often than the ellipse admits, and the source is left unlocated instead.
     */
    private boolean unreliable(double[] xs, double[] ys, double[] ts, double[] sig, double[] br, double[] bs, int n,
                               int must, double[] sol, boolean[] inlier, int m) {
        if (swapIdx.length < n) {
            swapIdx = new int[n];
            rivalIdx = new int[n];
            leaveOutIdx = new int[n];
        }
        int q = 0;
        for (int k = 0; k < n; k++) {
            if (inlier[k]) {
                swapIdx[q++] = k;
            }
        }
        double[] cov = Localizer.positionCovariance(xs, ys, sig, br, bs, swapIdx, m, c, sol[0], sol[1]);
        // a singular information matrix: the geometry does not hold the place at all (an unbounded dilution)
        if (cov == null || Localizer.dilution(cov, sig, swapIdx, m, c) > Localizer.MAX_DILUTION) {
            return true;
        }
        double ownVariance = cov[0] + cov[2];
        double far = RIVAL_SIGMAS * Math.sqrt(ownVariance);
        answerEvidence = logEvidence(xs, ys, ts, sig, br, bs, n, swapIdx, m, sol, cov);
        rivalWeight = 0;
        rivalError = 0;
        seen = 0;
        seenMasks[seen++] = mask(inlier, n);
        for (int i = 0; i < candidates; i++) {
            if (Math.hypot(candidateX[i] - sol[0], candidateY[i] - sol[1]) <= far) {
                continue;
            }
            rival[0] = candidateX[i];
            rival[1] = candidateY[i];
            rival[2] = candidateT[i];
            weigh(xs, ys, ts, sig, br, bs, n, must, sol, far, false);
        }
        if (m == 4) {
            // one degree of freedom: the four may fit a second place as well, near an exact fit of three of them
            places = 0;
            for (int drop = 0; drop < 4; drop++) {
                int i0 = swapIdx[drop == 0 ? 1 : 0];
                int i1 = swapIdx[drop <= 1 ? 2 : 1];
                int i2 = swapIdx[drop <= 2 ? 3 : 2];
                int roots = Localizer.threeDetectionRoots(xs, ys, ts, i0, i1, i2, c, rootWork);
                for (int k = 0; k < roots; k++) {
                    // at an exact fit of three the whole misfit sits on the fourth: fit all four from there first
                    System.arraycopy(rootWork, 3 * k, rival, 0, 3);
                    if (Localizer.converge(xs, ys, ts, sig, br, bs, swapIdx, 4, c, rival, 8)
                            && plausible(rival) && Math.hypot(rival[0] - sol[0], rival[1] - sol[1]) > far) {
                        weigh(xs, ys, ts, sig, br, bs, n, must, sol, far, true);
                    }
                }
            }
        }
        if (m > 4) {
            // one of the answer's own detections may be an outlier whose error the geometry absorbed: the place the
            // others fit without it, weighed wherever it lies (however near, its own spread is the error that doubt
            // brings) unless the detection left out fits there too (then the same detections agree: the answer again)
            for (int drop = 0; drop < m; drop++) {
                if (swapIdx[drop] == must) {
                    continue;
                }
                int r = 0;
                for (int p = 0; p < m; p++) {
                    if (p != drop) {
                        leaveOutIdx[r++] = swapIdx[p];
                    }
                }
                System.arraycopy(sol, 0, rival, 0, 3);
                if (Localizer.converge(xs, ys, ts, sig, br, bs, leaveOutIdx, r, c, rival, 8)
                        && plausible(rival) && Math.abs(residual(xs, ys, ts, sig, swapIdx[drop], rival)) > gateSigmas) {
                    weigh(xs, ys, ts, sig, br, bs, n, must, sol, 0, false);
                }
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
                boolean found = start(xs, ys, ts, swapIdx, m, trial)
                        && Localizer.converge(xs, ys, ts, sig, br, bs, swapIdx, m, c, trial, 8) && plausible(trial)
                        && Math.hypot(trial[0] - sol[0], trial[1] - sol[1]) > far;
                swapIdx[p] = in;
                if (found) {
                    System.arraycopy(trial, 0, rival, 0, 3);
                    weigh(xs, ys, ts, sig, br, bs, n, must, sol, far, false);
                }
            }
        }
        double expected = (ownVariance + rivalError) / (1 + rivalWeight);
        return expected > EXPECTED_ERROR_SIGMAS * EXPECTED_ERROR_SIGMAS * ownVariance;
    }

    private final double[] rootWork = new double[6];
    /** Second solutions of four detections weighed so far (they share the answer's detections, so not its mask). */
    private final double[] placeX = new double[8];
    private final double[] placeY = new double[8];
    private int places;
    private double answerEvidence;
    private double rivalWeight;
    private double rivalError;
    private long[] seenMasks = new long[MAX_CANDIDATES + 256];
    private int seen;

    /**
     * Refines the place in {@code rival} on the detections that agree with it (twice) and, if it is still more than
     * {@code far} from the answer, fits, holds {@code must} and was not weighed before, adds its weight relative to
     * the answer and its weighted expected squared error about the answer. A place agreed by the same detections as one
     * weighed before is the same place, except for a second solution ({@code secondSolution}): the same detections as
     * the answer's, told apart by where it lies.
     */
    private void weigh(double[] xs, double[] ys, double[] ts, double[] sig, double[] br, double[] bs, int n, int must,
                       double[] sol, double far, boolean secondSolution) {
        int r = 0;
        for (int round = 0; round < 2; round++) {
            r = 0;
            for (int k = 0; k < n; k++) {
                if (Math.abs(residual(xs, ys, ts, sig, k, rival)) <= gateSigmas) {
                    rivalIdx[r++] = k;
                }
            }
            if (r < 4 || !Localizer.converge(xs, ys, ts, sig, br, bs, rivalIdx, r, c, rival, 8)) {
                return;
            }
        }
        double d2 = (rival[0] - sol[0]) * (rival[0] - sol[0]) + (rival[1] - sol[1]) * (rival[1] - sol[1]);
        if (!plausible(rival) || d2 <= far * far || !fits(xs, ys, ts, sig, br, rivalIdx, r, rival)) {
            return;
        }
        boolean holdsMust = must < 0;
        for (int k = 0; k < r; k++) {
            holdsMust |= rivalIdx[k] == must;
        }
        if (!holdsMust) {
            return;
        }
        if (secondSolution) {
            for (int i = 0; i < places; i++) {
                if (Math.hypot(rival[0] - placeX[i], rival[1] - placeY[i]) <= far) {
                    return;
                }
            }
            if (places == placeX.length) {
                return;
            }
            placeX[places] = rival[0];
            placeY[places++] = rival[1];
        } else if (n <= 64) {
            long mask = 0;
            for (int k = 0; k < r; k++) {
                mask |= 1L << rivalIdx[k];
            }
            for (int i = 0; i < seen; i++) {
                if (seenMasks[i] == mask) {
                    return;
                }
            }
            if (seen == seenMasks.length) {
                seenMasks = java.util.Arrays.copyOf(seenMasks, 2 * seen);
            }
            seenMasks[seen++] = mask;
        }
        double[] cov = Localizer.positionCovariance(xs, ys, sig, br, bs, rivalIdx, r, c, rival[0], rival[1]);
        if (cov == null) {
            return;
        }
        double w = Math.exp(Math.min(700, logEvidence(xs, ys, ts, sig, br, bs, n, rivalIdx, r, rival, cov) - answerEvidence));
        rivalWeight += w;
        rivalError += w * (d2 + cov[0] + cov[2]);
    }

    /**
     * Log evidence of a place whose inliers are {@code set[0..m)} and whose position covariance is {@code cov}: each
     * inlier's Gaussian density (time, and bearing where present) times 1 − {@link #OUTLIER_PRIOR}, each other
     * detection's outlier density, and the Laplace volume √det of the (x, y, τ) covariance (constants shared by every
     * place left out).
     */
    private double logEvidence(double[] xs, double[] ys, double[] ts, double[] sig, double[] br, double[] bs, int n,
                               int[] set, int m, double[] s, double[] cov) {
        double logInlier = Math.log(1 - OUTLIER_PRIOR) - 0.5 * Math.log(2 * Math.PI);
        double logOutlier = Math.log(OUTLIER_PRIOR / OUTLIER_SPAN_S);
        double l = -0.5 * Localizer.chi2(xs, ys, ts, sig, br, bs, set, m, c, s) + (n - m) * logOutlier;
        double tauInformation = 0;
        for (int k = 0; k < m; k++) {
            int i = set[k];
            l += logInlier - Math.log(sig[i]);
            tauInformation += 1 / (sig[i] * sig[i]);
            if (!Double.isNaN(br[i])) {
                // the bearing's own density for an inlier, against a bearing anywhere for an outlier
                l += -0.5 * Math.log(2 * Math.PI) - Math.log(bs[i]) + Math.log(2 * Math.PI);
            }
        }
        double det = cov[0] * cov[2] - cov[1] * cov[1];
        return l + 0.5 * Math.log(Math.max(det, Double.MIN_NORMAL) / tauInformation);
    }

    private boolean isNewCandidate(long agree) {
        for (int i = 0; i < candidates; i++) {
            if (candidateMask[i] == agree) {
                return false;
            }
        }
        return true;
    }

    private static long mask(boolean[] in, int n) {
        long mask = 0;
        for (int k = 0; k < Math.min(n, 64); k++) {
            if (in[k]) {
                mask |= 1L << k;
            }
        }
        return mask;
    }

    /**
     * How many of the detections {@code set[0..m)} carry a bearing. A bearing adds a degree of freedom, and it pulls
     * the fit: the χ² of the time residuals alone then exceeds m − 3 on average, so their limit counts bearings too
     * (a little lenient, never too strict).
     */
    private static int bearingsAmong(double[] br, int[] set, int m) {
        int b = 0;
        for (int k = 0; k < m; k++) {
            b += Double.isNaN(br[set[k]]) ? 0 : 1;
        }
        return b;
    }

    /** Whether every detection of the set is within the gate and their χ² is within {@link Localizer#chi2Limit}. */
    private boolean fits(double[] xs, double[] ys, double[] ts, double[] sig, double[] br, int[] set, int m, double[] s) {
        double chi = 0;
        for (int k = 0; k < m; k++) {
            double r = residual(xs, ys, ts, sig, set[k], s);
            if (Math.abs(r) > gateSigmas) {
                return false;
            }
            chi += r * r;
        }
        return chi <= Localizer.chi2Limit(m - 3 + bearingsAmong(br, set, m));
    }

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

    /**
     * The chance that four detections drawn without replacement from {@code n} are all among {@code k} inliers:
     * C(k, 4) / C(n, 4). With few detections it is well below (k/n)⁴ (six inliers of nine: 12 % against 20 %), and
     * a sample count from the latter misses the clean sample several times as often as it promises.
     */
    static double cleanSampleProbability(int k, int n) {
        double p = 1;
        for (int i = 0; i < 4; i++) {
            p *= Math.max(0, k - i) / (double) (n - i);
        }
        return p;
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
