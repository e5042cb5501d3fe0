package org.garant.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.garant.geo.Site;
import org.garant.geo.Theatre;
import org.garant.monitor.fuse.FusionEngine;
import org.garant.monitor.fuse.LaunchImpactPairing;
import org.garant.monitor.sense.Detection;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.MonitorFiles;
import org.garant.monitor.sense.Sensor;
import org.garant.monitor.verify.Rule;
import org.garant.monitor.verify.EventChecker;
import org.garant.monitor.verify.Verifier;
import org.garant.monitor.verify.VerifyFiles;
import org.garant.monitor.verify.Violation;
import org.garant.store.Located;
import org.garant.store.Releasability;
import org.garant.store.Store;

/**
 * The monitor's engine running in the server: detections acknowledged by the ingest are fused (association,
 * localisation), paired (launch–impact), attributed and checked against the rules, and the resulting events,
 * violations and alerts are stored and published on the live feed. One thread does all of it, in ingest order, so
 * the engine's state needs no locks; ingest only enqueues. An event's marking is the intersection of its detections'
 * markings (a derived record is releasable only where all its evidence is); a violation's is its event's.
 *
 * <p>Event ids carry the engine's start time, so ids stay unique across restarts. When sensors are added or changed, the engine
 * is flushed and rebuilt with the new network (association in flight at that moment is completed first).
 */
final class LiveFusion implements AutoCloseable {
    private static final long KEEP_NS = 600_000_000_000L;

