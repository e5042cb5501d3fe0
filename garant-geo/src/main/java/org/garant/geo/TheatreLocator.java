package org.garant.geo;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.util.LinearComponentExtracter;
import org.locationtech.jts.index.strtree.ItemBoundable;
import org.locationtech.jts.index.strtree.STRtree;
import org.locationtech.jts.simplify.DouglasPeuckerSimplifier;

/**
 * Answers "which side, how far from the contact line" for many points fast, in the theatre's projection.
 *
 * <p>How: over Ukraine (plus a margin) lies a grid of square cells ({@value #CELL_M} m), prepared once when the
 * theatre is built (in parallel). For each cell it keeps
 * <ul>
 *   <li>its side, when no boundary (Ukraine's, the occupied area's, the grey zone's) crosses it — otherwise the
 *       cell is "mixed" and a query there makes one indexed point-in-polygon test;</li>
 *   <li>the few contact-line segments that can be nearest to some point of the cell: with {@code s} the segment
 *       nearest to the cell's centre and {@code U} the largest distance from a corner of the cell to {@code s}
 *       (an upper bound on any point's distance to the line, as distance to a segment is convex), a segment
 *       farther than {@code U} from the cell can never be nearest to a point in it.</li>
 * </ul>
 * The candidates of all cells are packed into one array of segment offsets (the segments themselves, a few
 * hundred kB, stay in cache), so a query costs one projection, an array lookup and a few dozen point–segment
 * distances. Results equal the brute-force answer exactly (the tests compare them).
 *
 * <p>Thread-safe: immutable after construction.
 */
final class TheatreLocator {
    static final double CELL_M = 5000;
    private static final double MARGIN_M = 60_000;
    private static final byte MIXED = -1;
    private static final Side[] SIDES = Side.values();

    private final double[] seg;            // x1,y1,x2,y2 per contact-line segment
    /**
     * Simplification tolerances of the line's levels, metres. A cell whose points are all at least d from the line
     * uses the coarsest level whose tolerance is at most {@link #RELATIVE_TOLERANCE}·d, so a distance is exact within
     * 20 km of the line and within 0.05 % beyond (the projection's own error is up to 0.15 %); a far cell then
     * needs a few long segments instead of dozens of short ones.
     */
    static final double[] TOLERANCE_M = {0, 10, 25, 50, 100, 250, 500};
    static final double RELATIVE_TOLERANCE = 0.0005;
    private final STRtree[] lineTrees = new STRtree[TOLERANCE_M.length];
    private final int[] levelStart;        // segments of level k: [levelStart[k], levelStart[k + 1])
    private final STRtree boundaryTree = new STRtree();
    private final IndexedPointInAreaLocator ukraineLoc;
    private final IndexedPointInAreaLocator occupiedLoc;
    private final IndexedPointInAreaLocator greyLoc;
    private final double minX;
    private final double minY;
    private final int nx;
    private final int ny;
    private final byte[] cellSide;
    private final double[][] mixedSegs;    // per mixed cell: reference point x, y, then x1,y1,x2,y2,polygon per boundary segment
    private final byte[] mixedState;       // per mixed cell: the reference point in Ukraine (1), occupied (2), grey (4)
    private final int[] cellStart;         // candidates of cell i: cand[cellStart[i] .. cellStart[i + 1])
    // per candidate, interleaved so that one cache line holds the first eight: its offset into fast (5 × segment
    // index) and the bits of a float no greater than its distance from the cell centre; nearest to the centre first
    private final int[] cand;
    private final double[] fast;           // ax, ay, dx, dy, 1/len² per segment: the query's distance kernel

