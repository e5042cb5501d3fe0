package org.garant.monitor.verify;

import java.util.List;
import org.garant.monitor.sense.Event;

/**
 * Whether an observation and a sensor event describe the same happening: the sensor event lies inside the
 * observation's 3σ uncertainty ellipse (Mahalanobis distance ≤ 3) and within the observation's time window
 * (widened by a minute for the monitor's clock and the sound's travel).
 */
public final class Corroboration {
    private Corroboration() {
    }

    public static boolean corroborates(Event observed, Observation o, List<Event> sensorEvents) {
        long slack = 60_000_000_000L;
        double det = observed.cxx() * observed.cyy() - observed.cxy() * observed.cxy();
        if (!(det > 0)) {
            return false;
        }
        for (Event e : sensorEvents) {
            if (e.timeNs() < o.fromNs() - slack || e.timeNs() > o.toNs() + slack) {
                continue;
            }
            double dx = e.x() - observed.x();
            double dy = e.y() - observed.y();
            double m2 = (observed.cyy() * dx * dx - 2 * observed.cxy() * dx * dy + observed.cxx() * dy * dy) / det;
            if (m2 <= 9) {
                return true;
            }
        }
        return false;
    }
}
