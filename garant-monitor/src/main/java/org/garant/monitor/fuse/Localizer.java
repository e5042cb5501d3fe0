package org.garant.monitor.fuse;

/**
 * Time-of-arrival localisation of an acoustic source in the plane, with unknown emission time, optionally using
 * bearings. All inputs relative to a local origin (metres) and a reference time (seconds) for numerical health.
 *
 * <ul>
 *   <li>{@link #linearStart}: the closed-form start. With r² = c²(t_i − τ)², expanding and naming
 *       w = x² + y² − c²τ² makes every detection one linear equation in (x, y, τ, w); four detections give an exact
 *       solution, more a least-squares one.</li>
 *   <li>{@link #refine}: Gauss–Newton on (x, y, τ) with weights 1/σ², time residuals and bearing residuals.</li>
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
        if (n < 4) {
            return false;
        }
        double[][] a = new double[4][5];
        double c2 = c * c;
        for (int k = 0; k < n; k++) {
            int i = idx[k];
            double[] row = {-2 * xs[i], -2 * ys[i], 2 * c2 * ts[i], 1, c2 * ts[i] * ts[i] - xs[i] * xs[i] - ys[i] * ys[i]};
            for (int r = 0; r < 4; r++) {
                for (int q = 0; q < 5; q++) {
                    a[r][q] += row[r] * row[q];
                }
            }
        }
        // scale columns for conditioning: x, y ~ 1e4 m, τ ~ 1e1 s, w ~ 1e8
        double[] scale = {1e4, 1e4, 30, 1e8};
        for (int r = 0; r < 4; r++) {
            for (int q = 0; q < 4; q++) {
                a[r][q] *= scale[r] * scale[q];
            }
            a[r][4] *= scale[r];
        }
        double[] sol = new double[4];
        if (!solve(a, 4, sol)) {
            return false;
        }
        out[0] = sol[0] * scale[0];
        out[1] = sol[1] * scale[1];
        out[2] = sol[2] * scale[2];
        return Double.isFinite(out[0]) && Double.isFinite(out[1]) && Double.isFinite(out[2]);
    }

    /**
     * Gauss–Newton refinement of (x, y, τ) in {@code sol} over detections {@code idx[0..n)}. Bearings {@code br}
     * (radians, azimuth from north; NaN when absent) with σ {@code bs} (radians). Returns the weighted sum of squared
     * residuals (χ²) at the solution, or NaN when the normal equations are singular.
     */
    public static double refine(double[] xs, double[] ys, double[] ts, double[] sig, double[] br, double[] bs,
                                int[] idx, int n, double c, double[] sol, int iterations) {
        double[][] a = new double[3][4];
        double[] step = new double[3];
        for (int it = 0; it < iterations; it++) {
            for (double[] row : a) {
                java.util.Arrays.fill(row, 0);
            }
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
                double gx = dx / (c * r);
                double gy = dy / (c * r);
                accumulate(a, gx, gy, 1, res, w);
                if (!Double.isNaN(br[i])) {
                    double pred = Math.atan2(dx, dy);
                    double rb = wrap(br[i] - pred);
                    double r2 = r * r;
                    accumulate(a, dy / r2, -dx / r2, 0, rb, 1 / (bs[i] * bs[i]));
                }
            }
            if (!solve(a, 3, step)) {
                return Double.NaN;
            }
            sol[0] += step[0];
            sol[1] += step[1];
            sol[2] += step[2];
            if (Math.abs(step[0]) + Math.abs(step[1]) < 1e-3) {
                break;
            }
        }
        return chi2(xs, ys, ts, sig, br, bs, idx, n, c, sol);
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
                double rb = wrap(br[i] - Math.atan2(dx, dy)) / bs[i];
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
        double[][] a = new double[3][4];
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
        // invert the 3×3 information matrix; keep the position block
        double[][] m = {a[0].clone(), a[1].clone(), a[2].clone()};
        double det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
        if (!(Math.abs(det) > 0) || !Double.isFinite(det)) {
            return null;
        }
        double cxx = (m[1][1] * m[2][2] - m[1][2] * m[2][1]) / det;
        double cxy = -(m[0][1] * m[2][2] - m[0][2] * m[2][1]) / det;
        double cyy = (m[0][0] * m[2][2] - m[0][2] * m[2][0]) / det;
        if (!(cxx > 0) || !(cyy > 0)) {
            return null;
        }
        return new double[] {cxx, cxy, cyy};
    }

    private static void accumulate(double[][] a, double g0, double g1, double g2, double res, double w) {
        double[] g = {g0, g1, g2};
        for (int r = 0; r < 3; r++) {
            for (int q = 0; q < 3; q++) {
                a[r][q] += w * g[r] * g[q];
            }
            a[r][3] += w * g[r] * res;
        }
    }

    static double wrap(double a) {
        while (a > Math.PI) {
            a -= 2 * Math.PI;
        }
        while (a < -Math.PI) {
            a += 2 * Math.PI;
        }
        return a;
    }

    /** Solves the n×n system in the augmented matrix {@code a} (partial pivoting); false when singular. */
    static boolean solve(double[][] a, int n, double[] out) {
        for (int col = 0; col < n; col++) {
            int piv = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[piv][col])) {
                    piv = r;
                }
            }
            if (Math.abs(a[piv][col]) < 1e-300) {
                return false;
            }
            double[] tmp = a[col];
            a[col] = a[piv];
            a[piv] = tmp;
            for (int r = col + 1; r < n; r++) {
                double f = a[r][col] / a[col][col];
                for (int q = col; q <= n; q++) {
                    a[r][q] -= f * a[col][q];
                }
            }
        }
        for (int r = n - 1; r >= 0; r--) {
            double s = a[r][n];
            for (int q = r + 1; q < n; q++) {
                s -= a[r][q] * out[q];
            }
            out[r] = s / a[r][r];
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(out[i])) {
                return false;
            }
        }
        // a near-singular system gives huge values; the caller checks plausibility
        return true;
    }
}