    private final Store store;
    private final Supplier<List<Sensor>> sensors;
    private final LiveFeed feed;
    private final Verifier verifier;
    /** The rules on paired events (worker thread only). */
    private final EventChecker checker;
    private final Theatre theatre;
    /** After this much wall time without detections, the stream's clock runs on in real time (see {@link #tick}). */
    private static final long IDLE_NS = 1_000_000_000L;
    private final java.util.concurrent.ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "garant-live-fusion");
        t.setDaemon(true);
        return t;
    });
    /** Wall time (nanoTime) of the last batch of detections, and the newest arrival time in it; worker thread only. */
    private long lastBatchWallNs;
    private long newestArrivalNs = Long.MIN_VALUE;
    /** Wall time (nanoTime) of the last store of fused records; worker thread only. */
    private long lastStoreWallNs = System.nanoTime();
    /** While batches wait, fused records are stored at least this often, or when this many are pending. */
    private static final long STORE_EVERY_NS = 1_000_000_000L;
    private static final int STORE_ROWS = 20_000;
    private final AtomicLong queued = new AtomicLong();
    /** Detections handed over and not yet fused. */
    private final AtomicLong queuedDetections = new AtomicLong();
    /** True while detections are being ingested (fusion then yields to them). */
    private final java.util.function.BooleanSupplier ingestBusy;
    private static final long MAX_DEFER_NS = 10_000_000_000L;
    /** A queued detection's memory, generously: the parsed record, its id and sensor strings, its slot in the batch. */
    private static final long QUEUED_DETECTION_BYTES = 250;
    /** Detections held back at most: a twentieth of the heap (1.2 M with a 6 GB heap, 100,000 with 512 MB). */
    private static final long MAX_DEFERRED_DETECTIONS = Math.max(50_000, Runtime.getRuntime().maxMemory() / 20 / QUEUED_DETECTION_BYTES);
    private final long maxDeferNs;
    private final long maxDeferredDetections;
    private final Timer lag;
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong violations = new AtomicLong();

    // state below: only on the worker thread
    private FusionEngine engine;
    private LaunchImpactPairing pairing;
    private List<Sensor> engineSensors;
    private record Marking(Releasability rel, long arrivalNs) {
    }

    /** The markings of detections still in the engine's window, in arrival order. */
    private final LinkedHashMap<String, Marking> markings = new LinkedHashMap<>();
    private final Map<String, Releasability> eventMarkings = new HashMap<>();
    private final List<Located.Row> pendingEvents = new ArrayList<>();
    private final List<Located.Row> pendingViolations = new ArrayList<>();

    LiveFusion(Store store, Theatre theatre, List<Site> sites, Supplier<List<Sensor>> sensors, LiveFeed feed, MeterRegistry metrics,
               java.util.function.BooleanSupplier ingestBusy) {
        this(store, theatre, sites, sensors, feed, metrics, ingestBusy, MAX_DEFER_NS, MAX_DEFERRED_DETECTIONS);
    }

    /** With the bounds of {@link #yieldToIngest} given (tests). */
    LiveFusion(Store store, Theatre theatre, List<Site> sites, Supplier<List<Sensor>> sensors, LiveFeed feed, MeterRegistry metrics,
               java.util.function.BooleanSupplier ingestBusy, long maxDeferNs, long maxDeferredDetections) {
        this.store = store;
        this.ingestBusy = ingestBusy;
        this.maxDeferNs = maxDeferNs;
        this.maxDeferredDetections = maxDeferredDetections;
        this.theatre = theatre;
        this.sensors = sensors;
        this.feed = feed;
        this.verifier = new Verifier(theatre, sites, Verifier.Options.defaults());
        this.checker = new EventChecker(verifier);
        this.lag = Timer.builder("garant_fusion_lag").description("time from an acknowledged ingest to its detections being fused")
                .publishPercentiles(0.5, 0.99).register(metrics);
        metrics.gauge("garant_fusion_queue_batches", queued);
        metrics.gauge("garant_fusion_events", events);
        metrics.gauge("garant_fusion_violations", violations);
        worker.scheduleWithFixedDelay(this::tick, 500, 500, TimeUnit.MILLISECONDS);
    }

    /**
     * A quiet network still has a clock: when no detection has come for a second, the stream's time is taken to run
     * on in real time from its watermark (the newest arrival less the allowed lateness), so the last events before a
     * lull are fused, paired, checked and published without waiting for the next detection (as a sensor network's
     * heartbeat would let them be).
     */
    private void tick() {
        try {
            if (engine == null || newestArrivalNs == Long.MIN_VALUE) {
                return;
            }
            long idle = System.nanoTime() - lastBatchWallNs;
            if (idle > IDLE_NS) {
                engine.advanceTo(newestArrivalNs - engine.latenessNs() + idle - IDLE_NS);
                pairing.advanceTo(engine.watermarkNs() - 2 * engine.windowNs());
                store();
            }
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(LiveFusion.class).error("live fusion failed on its clock tick", e);
        }
    }

    /** Hands acknowledged detections (with their markings) to the engine; returns at once. */
    void submit(List<Detection> detections, Releasability rel) {
        if (detections.isEmpty()) {
            return;
        }
        long acknowledged = System.nanoTime();
        queued.incrementAndGet();
        queuedDetections.addAndGet(detections.size());
        worker.execute(() -> {
            try {
                yieldToIngest(acknowledged);
                process(detections, rel);
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(LiveFusion.class).error("live fusion failed on a batch", e);
            } finally {
                queued.decrementAndGet();
                queuedDetections.addAndGet(-detections.size());
                lag.record(System.nanoTime() - acknowledged, TimeUnit.NANOSECONDS);
            }
        });
    }

    /**
     * Evidence first: while batches of detections are being stored, fusion waits, so that a burst of ingest has the
     * machine's cores and the store's writer to itself and is acknowledged sooner; the events follow once the burst
     * ends. The wait is bounded: a batch waits at most 10 s after it was acknowledged, and none waits while the queued
     * detections would fill more than a twentieth of the heap.
     */
    private void yieldToIngest(long acknowledgedNs) {
        while (ingestBusy.getAsBoolean() && queuedDetections.get() < maxDeferredDetections
                && System.nanoTime() - acknowledgedNs < maxDeferNs) {
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
        }
    }

    /** Fuses what is still held (end of input) and waits until everything submitted so far is stored. */
    void drain(boolean flushEngine) {
        try {
            worker.submit(() -> {
                if (flushEngine && engine != null) {
                    engine.flush();
                    pairing.flush();
                }
                store();
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** Checks weapon sightings against the withdrawal zones; their violations are stored and published. */
    void sightings(List<org.garant.monitor.verify.Sighting> sightings, Releasability rel) {
        if (sightings.isEmpty()) {
            return;
        }
        worker.execute(() -> {
            Verifier.Result r = verifier.verify(List.of(), sightings);
            for (Violation v : r.violations()) {
                pendingViolations.add(row(v.rule().name().toLowerCase(java.util.Locale.ROOT) + ":" + String.join("+", v.evidence()), v,
                        false, rel));
            }
            store();
        });
    }

    /** Checks a verified observation against the rules (as the verification issue defines them for observations). */
    void observation(org.garant.monitor.verify.Observation o, Releasability rel) {
        worker.execute(() -> {
            Event e = o.toEvent();
            Verifier.Result r = verifier.verify(List.of(e), List.of(), Map.of(e.id(), o));
            for (Violation v : r.violations()) {
                pendingViolations.add(row(v.rule().name().toLowerCase(java.util.Locale.ROOT) + ":obs:" + o.id(), v, false, rel));
            }
            for (Violation v : r.alerts()) {
                pendingViolations.add(row(v.rule().name().toLowerCase(java.util.Locale.ROOT) + ":obs:" + o.id(), v, true, rel));
            }
            store();
        });
    }

    /** Why a fused record from outside cannot be stored yet: some of its evidence has not been stored here. */
    static final class EvidenceNotYetStored extends RuntimeException {
        EvidenceNotYetStored(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Stores and publishes an event fused outside the server (the Flink job's {@code events.jsonl} line). Its marking
     * is derived here, as for events fused in-process: the intersection of its detections' stored markings; its side
     * is the theatre's. Throws {@link EvidenceNotYetStored} while any of its detections is not stored (the ingest of
     * the same topic may lag the job): the caller tries again later. Idempotent by id.
     */
    void storeFusedEvent(String line) {
        run(() -> {
            var o = Json.object(line);
            List<String> ids = new ArrayList<>();
            o.path("detections").forEach(x -> ids.add(x.asText()));
            Map<String, Releasability> marks = store.detections().markings(ids);
            if (marks.size() < ids.size()) {
                throw new EvidenceNotYetStored(ids.size() - marks.size() + " of event " + o.path("id").asText() + "'s detections");
            }
            Releasability rel = intersection(marks.values());
            if (rel == null) {
                return; // its evidence has no nation in common: nothing derived is kept (as in-process)
            }
            java.time.Instant t = java.time.Instant.parse(o.path("time").asText());
            org.garant.geo.LatLon pos = new org.garant.geo.LatLon(o.path("lat").asDouble(), o.path("lon").asDouble());
            String side = theatre.locate(pos).side().name();
            o.put("side", side);
            pendingEvents.add(new Located.Row(o.path("id").asText(), t.getEpochSecond() * 1_000_000_000L + t.getNano(), pos.lon(), pos.lat(),
                    o.path("kind").asText(), side, false, Json.write(o), rel));
            store();
        });
    }

    /** Stores and publishes a violation or alert found outside the server; marked by its evidence (events, detections). */
    void storeFusedViolation(String line) {
        run(() -> {
            Violation v = VerifyFiles.parseViolation(line);
            List<String> ids = new ArrayList<>(v.evidence());
            Map<String, Releasability> marks = new HashMap<>(store.located().markings(Located.Table.EVENTS, ids));
            marks.putAll(store.detections().markings(ids));
            if (marks.isEmpty()) {
                throw new EvidenceNotYetStored("the evidence of " + v.id());
            }
            Releasability rel = intersection(marks.values());
            if (rel != null) {
                pendingViolations.add(row(v.id(), v, false, rel));
                store();
            }
        });
    }

    private static Releasability intersection(java.util.Collection<Releasability> marks) {
        Releasability r = Releasability.COALITION;
        for (Releasability m : marks) {
            r = r.intersect(m);
            if (r == null) {
                return null;
            }
        }
        return r;
    }

    /** Runs on the worker thread and waits: the one writer of fused records. */
    private void run(Runnable task) {
        try {
            worker.submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private static Located.Row row(String id, Violation v, boolean alert, Releasability rel) {
        Violation withId = new Violation(id, v.rule(), v.timeNs(), v.position(), v.side(), v.weapon(), v.attribution(), v.evidence(),
                v.settlement(), v.settlementKm(), v.oblast(), v.site(), v.siteKm(), v.detail());
        return new Located.Row(id, v.timeNs(), v.position().lon(), v.position().lat(), v.rule().name(), v.side().name(),
                alert || v.rule() == Rule.FORCE_PROTECTION, VerifyFiles.violationLine(withId), rel);
    }

    /** Detections handed over and not yet fused. */
    long detectionsQueued() {
        return queuedDetections.get();
    }

    long eventsStored() {
        return events.get();
    }

    long violationsStored() {
        return violations.get();
    }

    private void ensureEngine() {
        List<Sensor> net = sensors.get();
        if (engine != null && net == engineSensors) { // the same snapshot: no sensor added or changed
            return;
        }
        if (engine != null) {
            engine.flush();
            pairing.flush();
        }
        pairing = new LaunchImpactPairing(this::verified, 100);
        LaunchImpactPairing p = pairing;
        // an event's marking is fixed when the engine emits it (its detections' markings are still held then); the
        // pairing may hold the event much longer
        engine = new FusionEngine(net, FusionEngine.Options.defaults(), e -> {
            Releasability m = markingOf(e);
            if (m != null) { // null: its evidence is releasable to no nation in common, so nothing derived is kept
                eventMarkings.put(e.id(), m);
                p.accept(e);
            }
        }, "E" + System.currentTimeMillis() + "-");
        engineSensors = net;
    }

    private void process(List<Detection> ds, Releasability rel) {
        ensureEngine();
        for (Detection d : ds) {
            markings.put(d.id(), new Marking(rel, d.arrivalNs()));
            engine.ingest(d);
            newestArrivalNs = Math.max(newestArrivalNs, d.arrivalNs());
        }
        lastBatchWallNs = System.nanoTime();
        // events older than the engine can still emit leave the pairing without waiting for a later event
        pairing.advanceTo(engine.watermarkNs() - 2 * engine.windowNs());
        // forget markings of detections too old to join any event still to come
        long newest = ds.get(ds.size() - 1).arrivalNs();
        var it = markings.values().iterator();
        while (it.hasNext() && it.next().arrivalNs() < newest - KEEP_NS) {
            it.remove();
        }
        // while later batches wait (a burst of ingest), what they fuse is stored with this batch's records in fewer,
        // larger commits: at most a second or STORE_ROWS records late
        if (queued.get() <= 1 || pendingEvents.size() + pendingViolations.size() >= STORE_ROWS
                || System.nanoTime() - lastStoreWallNs >= STORE_EVERY_NS) {
            store();
        }
    }

    private Releasability markingOf(Event e) {
        List<Releasability> of = new ArrayList<>(e.detectionIds().size());
        for (String id : e.detectionIds()) {
            Marking m = markings.get(id);
            if (m != null) {
                of.add(m.rel());
            }
        }
        return intersection(of);
    }

    /** A paired event: attribute it, check the rules, queue it and its violations for storing. */
    private void verified(Event e) {
        Releasability rel = eventMarkings.remove(e.id());
        if (rel == null) {
            return; // not emitted by this engine
        }
        EventChecker.Checked c = checker.check(e);
        var place = theatre.locate(e.position());
        pendingEvents.add(new Located.Row(e.id(), e.timeNs(), e.position().lon(), e.position().lat(), e.kind().name(),
                place.side().name(), false, eventJson(e, c.attribution(), place.side().name()), rel));
        for (Violation v : c.violations()) {
            pendingViolations.add(row(v.id(), v, false, rel));
        }
        for (Violation v : c.alerts()) {
            pendingViolations.add(row(v.id(), v, true, rel));
        }
    }

    private static String eventJson(Event e, org.garant.monitor.verify.Attribution a, String side) {
        return MonitorFiles.eventLine(e, g -> {
            g.writeStringField("side", side);
            if (a != null) {
                g.writeStringField("attribution", a.label());
                g.writeNumberField("confidence", Math.round(a.confidence() * 10000) / 10000.0);
            }
        });
    }

    private void store() {
        lastStoreWallNs = System.nanoTime();
        if (!pendingEvents.isEmpty()) {
            List<Located.Row> stored = store.located().insert("fusion", Located.Table.EVENTS, pendingEvents);
            events.addAndGet(stored.size());
            pendingEvents.clear();
            stored.forEach(row -> feed.publish("event", row.body(), row.rel()));
        }
        if (!pendingViolations.isEmpty()) {
            List<Located.Row> stored = store.located().insert("verifier", Located.Table.VIOLATIONS, pendingViolations);
            violations.addAndGet(stored.size());
            pendingViolations.clear();
            stored.forEach(row -> feed.publish(row.alert() ? "alert" : "violation", row.body(), row.rel()));
        }
    }

    @Override
    public void close() {
        // a clean stop is the end of input: what the engine and the pairing still hold is fused and stored first
        try {
            drain(true);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(LiveFusion.class).error("live fusion could not flush on close", e);
        }
        worker.shutdown();
        try {
            worker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
