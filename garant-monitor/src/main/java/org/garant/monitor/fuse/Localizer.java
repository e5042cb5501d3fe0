package org.garant.monitor.fuse;

/**
 * Time-of-arrival localisation of an acoustic source in the plane, with unknown emission time, optionally using
 * bearings. All inputs relative to a local origin (metres) and a reference time (seconds) for numerical health.
 *
 * <ul>
 *   <li>{@link #linearStart}: the closed-form start. With r² = c²(t_i − τ)², expanding and naming
 *       w = x² + y² − c²τ² makes every detection one linear equation in (x, y, τ, w); four detections give an exact
 *       solution, more a least-squares one.</li>
 *   <li>{@link #converge}, {@link #refine}: Gauss–Newton on (x, y, τ) with weights 1/σ², time residuals and bearing
 *       residuals.</li>
 *   <li>{@link #information}: the Fisher information of the geometry, whose inverse's position block is both the
 *       covariance of the estimate (at the estimate) and the Cramér–Rao bound (at the truth).</li>
 * </ul>
 * Stateless and thread-safe; work arrays are the caller's.
 */
public final class Localizer {
    private Localizer() {
    }

    /**
     * Least-squares solution of the linearised system over detections {@code idx[0..n)}; writes x, y, τ into
     * {@code out}. Returns false when the system is singular (collinear sensors) or n &lt; 4.
     */
    public static boolean linearStart(double[] xs, double[] ys, double[] ts, int[] idx, int n, double c, double[] out) {
        return linearStart(xs, ys, ts, idx, n, c, out, new double[24]);
    }

    /** As {@link #linearStart(double[], double[], double[], int[], int, double, double[])}, with scratch space (≥ 24). */
    public static boolean linearStart(double[] xs, double[] ys, double[] ts, int[] idx, int n, double c, double[] out,
                                      double[] work) {
        if (n < 4) {
            return false;
        }
        if (n == 4) {
            return exactStart(xs, ys, ts, idx, c, out);
        }
        java.util.Arrays.fill(work, 0, 20, 0);
        double c2 = c * c;
        // columns scaled for conditioning: x, y ~ 1e4 m, τ ~ 30 s, w ~ 1e8
        final double s0 = 1e4;
        final double s2 = 30;
        final double s3 = 1e8;
        for (int k = 0; k < n; k++) {
            int i = idx[k];
            double r0 = -2 * xs[i] * s0;
            double r1 = -2 * ys[i] * s0;
            double r2 = 2 * c2 * ts[i] * s2;
            double r3 = s3;
            double b = c2 * ts[i] * ts[i] - xs[i] * xs[i] - ys[i] * ys[i];
            work[0] += r0 * r0;
            work[1] += r0 * r1;
            work[2] += r0 * r2;
            work[3] += r0 * r3;
            work[4] += r0 * b;
            work[6] += r1 * r1;
            work[7] += r1 * r2;
            work[8] += r1 * r3;
            work[9] += r1 * b;
            work[12] += r2 * r2;
            work[13] += r2 * r3;
            work[14] += r2 * b;
            work[18] += r3 * r3;
            work[19] += r3 * b;
        }
        work[5] = work[1];
        work[10] = work[2];
        work[11] = work[7];
        work[15] = work[3];
        work[16] = work[8];
        work[17] = work[13];
        if (!solve(work, 4, work, 20)) {
            return false;
        }
        out[0] = work[20] * s0;
        out[1] = work[21] * s0;
        out[2] = work[22] * s2;
        return Double.isFinite(out[0]) && Double.isFinite(out[1]) && Double.isFinite(out[2]);
    }

