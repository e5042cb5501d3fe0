package org.garant.geo;

import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.algorithm.locate.IndexedPointInAreaLocator;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Location;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.locationtech.jts.index.strtree.ItemBoundable;
import org.locationtech.jts.index.strtree.STRtree;

/**
 * Answers "which side, how far from the contact line" for many points fast, in the theatre's projection.
 *
 * <p>How: the segments of the projected contact line go into an STR-tree. Over Ukraine (plus a margin) lies a
 * grid of square cells ({@value #CELL_M} m). Each cell, the first time a query falls in it, computes and keeps
 * (a) the side, when the whole cell lies on one side (tested with prepared geometries), and (b) the few segments
 * that can be nearest to any point of the cell: with {@code d} the distance from the cell centre to the line and
 * {@code h} the half-diagonal, a segment whose distance to the centre exceeds {@code d + 2h} can never be nearest
 * to a point of the cell (triangle inequality). A query therefore costs one projection, one array lookup, a
 * handful of point–segment distances and, only in cells cut by a boundary, one indexed point-in-polygon test.
 * Results equal the brute-force answer exactly (the tests compare them on random points).
 *
 * <p>Thread-safe: cells are immutable and published through a racy single-check (a cell may be computed twice,
 * never seen half-built); the indexes are built in the constructor and only read afterwards.
 */
final class TheatreLocator {
    static final double CELL_M = 5000;
    private static final double MARGIN_M = 60_000;
    private static final byte MIXED = -1;
    private static final Side[] SIDES = Side.values();

    private final double[] seg;            // x1,y1,x2,y2 per contact-line segment
    private final STRtree tree = new STRtree();
    private final PreparedGeometry ukraine;
    private final PreparedGeometry occupied;
    private final PreparedGeometry grey;
    private final IndexedPointInAreaLocator ukraineLoc;
    private final IndexedPointInAreaLocator occupiedLoc;
    private final IndexedPointInAreaLocator greyLoc;
    private final double minX;
    private final double minY;
    private final int nx;
    private final int ny;
    private final Cell[] cells;
    private final GeometryFactory gf = new GeometryFactory();

    private record Cell(byte side, double[] candidates) {
    }

    TheatreLocator(Geometry ukraineP, Geometry occupiedP, Geometry greyP, Geometry lineP) {
        List<double[]> segs = new ArrayList<>();
        for (int i = 0; i < lineP.getNumGeometries(); i++) {
            Coordinate[] cs = ((LineString) lineP.getGeometryN(i)).getCoordinates();
            for (int j = 1; j < cs.length; j++) {
                segs.add(new double[] {cs[j - 1].x, cs[j - 1].y, cs[j].x, cs[j].y});
            }
        }
        seg = new double[segs.size() * 4];
        for (int k = 0; k < segs.size(); k++) {
            double[] s = segs.get(k);
            System.arraycopy(s, 0, seg, 4 * k, 4);
            tree.insert(new Envelope(s[0], s[2], s[1], s[3]), k);
        }
        tree.build();
        PreparedGeometryFactory pgf = new PreparedGeometryFactory();
        ukraine = pgf.create(ukraineP);
        occupied = pgf.create(occupiedP);
        grey = pgf.create(greyP);
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
        cells = new Cell[nx * ny];
    }

    /** Side and distance for a projected point. */
    Placement locate(double x, double y) {
        int cx = (int) Math.floor((x - minX) / CELL_M);
        int cy = (int) Math.floor((y - minY) / CELL_M);
        if (cx < 0 || cy < 0 || cx >= nx || cy >= ny) {
            return new Placement(Side.OUTSIDE, distanceBruteForce(x, y));
        }
        int idx = cy * nx + cx;
        Cell cell = cells[idx];
        if (cell == null) {
            cell = buildCell(cx, cy);
            cells[idx] = cell;
        }
        Side side = cell.side == MIXED ? sideOf(x, y) : SIDES[cell.side];
        double[] c = cell.candidates;
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < c.length; i += 4) {
            double d2 = segmentDistance2(x, y, c[i], c[i + 1], c[i + 2], c[i + 3]);
            if (d2 < best) {
                best = d2;
            }
        }
        return new Placement(side, c.length == 0 ? Double.NaN : Math.sqrt(best));
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

    /** Distance to the contact line by scanning every segment; for cells outside the grid and for tests. */
    double distanceBruteForce(double x, double y) {
        if (seg.length == 0) {
            return Double.NaN;
        }
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < seg.length; i += 4) {
            best = Math.min(best, segmentDistance2(x, y, seg[i], seg[i + 1], seg[i + 2], seg[i + 3]));
        }
        return Math.sqrt(best);
    }

    private Cell buildCell(int cx, int cy) {
        double x0 = minX + cx * CELL_M;
        double y0 = minY + cy * CELL_M;
        Geometry box = gf.toGeometry(new Envelope(x0, x0 + CELL_M, y0, y0 + CELL_M));
        byte side;
        if (!ukraine.intersects(box)) {
            side = (byte) Side.OUTSIDE.ordinal();
        } else if (ukraine.containsProperly(box) && occupied.containsProperly(box)) {
            side = (byte) Side.OCCUPIED.ordinal();
        } else if (ukraine.containsProperly(box) && !occupied.intersects(box) && grey.containsProperly(box)) {
            side = (byte) Side.GREY_ZONE.ordinal();
        } else if (ukraine.containsProperly(box) && !occupied.intersects(box) && !grey.intersects(box)) {
            side = (byte) Side.UKRAINE_HELD.ordinal();
        } else {
            side = MIXED;
        }
        if (seg.length == 0) {
            return new Cell(side, new double[0]);
        }
        double mx = x0 + CELL_M / 2;
        double my = y0 + CELL_M / 2;
        double h = CELL_M * Math.sqrt(2) / 2;
        Object nearest = tree.nearestNeighbour(new Envelope(mx, mx, my, my), this,
                (a, b) -> {
                    ItemBoundable segItem = a.getItem() instanceof Integer ? a : b;
                    int k = (Integer) segItem.getItem();
                    return Math.sqrt(segmentDistance2(mx, my, seg[4 * k], seg[4 * k + 1], seg[4 * k + 2], seg[4 * k + 3]));
                });
        int nk = (Integer) nearest;
        double d = Math.sqrt(segmentDistance2(mx, my, seg[4 * nk], seg[4 * nk + 1], seg[4 * nk + 2], seg[4 * nk + 3]));
        double r = d + 2 * h + 1e-6;
        List<?> hits = tree.query(new Envelope(mx - r, mx + r, my - r, my + r));
        double[] cand = new double[hits.size() * 4];
        int n = 0;
        for (Object o : hits) {
            int k = (Integer) o;
            if (segmentDistance2(mx, my, seg[4 * k], seg[4 * k + 1], seg[4 * k + 2], seg[4 * k + 3]) <= r * r) {
                System.arraycopy(seg, 4 * k, cand, n, 4);
                n += 4;
            }
        }
        return new Cell(side, java.util.Arrays.copyOf(cand, n));
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
