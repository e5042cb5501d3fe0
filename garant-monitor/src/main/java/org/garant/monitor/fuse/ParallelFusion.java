package org.garant.monitor.fuse;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.garant.monitor.sense.Detection;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.Sensor;

/**
 * Fuses a batch of detections with one {@link FusionEngine} per sector of a {@link SectorPlan}, in parallel, then
 * merges the sectors' events (each kept only by the sector that owns its location, so none is duplicated or lost
 * at a border) in time order and pairs launches with impacts over the whole line. The same processors as the
 * single engine, run side by side: one implementation of the logic.
 */
public final class ParallelFusion {
    private ParallelFusion() {
    }

    /** Result: the paired events in time order, and the number of detections the engines rejected. */
    public record Result(List<Event> events, long rejected) {
    }

    public static Result fuse(List<Sensor> sensors, List<Detection> detections, FusionEngine.Options options,
                              int sectors, double pairingHoldS) {
        // the overlap covers the detection range of a source at the core's edge and its seed's anchors beyond it
        double range = sensors.stream().mapToDouble(Sensor::rangeM).max().orElse(20_000);
        java.util.Map<String, Long> load = new java.util.HashMap<>();
        for (Detection d : detections) {
            load.merge(d.sensorId(), 1L, Long::sum);
        }
        SectorPlan plan = SectorPlan.of(sensors, sectors, 2 * range, load);
        ExecutorService pool = Executors.newFixedThreadPool(sectors);
        try {
            List<Future<List<Event>>> parts = new ArrayList<>();
            long[] rejected = new long[sectors];
            for (int k = 0; k < sectors; k++) {
                int sector = k;
                parts.add(pool.submit(() -> {
                    List<Event> mine = new ArrayList<>();
                    FusionEngine engine = new FusionEngine(plan.sensorsOf(sector, sensors), options, e -> {
                        if (plan.owner(e.x(), e.y()) == sector) {
                            mine.add(e);
                        }
                    }, "s" + sector + "e");
                    for (Detection d : detections) {
                        if (plan.feeds(sector, d.sensorId()) && engine.ingest(d) != null) {
                            rejected[sector]++;
                        }
                    }
                    engine.flush();
                    return mine;
                }));
            }
            List<Event> all = new ArrayList<>();
            for (Future<List<Event>> f : parts) {
                all.addAll(f.get());
            }
            all.sort(Comparator.comparingLong(Event::timeNs));
            List<Event> out = new ArrayList<>(all.size());
            LaunchImpactPairing pairing = new LaunchImpactPairing(out::add, pairingHoldS);
            all.forEach(pairing);
            pairing.flush();
            long rej = 0;
            for (long r : rejected) {
                rej += r;
            }
            return new Result(out, rej);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdown();
        }
    }
}
