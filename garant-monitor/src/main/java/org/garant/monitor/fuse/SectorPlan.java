package org.garant.monitor.fuse;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.garant.monitor.sense.Sensor;

/**
 * Splits a sensor network along the contact line into sectors that can be fused independently (one engine per
 * core here, one per Flink subtask in a cluster) and merged without duplicates.
 *
 * <p>The line's direction is the principal axis of the sensor positions; each sensor's coordinate along it is
 * {@code u}. Sector cores split u into ranges holding equal numbers of sensors. An engine for a sector receives the
 * detections of every sensor within {@code overlapM} of its core, so any source located in the core was heard by
 * sensors the engine sees in full when the overlap is at least the detection range; it keeps only events located
 * in its core. Each event therefore comes from exactly one engine. Immutable and thread-safe.
 */
public final class SectorPlan {
    private final double ax;     // unit vector of the principal axis
    private final double ay;
    private final double mx;
    private final double my;
    private final double[] bounds;     // core boundaries in u: sector k is [bounds[k], bounds[k+1])
    private final double overlapM;
    private final Map<String, Double> uBySensor = new HashMap<>();

    private SectorPlan(double ax, double ay, double mx, double my, double[] bounds, double overlapM) {
        this.ax = ax;
        this.ay = ay;
        this.mx = mx;
        this.my = my;
        this.bounds = bounds;
        this.overlapM = overlapM;
    }

    /** A plan of {@code sectors} sectors over the sensors, each seeing {@code overlapM} beyond its core. */
    public static SectorPlan of(List<Sensor> sensors, int sectors, double overlapM) {
        return of(sensors, sectors, overlapM, null);
    }

    /**
     * As {@link #of(List, int, double)}, balancing {@code load} (e.g. detections per sensor id) instead of sensor
     * counts: the largest load any sector sees, overlap included, is made as small as it can be.
     */
    public static SectorPlan of(List<Sensor> sensors, int sectors, double overlapM, Map<String, Long> load) {
        if (sectors < 1) {
            throw new IllegalArgumentException("sectors must be at least 1, was " + sectors);
        }
        double mx = 0;
        double my = 0;
        for (Sensor s : sensors) {
            mx += s.x();
            my += s.y();
        }
        mx /= sensors.size();
        my /= sensors.size();
        double sxx = 0;
        double sxy = 0;
        double syy = 0;
        for (Sensor s : sensors) {
            double dx = s.x() - mx;
            double dy = s.y() - my;
            sxx += dx * dx;
            sxy += dx * dy;
            syy += dy * dy;
        }
        double angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
        double ax = Math.cos(angle);
        double ay = Math.sin(angle);
        double[] us = new double[sensors.size()];
        for (int i = 0; i < us.length; i++) {
            us[i] = (sensors.get(i).x() - mx) * ax + (sensors.get(i).y() - my) * ay;
        }
        Integer[] order = new Integer[us.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (i, j) -> Double.compare(us[i], us[j]));
        double[] weight = new double[us.length];
        for (int i = 0; i < us.length; i++) {
            weight[i] = load == null ? 1 : 1 + load.getOrDefault(sensors.get(i).id(), 0L);
        }
        double[] su = new double[us.length];
        double[] prefix = new double[us.length + 1];
        for (int q = 0; q < order.length; q++) {
            su[q] = us[order[q]];
            prefix[q + 1] = prefix[q] + weight[order[q]];
        }
        double[] bounds = balancedBounds(su, prefix, sectors, overlapM);
        SectorPlan p = new SectorPlan(ax, ay, mx, my, bounds, overlapM);
        for (int i = 0; i < us.length; i++) {
            p.uBySensor.put(sensors.get(i).id(), us[i]);
        }
        return p;
    }

    /**
     * Core boundaries that minimise the largest load a sector sees, its overlap included (so that a boundary does
     * not fall in the middle of a hot spot, which both neighbours would then carry): a binary search on that largest
     * load, each trial filling sectors greedily from the west.
     */
    private static double[] balancedBounds(double[] su, double[] prefix, int sectors, double overlapM) {
        double lo = 0;
        double hi = prefix[su.length];
        double[] best = greedy(su, prefix, sectors, overlapM, hi);
        for (int it = 0; it < 40; it++) {
            double mid = (lo + hi) / 2;
            double[] b = greedy(su, prefix, sectors, overlapM, mid);
            if (b != null) {
                best = b;
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return best;
    }

    /** Boundaries with every sector's load (overlap included) at most {@code cap}, or null when impossible. */
    private static double[] greedy(double[] su, double[] prefix, int sectors, double overlapM, double cap) {
        double[] bounds = new double[sectors + 1];
        bounds[0] = Double.NEGATIVE_INFINITY;
        bounds[sectors] = Double.POSITIVE_INFINITY;
        double start = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < sectors - 1; k++) {
            if (su.length == 0 || su[su.length - 1] <= start) {
                bounds[k + 1] = start; // every sensor has a sector already: the rest have empty cores
                continue;
            }
            double end = start;
            for (int q = 0; q < su.length; q++) {
                if (su[q] <= start) {
                    continue;
                }
                if (loadBetween(su, prefix, start - overlapM, su[q] + overlapM) <= cap) {
                    end = su[q];
                } else {
                    break;
                }
            }
            if (end == start) {
                return null;
            }
            bounds[k + 1] = end;
            start = end;
        }
        return loadBetween(su, prefix, start - overlapM, Double.POSITIVE_INFINITY) <= cap ? bounds : null;
    }

    private static double loadBetween(double[] su, double[] prefix, double from, double to) {
        return prefix[upper(su, to)] - prefix[upper(su, from)];
    }

    /** The number of sorted values below {@code v}. */
    private static int upper(double[] su, double v) {
        int lo = 0;
        int hi = su.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (su[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    public int sectors() {
        return bounds.length - 1;
    }

    /** The coordinate along the line of a projected point. */
    public double u(double x, double y) {
        return (x - mx) * ax + (y - my) * ay;
    }

    /** The sector whose core holds a projected point. */
    public int owner(double x, double y) {
        double u = u(x, y);
        int k = 0;
        while (k < sectors() - 1 && u >= bounds[k + 1]) {
            k++;
        }
        return k;
    }

    /** Whether a sensor's detections go to the engine of {@code sector}. */
    public boolean feeds(int sector, String sensorId) {
        Double u = uBySensor.get(sensorId);
        return u != null && u >= bounds[sector] - overlapM && u < bounds[sector + 1] + overlapM;
    }

    /** The sensors that feed {@code sector}. */
    public List<Sensor> sensorsOf(int sector, List<Sensor> all) {
        List<Sensor> out = new ArrayList<>();
        for (Sensor s : all) {
            if (feeds(sector, s.id())) {
                out.add(s);
            }
        }
        return out;
    }
}