    TheatreLocator(Geometry ukraineP, Geometry occupiedP, Geometry greyP, Geometry lineP) {
        // level 0 is the line itself; level k its Douglas-Peucker simplification to within TOLERANCE_M[k]
        List<double[]> levelSegs = new ArrayList<>();
        for (double tol : TOLERANCE_M) {
            levelSegs.add(segments(tol == 0 ? lineP : DouglasPeuckerSimplifier.simplify(lineP, tol)));
        }
        levelStart = new int[TOLERANCE_M.length + 1];
        int totalSegs = 0;
        for (int k = 0; k < levelSegs.size(); k++) {
            levelStart[k] = totalSegs;
            totalSegs += levelSegs.get(k).length / 4;
        }
        levelStart[TOLERANCE_M.length] = totalSegs;
        seg = new double[totalSegs * 4];
        for (int k = 0; k < levelSegs.size(); k++) {
            System.arraycopy(levelSegs.get(k), 0, seg, levelStart[k] * 4, levelSegs.get(k).length);
        }
        fast = new double[seg.length / 4 * 5];
        for (int k = 0; k < seg.length / 4; k++) {
            double dx = seg[4 * k + 2] - seg[4 * k];
            double dy = seg[4 * k + 3] - seg[4 * k + 1];
            double len2 = dx * dx + dy * dy;
            fast[5 * k] = seg[4 * k];
            fast[5 * k + 1] = seg[4 * k + 1];
            fast[5 * k + 2] = dx;
            fast[5 * k + 3] = dy;
            fast[5 * k + 4] = len2 == 0 ? 0 : 1 / len2;
        }
        for (int level = 0; level < TOLERANCE_M.length; level++) {
            lineTrees[level] = new STRtree();
            for (int k = levelStart[level]; k < levelStart[level + 1]; k++) {
                lineTrees[level].insert(new Envelope(seg[4 * k], seg[4 * k + 2], seg[4 * k + 1], seg[4 * k + 3]), k);
            }
            lineTrees[level].build();
        }
        List<Geometry> areas = List.of(ukraineP, occupiedP, greyP);
        for (int tag = 0; tag < areas.size(); tag++) {
            double[] b = segments(areas.get(tag));
            for (int k = 0; k < b.length; k += 4) {
                boundaryTree.insert(new Envelope(b[k], b[k + 2], b[k + 1], b[k + 3]),
                        new double[] {b[k], b[k + 1], b[k + 2], b[k + 3], tag});
            }
        }
        boundaryTree.build();
        ukraineLoc = new IndexedPointInAreaLocator(ukraineP);
        occupiedLoc = new IndexedPointInAreaLocator(occupiedP);
        greyLoc = new IndexedPointInAreaLocator(greyP);
        Coordinate probe = new Coordinate(0, 0);
        ukraineLoc.locate(probe);
        occupiedLoc.locate(probe);
        greyLoc.locate(probe);
        Envelope env = ukraineP.getEnvelopeInternal();
        minX = env.getMinX() - MARGIN_M;
        minY = env.getMinY() - MARGIN_M;
        nx = (int) Math.ceil((env.getWidth() + 2 * MARGIN_M) / CELL_M);
        ny = (int) Math.ceil((env.getHeight() + 2 * MARGIN_M) / CELL_M);
        cellSide = new byte[nx * ny];
        mixedSegs = new double[nx * ny][];
        mixedState = new byte[nx * ny];
        int[][] rows = new int[ny][];
        int[][] rowCounts = new int[ny][];
        IntStream.range(0, ny).parallel().forEach(cy -> {
            int[] buf = new int[64];
            int n = 0;
            int[] counts = new int[nx];
            for (int cx = 0; cx < nx; cx++) {
                cellSide[cy * nx + cx] = sideOfCell(cx, cy);
                if (cellSide[cy * nx + cx] == MIXED) {
                    prepareMixed(cx, cy);
                }
                int[] c = candidates(cx, cy);
                if (n + c.length > buf.length) {
                    buf = java.util.Arrays.copyOf(buf, Math.max(2 * buf.length, n + c.length));
                }
                System.arraycopy(c, 0, buf, n, c.length);
                n += c.length;
                counts[cx] = c.length;
            }
            rows[cy] = java.util.Arrays.copyOf(buf, n);
            rowCounts[cy] = counts;
        });
        cellStart = new int[nx * ny + 1];
        int total = 0;
        for (int cy = 0; cy < ny; cy++) {
            total += rows[cy].length;
        }
        int[] offsets = new int[total];
        int at = 0;
        for (int cy = 0; cy < ny; cy++) {
            System.arraycopy(rows[cy], 0, offsets, at, rows[cy].length);
            for (int cx = 0; cx < nx; cx++) {
                cellStart[cy * nx + cx] = at;
                at += rowCounts[cy][cx];
            }
        }
        cellStart[nx * ny] = at;
        cand = new int[2 * total];
        for (int i = 0; i < nx * ny; i++) {
            double mx = minX + (i % nx + 0.5) * CELL_M;
            double my = minY + (i / nx + 0.5) * CELL_M;
            for (int j = cellStart[i]; j < cellStart[i + 1]; j++) {
                int k = offsets[j];
                double d = Math.sqrt(segmentDistance2(mx, my, seg[k], seg[k + 1], seg[k + 2], seg[k + 3]));
                float lo = (float) d;
                cand[2 * j] = k / 4 * 5;
                cand[2 * j + 1] = Float.floatToRawIntBits(lo > d ? Math.nextDown(lo) : lo);   // never above the true distance
            }
        }
    }