    /**
     * Four detections: the linear system is square, so its solution satisfies every equation and the unknown w drops
     * out by subtracting the first from the others. The three equations left,
     * 2(x_i − x_0)x + 2(y_i − y_0)y − 2c²(t_i − t_0)τ = (x_i² + y_i² − c²t_i²) − (x_0² + y_0² − c²t_0²), are solved by
     * Cramer's rule: the same solution as the normal equations give, in a tenth of the work (the fusion engine solves
     * millions of these hypotheses).
     */
    private static boolean exactStart(double[] xs, double[] ys, double[] ts, int[] idx, double c, double[] out) {
        double c2 = c * c;
        int i0 = idx[0];
        double x0 = xs[i0];
        double y0 = ys[i0];
        double t0 = ts[i0];
        double k0 = x0 * x0 + y0 * y0 - c2 * t0 * t0;
        int i1 = idx[1];
        int i2 = idx[2];
        int i3 = idx[3];
        double a1 = 2 * (xs[i1] - x0), b1 = 2 * (ys[i1] - y0), g1 = -2 * c2 * (ts[i1] - t0);
        double a2 = 2 * (xs[i2] - x0), b2 = 2 * (ys[i2] - y0), g2 = -2 * c2 * (ts[i2] - t0);
        double a3 = 2 * (xs[i3] - x0), b3 = 2 * (ys[i3] - y0), g3 = -2 * c2 * (ts[i3] - t0);
        double r1 = xs[i1] * xs[i1] + ys[i1] * ys[i1] - c2 * ts[i1] * ts[i1] - k0;
        double r2 = xs[i2] * xs[i2] + ys[i2] * ys[i2] - c2 * ts[i2] * ts[i2] - k0;
        double r3 = xs[i3] * xs[i3] + ys[i3] * ys[i3] - c2 * ts[i3] * ts[i3] - k0;
        // cofactors of the first two columns' 2×2 minors, shared by the determinant and Cramer's numerators
        double m12 = a1 * b2 - a2 * b1;
        double m13 = a1 * b3 - a3 * b1;
        double m23 = a2 * b3 - a3 * b2;
        double det = g1 * m23 - g2 * m13 + g3 * m12;
        // relative to the size of the entries: below this the sensors (and times) are as good as collinear
        double scale = (Math.abs(a1) + Math.abs(b1)) * (Math.abs(a2) + Math.abs(b2)) * (Math.abs(g1) + Math.abs(g2) + Math.abs(g3));
        if (!(Math.abs(det) > 1e-12 * scale)) {
            return false;
        }
        double tau = (r1 * m23 - r2 * m13 + r3 * m12) / det;
        // x and y from the first two equations with τ known (2×2, by the minor m12), or another pair if that one is singular
        double x;
        double y;
        if (Math.abs(m12) >= Math.abs(m13) && Math.abs(m12) >= Math.abs(m23)) {
            double e1 = r1 - g1 * tau;
            double e2 = r2 - g2 * tau;
            x = (e1 * b2 - e2 * b1) / m12;
            y = (a1 * e2 - a2 * e1) / m12;
        } else if (Math.abs(m13) >= Math.abs(m23)) {
            double e1 = r1 - g1 * tau;
            double e3 = r3 - g3 * tau;
            x = (e1 * b3 - e3 * b1) / m13;
            y = (a1 * e3 - a3 * e1) / m13;
        } else {
            double e2 = r2 - g2 * tau;
            double e3 = r3 - g3 * tau;
            x = (e2 * b3 - e3 * b2) / m23;
            y = (a2 * e3 - a3 * e2) / m23;
        }
        out[0] = x;
        out[1] = y;
        out[2] = tau;
        return Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(tau);
    }

    /**
     * Largest {@link #dilution} of a located source. Beyond it the geometry (a source far outside its sensors, sensors
     * nearly in a line) leaves the place so loosely held that the small-error ellipse no longer describes the errors:
     * the fit is nonlinear over its own ellipse and may have a second minimum inside it. Receivers that locate by
     * time of arrival refuse such fixes the same way (a dilution-of-precision mask).
     */
    public static final double MAX_DILUTION = 30;

