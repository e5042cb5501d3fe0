package org.garant.monitor.sense;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Sensors bucketed in square cells of the range, to visit those within range of a point. Immutable. */
public final class SensorGrid {
    private final double cell;
    private final Map<Long, List<Sensor>> cells = new HashMap<>();

    public SensorGrid(List<Sensor> sensors, double cellM) {
        this.cell = cellM;
        for (Sensor s : sensors) {
            cells.computeIfAbsent(key((long) Math.floor(s.x() / cell), (long) Math.floor(s.y() / cell)), k -> new ArrayList<>()).add(s);
        }
    }

    private static long key(long cx, long cy) {
        return (cx << 32) ^ (cy & 0xffffffffL);
    }

    /** Visits every sensor within {@code d} (at most the cell size) of (x, y), in a fixed order. */
    public void forEachWithinDistance(double x, double y, double d, Consumer<Sensor> visit) {
        forEachNear(x, y, s -> {
            double dx = s.x() - x;
            double dy = s.y() - y;
            if (dx * dx + dy * dy <= d * d) {
                visit.accept(s);
            }
        });
    }

    /** Visits every sensor whose own range covers (x, y), in a fixed order. */
    public void forEachWithin(double x, double y, Consumer<Sensor> visit) {
        forEachNear(x, y, s -> {
            double dx = s.x() - x;
            double dy = s.y() - y;
            if (dx * dx + dy * dy < s.rangeM() * s.rangeM()) {
                visit.accept(s);
            }
        });
    }

    /** Visits the sensors of the 3 × 3 cells around (x, y). */
    private void forEachNear(double x, double y, Consumer<Sensor> visit) {
        long cx = (long) Math.floor(x / cell);
        long cy = (long) Math.floor(y / cell);
        for (long i = cx - 1; i <= cx + 1; i++) {
            for (long j = cy - 1; j <= cy + 1; j++) {
                List<Sensor> l = cells.get(key(i, j));
                if (l != null) {
                    l.forEach(visit);
                }
            }
        }
    }
}