    private static double[] segments(Geometry g) {
        List<double[]> out = new ArrayList<>();
        for (Object o : LinearComponentExtracter.getLines(g)) {
            Coordinate[] cs = ((LineString) o).getCoordinates();
            for (int j = 1; j < cs.length; j++) {
                out.add(new double[] {cs[j - 1].x, cs[j - 1].y, cs[j].x, cs[j].y});
            }
        }
        double[] a = new double[out.size() * 4];
        for (int k = 0; k < out.size(); k++) {
            System.arraycopy(out.get(k), 0, a, 4 * k, 4);
        }
        return a;
    }

    /** Side and distance for a projected point. */
    Placement locate(double x, double y) {
        int cx = (int) Math.floor((x - minX) / CELL_M);
        int cy = (int) Math.floor((y - minY) / CELL_M);
        if (cx < 0 || cy < 0 || cx >= nx || cy >= ny) {
            return new Placement(Side.OUTSIDE, distanceBruteForce(x, y));
        }
        int idx = cy * nx + cx;
        byte s = cellSide[idx];
        Side side = s == MIXED ? sideInMixed(idx, x, y) : SIDES[s];
        int from = cellStart[idx];
        int to = cellStart[idx + 1];
        if (from == to) {
            return new Placement(side, Double.NaN);
        }
        int[] c = cand;
        double[] f = fast;
        double ddx = x - (minX + (cx + 0.5) * CELL_M);
        double ddy = y - (minY + (cy + 0.5) * CELL_M);
        double r = Math.sqrt(ddx * ddx + ddy * ddy);
        double best2 = Double.POSITIVE_INFINITY;
        double bound = Double.POSITIVE_INFINITY;   // sqrt(best2) + r: candidates beyond cannot be nearer
        for (int i = 2 * from; i < 2 * to; i += 2) {
            if (Float.intBitsToFloat(c[i + 1]) > bound) {
                break;      // candidates are sorted by distance to the cell centre: none further on can be nearer
            }
            int k = c[i];
            double ax = f[k];
            double ay = f[k + 1];
            double dx = f[k + 2];
            double dy = f[k + 3];
            double t = ((x - ax) * dx + (y - ay) * dy) * f[k + 4];
            t = t < 0 ? 0 : (t > 1 ? 1 : t);
            double ex = ax + t * dx - x;
            double ey = ay + t * dy - y;
            double d2 = ex * ex + ey * ey;
            if (d2 < best2) {
                best2 = d2;
                bound = Math.sqrt(d2) + r + 1e-6;
            }
        }
        return new Placement(side, Math.sqrt(best2));
    }

    /** The side of a projected point by point-in-polygon tests alone (no grid). */
    Side sideOf(double x, double y) {
        Coordinate c = new Coordinate(x, y);
        if (ukraineLoc.locate(c) == Location.EXTERIOR) {
            return Side.OUTSIDE;
        }
        if (occupiedLoc.locate(c) != Location.EXTERIOR) {
            return Side.OCCUPIED;
        }
        if (greyLoc.locate(c) != Location.EXTERIOR) {
            return Side.GREY_ZONE;
        }
        return Side.UKRAINE_HELD;
    }

    /** Distance to the contact line by scanning every segment; for points outside the grid and for tests. */
    double distanceBruteForce(double x, double y) {
        int end = levelStart[1] * 4;
        if (end == 0) {
            return Double.NaN;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < end; i += 4) {
            best = Math.min(best, segmentDistance2(x, y, seg[i], seg[i + 1], seg[i + 2], seg[i + 3]));
        }
        return Math.sqrt(best);
    }