    /**
     * Dilution of precision of a fit over detections {@code set[0..m)} with position covariance {@code cov} (cxx, cxy,
     * cyy): its position standard deviation √trace over the range error of one detection, c times their root-mean-square
     * timing σ. How much the geometry magnifies the timing noise; 1–3 for sensors around the source.
     */
    public static double dilution(double[] cov, double[] sig, int[] set, int m, double c) {
        double s2 = 0;
        for (int k = 0; k < m; k++) {
            s2 += sig[set[k]] * sig[set[k]];
        }
        return Math.sqrt((cov[0] + cov[2]) / (s2 / m)) / c;
    }

    /**
     * Largest χ² of an accepted solution with {@code dof} degrees of freedom: the upper 0.1 % point of the χ²
     * distribution (Wilson–Hilferty: 14.1 for 2, 20.7 for 5, 28.1 for 9), so that consistent detections are refused
     * equally rarely at every count, while an outlier that the geometry absorbs, spreading its error over many
     * residuals each within the gate, is still seen. Infinite for one degree of freedom or fewer (four detections:
     * an outlier among them cannot be seen).
     */
    public static double chi2Limit(int dof) {
        if (dof <= 1) {
            return Double.POSITIVE_INFINITY;
        }
        return dof < CHI2_LIMITS.length ? CHI2_LIMITS[dof] : wilsonHilferty(dof);
    }

    private static final double[] CHI2_LIMITS = new double[65];

    static {
        for (int k = 2; k < CHI2_LIMITS.length; k++) {
            CHI2_LIMITS[k] = wilsonHilferty(k);
        }
    }

    /** The upper 0.1 % point (z = 3.090) of χ² with k degrees of freedom, by the Wilson–Hilferty cube. */
    private static double wilsonHilferty(int k) {
        double a = 2.0 / (9 * k);
        double cube = 1 - a + 3.090 * Math.sqrt(a);
        return k * cube * cube * cube;
    }

    /**
     * Every place that three detections {@code i0, i1, i2} fit exactly: with the first sensor as origin and its arrival
     * as time zero, subtracting its equation |p|² = c²τ² from the others' leaves two linear equations, so
     * p = u + vτ; put back into the first, a quadratic in τ whose roots with τ ≤ 0 (emitted before it was heard)
     * are the places. Up to two, written as (x, y, τ) pairs into {@code out[0..6)}; returns how many (0 when the three
     * sensors are collinear). Four detections leave one degree of freedom, and a least-squares fit of four may have
     * two minima: one near each root of some three of them, which is how a second solution is found.
     */
    public static int threeDetectionRoots(double[] xs, double[] ys, double[] ts, int i0, int i1, int i2, double c,
                                          double[] out) {
        return threeDetectionFits(xs, ys, ts, i0, i1, i2, c, out, true);
    }

    /**
     * As {@link #threeDetectionRoots}, but every real root, whatever its τ: with noise the place of a source beside the
     * first sensor can come out emitted just after it was heard there, and a test that asks where the source could be
     * must not lose it.
     */
    static int threeDetectionPlaces(double[] xs, double[] ys, double[] ts, int i0, int i1, int i2, double c,
                                    double[] out) {
        return threeDetectionFits(xs, ys, ts, i0, i1, i2, c, out, false);
    }

