package org.garant.monitor.fuse;

import java.util.List;
import org.garant.monitor.sense.Detection;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.Sensor;
import org.garant.monitor.simulate.Intensity;
import org.junit.jupiter.api.Test;

/** Sectors fused side by side give the single engine's events: none duplicated or lost at a border. */
class ParallelFusionTest {
    @Test
    void sectorsGiveTheSameEventsAsOneEngine() {
        List<Sensor> sensors = SameEvents.sensors();
        List<Detection> all = SameEvents.simulate(sensors, Intensity.PEAK, 6);
        List<Event> one = FusionEngine.fuseAll(sensors, all.iterator(), FusionEngine.Options.defaults());
        for (int sectors : new int[] {2, 3, 5, 6, 8}) {
            List<Event> many = ParallelFusion.fuse(sensors, all, FusionEngine.Options.defaults(), sectors, 100).events();
            SameEvents.assertSame(many, one, sectors + " sectors");
        }
    }
}