    /**
     * For a cell cut by a boundary: the boundary segments that meet it (with the polygon each belongs to) and the
     * membership of a reference point inside it; a query point's membership follows by counting the crossings of the
     * segment from the reference point to it. Exact, and far cheaper than a point-in-polygon test on the whole
     * (very detailed) occupied area.
     */
    private void prepareMixed(int cx, int cy) {
        double x0 = minX + cx * CELL_M;
        double y0 = minY + cy * CELL_M;
        double x1 = x0 + CELL_M;
        double y1 = y0 + CELL_M;
        List<double[]> local = new ArrayList<>();
        for (Object o : boundaryTree.query(new Envelope(x0, x1, y0, y1))) {
            double[] b = (double[]) o;
            if (segmentBoxDistance2(b[0], b[1], b[2], b[3], x0, y0, x1, y1) == 0) {
                local.add(b);
            }
        }
        // a reference point not on any boundary segment: the centre, nudged if need be
        double rx = x0 + CELL_M / 2;
        double ry = y0 + CELL_M / 2;
        for (int attempt = 0; attempt < 20 && onAny(local, rx, ry); attempt++) {
            rx = x0 + CELL_M * (0.37 + 0.013 * attempt);
            ry = y0 + CELL_M * (0.61 - 0.017 * attempt);
        }
        Coordinate c = new Coordinate(rx, ry);
        int state = (ukraineLoc.locate(c) != Location.EXTERIOR ? 1 : 0) | (occupiedLoc.locate(c) != Location.EXTERIOR ? 2 : 0)
                | (greyLoc.locate(c) != Location.EXTERIOR ? 4 : 0);
        double[] packed = new double[2 + local.size() * 5];
        packed[0] = rx;
        packed[1] = ry;
        for (int i = 0; i < local.size(); i++) {
            System.arraycopy(local.get(i), 0, packed, 2 + 5 * i, 5);
        }
        mixedSegs[cy * nx + cx] = packed;
        mixedState[cy * nx + cx] = (byte) state;
    }

    private static boolean onAny(List<double[]> segs, double x, double y) {
        for (double[] b : segs) {
            if (segmentDistance2(x, y, b[0], b[1], b[2], b[3]) < 1e-6) {
                return true;
            }
        }
        return false;
    }

    /** The side of a point in a mixed cell, from the reference point's membership and the crossings between them. */
    private Side sideInMixed(int idx, double x, double y) {
        double[] m = mixedSegs[idx];
        int state = mixedState[idx];
        double rx = m[0];
        double ry = m[1];
        for (int i = 2; i < m.length; i += 5) {
            if (crosses(rx, ry, x, y, m[i], m[i + 1], m[i + 2], m[i + 3])) {
                state ^= 1 << (int) m[i + 4];
            }
        }
        if ((state & 1) == 0) {
            return Side.OUTSIDE;
        }
        if ((state & 2) != 0) {
            return Side.OCCUPIED;
        }
        return (state & 4) != 0 ? Side.GREY_ZONE : Side.UKRAINE_HELD;
    }

    /** Whether segment p–q crosses segment a–b (proper crossing or q exactly on a–b's upper-end rule). */
    private static boolean crosses(double px, double py, double qx, double qy, double ax, double ay, double bx, double by) {
        double d1 = orient(ax, ay, bx, by, px, py);
        double d2 = orient(ax, ay, bx, by, qx, qy);
        if ((d1 > 0) == (d2 > 0) || d1 == 0) {
            return false;
        }
        double d3 = orient(px, py, qx, qy, ax, ay);
        double d4 = orient(px, py, qx, qy, bx, by);
        // half-open rule for the segment's ends, so a crossing through a shared vertex is counted once
        return (d3 > 0) != (d4 > 0);
    }

    private static double orient(double ax, double ay, double bx, double by, double cx, double cy) {
        return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
    }

    private byte sideOfCell(int cx, int cy) {
        double x0 = minX + cx * CELL_M;
        double y0 = minY + cy * CELL_M;
        double x1 = x0 + CELL_M;
        double y1 = y0 + CELL_M;
        for (Object o : boundaryTree.query(new Envelope(x0, x1, y0, y1))) {
            double[] b = (double[]) o;
            if (segmentBoxDistance2(b[0], b[1], b[2], b[3], x0, y0, x1, y1) == 0) {
                return MIXED;
            }
        }
        return (byte) sideOf(x0 + CELL_M / 2, y0 + CELL_M / 2).ordinal();
    }