    private static int threeDetectionFits(double[] xs, double[] ys, double[] ts, int i0, int i1, int i2, double c,
                                          double[] out, boolean emittedFirst) {
        double x1 = xs[i1] - xs[i0], y1 = ys[i1] - ys[i0], t1 = ts[i1] - ts[i0];
        double x2 = xs[i2] - xs[i0], y2 = ys[i2] - ys[i0], t2 = ts[i2] - ts[i0];
        double c2 = c * c;
        // s_i·p = (|s_i|² − c²t_i²)/2 + c²t_i τ for i = 1, 2
        double h = x1 * y2 - x2 * y1;
        if (!(Math.abs(h) > 1e-9 * Math.sqrt((x1 * x1 + y1 * y1) * (x2 * x2 + y2 * y2)))) {
            return 0;
        }
        double b1 = (x1 * x1 + y1 * y1 - c2 * t1 * t1) / 2;
        double b2 = (x2 * x2 + y2 * y2 - c2 * t2 * t2) / 2;
        double e1 = c2 * t1;
        double e2 = c2 * t2;
        // p = u + vτ with the 2×2 inverse of [[x1, y1], [x2, y2]]
        double ux = (b1 * y2 - b2 * y1) / h;
        double uy = (x1 * b2 - x2 * b1) / h;
        double vx = (e1 * y2 - e2 * y1) / h;
        double vy = (x1 * e2 - x2 * e1) / h;
        // |u + vτ|² = c²τ²
        double qa = vx * vx + vy * vy - c2;
        double qb = 2 * (ux * vx + uy * vy);
        double qc = ux * ux + uy * uy;
        double root0 = Double.NaN;
        double root1 = Double.NaN;
        if (Math.abs(qa) < 1e-12 * c2) {
            root0 = -qc / qb;
        } else {
            double disc = qb * qb - 4 * qa * qc;
            if (disc < 0 && disc > -1e-12 * qb * qb) {
                disc = 0;   // a double root that rounding pushed below zero
            }
            if (disc < 0) {
                return 0;
            }
            // the numerically stable pair of roots
            double q = -0.5 * (qb + Math.copySign(Math.sqrt(disc), qb));
            root0 = q / qa;
            root1 = qc / q;
        }
        int n = 0;
        for (int k = 0; k < 2; k++) {
            double tau = k == 0 ? root0 : root1;
            // emitted no later than the first arrival; the other two follow from p = u + vτ and the subtraction
            if (!Double.isFinite(tau) || emittedFirst && (!(tau <= 0) || tau < -1_000 || tau > Math.min(t1, t2))) {
                continue;
            }
            out[3 * n] = xs[i0] + ux + vx * tau;
            out[3 * n + 1] = ys[i0] + uy + vy * tau;
            out[3 * n + 2] = ts[i0] + tau;
            n++;
        }
        return n;
    }

    /**
     * Gauss–Newton refinement of (x, y, τ) in {@code sol} over detections {@code idx[0..n)}, as {@link #converge}; returns
     * the weighted sum of squared residuals (χ²) at the solution, or NaN when the normal equations are singular.
     */
    public static double refine(double[] xs, double[] ys, double[] ts, double[] sig, double[] br, double[] bs,
                                int[] idx, int n, double c, double[] sol, int iterations) {
        return converge(xs, ys, ts, sig, br, bs, idx, n, c, sol, iterations)
                ? chi2(xs, ys, ts, sig, br, bs, idx, n, c, sol) : Double.NaN;
    }

    /**
     * Gauss–Newton iterations on (x, y, τ) in {@code sol} over detections {@code idx[0..n)}, at most {@code iterations},
     * until a step moves the place less than a millimetre. Bearings {@code br} (radians, azimuth from north; NaN when
     * absent) with σ {@code bs} (radians). False when the normal equations are singular (for callers that need the place
     * and not its χ², which {@link #refine} adds).
     */
    public static boolean converge(double[] xs, double[] ys, double[] ts, double[] sig, double[] br, double[] bs,
                                   int[] idx, int n, double c, double[] sol, int iterations) {
        return iterate(xs, ys, ts, sig, br, bs, idx, n, c, sol, iterations) != SINGULAR;
    }

    /** {@link #iterate}'s answer when the normal equations are singular. */
    public static final int SINGULAR = -1;
    /** {@link #iterate}'s answer when the iterations ran out before a step moved the place less than a millimetre. */
    public static final int UNSETTLED = 0;
    /** {@link #iterate}'s answer when a step moved the place less than a millimetre. */
    public static final int SETTLED = 1;

    /** As {@link #converge}, telling whether the place settled: {@link #SETTLED}, {@link #UNSETTLED} or {@link #SINGULAR}. */
    public static int iterate(double[] xs, double[] ys, double[] ts, double[] sig, double[] br, double[] bs,
                              int[] idx, int n, double c, double[] sol, int iterations) {
        double[] a = new double[15];
        for (int it = 0; it < iterations; it++) {
            java.util.Arrays.fill(a, 0, 12, 0);
            double x = sol[0];
            double y = sol[1];
            double tau = sol[2];
            for (int k = 0; k < n; k++) {
                int i = idx[k];
                double dx = x - xs[i];
                double dy = y - ys[i];
                double r = Math.max(Math.sqrt(dx * dx + dy * dy), 1e-3);
                double w = 1 / (sig[i] * sig[i]);
                double res = ts[i] - (tau + r / c);
                accumulate(a, dx / (c * r), dy / (c * r), 1, res, w);
                if (!Double.isNaN(br[i])) {
                    double rb = bearingResidual(br[i], dx, dy);
                    double r2 = r * r;
                    accumulate(a, dy / r2, -dx / r2, 0, rb, 1 / (bs[i] * bs[i]));
                }
            }
            if (!solve(a, 3, a, 12)) {
                return SINGULAR;
            }
            sol[0] += a[12];
            sol[1] += a[13];
            sol[2] += a[14];
            if (Math.abs(a[12]) + Math.abs(a[13]) < 1e-3) {
                return SETTLED;
            }
        }
        return UNSETTLED;
    }

    /** Weighted sum of squared residuals at {@code sol}. */
    public static double chi2(double[] xs, double[] ys, double[] ts, double[] sig, double[] br, double[] bs,
                              int[] idx, int n, double c, double[] sol) {
        double s = 0;
        for (int k = 0; k < n; k++) {
            int i = idx[k];
            double dx = sol[0] - xs[i];
            double dy = sol[1] - ys[i];
            double res = (ts[i] - (sol[2] + Math.sqrt(dx * dx + dy * dy) / c)) / sig[i];
            s += res * res;
            if (!Double.isNaN(br[i])) {
                double rb = bearingResidual(br[i], dx, dy) / bs[i];
                s += rb * rb;
            }
        }
        return s;
    }

    /**
     * The 2×2 position block {@code [cxx, cxy, cyy]} of the inverse Fisher information for a source at (x, y)
     * heard by detections {@code idx[0..n)} (time σ {@code sig}, bearing σ {@code bs} where a bearing is present),
     * the emission time being a nuisance parameter. Null when singular.
     */
    public static double[] positionCovariance(double[] xs, double[] ys, double[] sig, double[] br, double[] bs,
                                              int[] idx, int n, double c, double x, double y) {
        double[] a = new double[12];
        for (int k = 0; k < n; k++) {
            int i = idx[k];
            double dx = x - xs[i];
            double dy = y - ys[i];
            double r = Math.max(Math.sqrt(dx * dx + dy * dy), 1e-3);
            accumulate(a, dx / (c * r), dy / (c * r), 1, 0, 1 / (sig[i] * sig[i]));
            if (!Double.isNaN(br[i])) {
                double r2 = r * r;
                accumulate(a, dy / r2, -dx / r2, 0, 0, 1 / (bs[i] * bs[i]));
            }
        }
        // invert the 3×3 information matrix (rows of 4: a[0..2], a[4..6], a[8..10]); keep the position block
        double m00 = a[0], m01 = a[1], m02 = a[2], m10 = a[4], m11 = a[5], m12 = a[6], m20 = a[8], m21 = a[9], m22 = a[10];
        double det = m00 * (m11 * m22 - m12 * m21) - m01 * (m10 * m22 - m12 * m20) + m02 * (m10 * m21 - m11 * m20);
        if (!(Math.abs(det) > 0) || !Double.isFinite(det)) {
            return null;
        }
        double cxx = (m11 * m22 - m12 * m21) / det;
        double cxy = -(m01 * m22 - m02 * m21) / det;
        double cyy = (m00 * m22 - m02 * m20) / det;
        if (!(cxx > 0) || !(cyy > 0)) {
            return null;
        }
        return new double[] {cxx, cxy, cyy};
    }