    private int[] candidates(int cx, int cy) {
        if (levelStart[1] == 0) {
            return new int[0];
        }
        double x0 = minX + cx * CELL_M;
        double y0 = minY + cy * CELL_M;
        double x1 = x0 + CELL_M;
        double y1 = y0 + CELL_M;
        double mx = x0 + CELL_M / 2;
        double my = y0 + CELL_M / 2;
        int exact = nearestSegment(lineTrees[0], mx, my);
        double dLow = Math.sqrt(segmentDistance2(mx, my, seg[4 * exact], seg[4 * exact + 1], seg[4 * exact + 2], seg[4 * exact + 3]))
                - CELL_M * Math.sqrt(2) / 2;
        int level = 0;
        while (level + 1 < TOLERANCE_M.length && TOLERANCE_M[level + 1] <= RELATIVE_TOLERANCE * dLow
                && levelStart[level + 2] > levelStart[level + 1]) {
            level++;
        }
        STRtree tree = lineTrees[level];
        int k0 = level == 0 ? exact : nearestSegment(tree, mx, my);
        double u2 = 0;
        for (double[] corner : new double[][] {{x0, y0}, {x1, y0}, {x0, y1}, {x1, y1}}) {
            u2 = Math.max(u2, segmentDistance2(corner[0], corner[1], seg[4 * k0], seg[4 * k0 + 1], seg[4 * k0 + 2], seg[4 * k0 + 3]));
        }
        double u = Math.sqrt(u2) * (1 + 1e-12) + 1e-6;
        List<?> hits = tree.query(new Envelope(x0 - u, x1 + u, y0 - u, y1 + u));
        int[] out = new int[hits.size()];
        int n = 0;
        double limit = u * u;
        for (Object o : hits) {
            int k = (Integer) o;
            if (segmentBoxDistance2(seg[4 * k], seg[4 * k + 1], seg[4 * k + 2], seg[4 * k + 3], x0, y0, x1, y1) <= limit) {
                out[n++] = 4 * k;
            }
        }
        // nearest to the centre first: the running minimum falls fast (branch-friendly)
        final double cxm = mx;
        final double cym = my;
        out = java.util.Arrays.stream(out, 0, n).boxed()
                .sorted(java.util.Comparator.comparingDouble(o -> segmentDistance2(cxm, cym, seg[o], seg[o + 1], seg[o + 2], seg[o + 3])))
                .mapToInt(Integer::intValue).toArray();
        return out;
    }

    private int nearestSegment(STRtree tree, double mx, double my) {
        Object nearest = tree.nearestNeighbour(new Envelope(mx, mx, my, my), this, (a, b) -> {
            ItemBoundable segItem = a.getItem() instanceof Integer ? a : b;
            int k = (Integer) segItem.getItem();
            return Math.sqrt(segmentDistance2(mx, my, seg[4 * k], seg[4 * k + 1], seg[4 * k + 2], seg[4 * k + 3]));
        });
        return (Integer) nearest;
    }

    /** Squared distance between a segment and an axis-aligned box (0 when they meet). */
    static double segmentBoxDistance2(double ax, double ay, double bx, double by,
                                      double x0, double y0, double x1, double y1) {
        if (segmentMeetsBox(ax, ay, bx, by, x0, y0, x1, y1)) {
            return 0;
        }
        double d = Math.min(pointBoxDistance2(ax, ay, x0, y0, x1, y1), pointBoxDistance2(bx, by, x0, y0, x1, y1));
        d = Math.min(d, segmentDistance2(x0, y0, ax, ay, bx, by));
        d = Math.min(d, segmentDistance2(x1, y0, ax, ay, bx, by));
        d = Math.min(d, segmentDistance2(x0, y1, ax, ay, bx, by));
        return Math.min(d, segmentDistance2(x1, y1, ax, ay, bx, by));
    }

    private static double pointBoxDistance2(double px, double py, double x0, double y0, double x1, double y1) {
        double dx = px < x0 ? x0 - px : px > x1 ? px - x1 : 0;
        double dy = py < y0 ? y0 - py : py > y1 ? py - y1 : 0;
        return dx * dx + dy * dy;
    }

    /** Liang–Barsky clipping: does the segment touch the closed box? */
    private static boolean segmentMeetsBox(double ax, double ay, double bx, double by,
                                           double x0, double y0, double x1, double y1) {
        double t0 = 0;
        double t1 = 1;
        double dx = bx - ax;
        double dy = by - ay;
        double[] p = {-dx, dx, -dy, dy};
        double[] q = {ax - x0, x1 - ax, ay - y0, y1 - ay};
        for (int i = 0; i < 4; i++) {
            if (p[i] == 0) {
                if (q[i] < 0) {
                    return false;
                }
            } else {
                double t = q[i] / p[i];
                if (p[i] < 0) {
                    t0 = Math.max(t0, t);
                } else {
                    t1 = Math.min(t1, t);
                }
                if (t0 > t1) {
                    return false;
                }
            }
        }
        return true;
    }

    static double segmentDistance2(double px, double py, double ax, double ay, double bx, double by) {
        double dx = bx - ax;
        double dy = by - ay;
        double len2 = dx * dx + dy * dy;
        double t = len2 == 0 ? 0 : ((px - ax) * dx + (py - ay) * dy) / len2;
        if (t < 0) {
            t = 0;
        } else if (t > 1) {
            t = 1;
        }
        double ex = ax + t * dx - px;
        double ey = ay + t * dy - py;
        return ex * ex + ey * ey;
    }
}