    /** Adds w·g·gᵀ and w·g·res to the 3×4 augmented normal matrix held row-major in {@code a[0..12)}. */
    private static void accumulate(double[] a, double g0, double g1, double g2, double res, double w) {
        double w0 = w * g0;
        double w1 = w * g1;
        double w2 = w * g2;
        a[0] += w0 * g0;
        a[1] += w0 * g1;
        a[2] += w0 * g2;
        a[3] += w0 * res;
        a[4] += w1 * g0;
        a[5] += w1 * g1;
        a[6] += w1 * g2;
        a[7] += w1 * res;
        a[8] += w2 * g0;
        a[9] += w2 * g1;
        a[10] += w2 * g2;
        a[11] += w2 * res;
    }

    /**
     * A bearing's residual: {@code br} less the azimuth of (dx, dy) seen from the sensor, wrapped to (−π, π]. As the angle
     * whose sine and cosine are the cross and dot products of the bearing's unit vector with (dx, dy), so that the usual
     * small residual takes a short series instead of an arc tangent (on Java 17 {@code Math.atan2} is a native call,
     * several times the cost of the sine and cosine here).
     */
    static double bearingResidual(double br, double dx, double dy) {
        double east = Math.sin(br);
        double north = Math.cos(br);
        double sin = east * dy - north * dx;   // r·sin(br − azimuth)
        double cos = north * dy + east * dx;   // r·cos(br − azimuth)
        if (sin == 0 && cos == 0) {
            return Math.IEEEremainder(br, 2 * Math.PI);   // a place on the sensor: the azimuth of (0, 0) taken as 0
        }
        if (cos > 0 && Math.abs(sin) <= 0.125 * cos) {
            return smallAtan(sin / cos);
        }
        return Math.atan2(sin, cos);
    }

    /** atan z for |z| ≤ 1/8 by its Taylor series to z¹⁹: the first term left out is below 10⁻²⁰. */
    static double smallAtan(double z) {
        double z2 = z * z;
        double p = 1.0 / 19;
        p = 1.0 / 17 - z2 * p;
        p = 1.0 / 15 - z2 * p;
        p = 1.0 / 13 - z2 * p;
        p = 1.0 / 11 - z2 * p;
        p = 1.0 / 9 - z2 * p;
        p = 1.0 / 7 - z2 * p;
        p = 1.0 / 5 - z2 * p;
        p = 1.0 / 3 - z2 * p;
        return z * (1 - z2 * p);
    }

    /**
     * Solves the n×n system held row-major as an n×(n+1) augmented matrix in {@code a[0..n(n+1))} by Gaussian
     * elimination with partial pivoting (destroying it); the solution goes to {@code out[at..at+n)}. False when
     * singular or not finite.
     */
    static boolean solve(double[] a, int n, double[] out, int at) {
        int w = n + 1;
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r * w + col]) > Math.abs(a[piv * w + col])) {
                    piv = r;
                }
            }
            if (Math.abs(a[piv * w + col]) < 1e-300) {
                return false;
            }
            if (piv != col) {
                for (int q = 0; q < w; q++) {
                    double t = a[col * w + q];
                    a[col * w + q] = a[piv * w + q];
                    a[piv * w + q] = t;
                }
            }
            double d = a[col * w + col];
            for (int r = col + 1; r < n; r++) {
                double f = a[r * w + col] / d;
                for (int q = col; q < w; q++) {
                    a[r * w + q] -= f * a[col * w + q];
                }
            }
        }
        for (int r = n - 1; r >= 0; r--) {
            double s = a[r * w + n];
            for (int q = r + 1; q < n; q++) {
                s -= a[r * w + q] * out[at + q];
            }
            out[at + r] = s / a[r * w + r];
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(out[at + i])) {
                return false;
            }
        }
        return true;
    }
}
