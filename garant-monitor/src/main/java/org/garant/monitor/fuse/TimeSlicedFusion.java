package org.garant.monitor.fuse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.garant.monitor.sense.Detection;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.Sensor;

/**
 * Replays a recorded stream of detections (a day of war from a file) on several cores: the stream is cut into slices of
 * arrival time, and each slice is fused by its own {@link FusionEngine} on a worker thread, side by side with the
 * others. One implementation of the logic; the slices only decide which detections each engine sees and which of its
 * events it keeps.
 *
 * <p>A slice owns the events whose time lies in {@code [start, start + slice)}. Its engine sees the detections that
 * arrived from {@code start − warm-up} to {@code start + slice + tail}: the tail (two association windows and the
 * allowed lateness) brings every detection of an owned event and of every detection it could be gated against; the
 * warm-up (two windows) replays the events just before the slice so that the detections they took are taken here too.
 * Events formed in the warm-up or the tail belong to the neighbouring slices and are dropped. The warm-up makes the
 * slices agree with one engine in practice, not by proof (a chain of taken detections longer than two windows would
 * reach past it): the tests compare event by event with one engine over every cut of two hours of war-intensity fire
 * and find no difference; without the warm-up, or with a shorter tail, they do.
 *
 * <p>Events come out slice by slice, in order, on the caller's thread (from {@link #ingest} and {@link #flush}), so the
 * consumer need not be thread-safe. Memory is bounded: at most two slices take input at once (a slice is long enough
 * for that), at most {@code threads} closed ones wait to hand over their events, and the caller waits in {@link #ingest}
 * while the oldest is still being fused.
 *
 * <p>Live streams use one {@link FusionEngine} (a slice cannot start before its time has come); this is for replays,
 * where the whole stream is at hand.
 */
public final class TimeSlicedFusion implements AutoCloseable {
    private static final int BATCH = 1024;
    private static final Detection[] END = new Detection[0];

    /** The network's tables, built once for every slice's engine. */
    private final FusionEngine.Network network;
    private final Consumer<Event> out;
    private final int threads;
    private final long sliceNs;
    private final long warmNs;
    private final long tailNs;
    private final long latenessNs;
    private final ExecutorService pool;
    /** Open slices, by index (two at most, a few with gaps in the input: a list searched in turn, no boxed keys). */
    private final List<Slice> open = new ArrayList<>();
    /** Slices closed to input, waiting to hand over their events, oldest first. */
    private final ArrayDeque<Slice> closed = new ArrayDeque<>();
    private final AtomicLong rejected = new AtomicLong();
    private final java.util.function.BiConsumer<Detection, FusionEngine.Rejection> onRejected;
    private long maxArrivalNs = Long.MIN_VALUE;
    /** No slice before this index may be opened again (its events have been handed over or are being fused). */
    private long firstOpenable = Long.MIN_VALUE;
    private int peakHeld;
    private long slicesFused;

    /**
     * @param threads worker threads (engines fusing at once)
     * @param sliceNs length of a slice of arrival time; the warm-up and the tail (about four association windows,
     *                four minutes for a 20 km network) are fused twice, so a slice should be an hour or more; at
     *                least four windows and twice the allowed lateness
     */
    public TimeSlicedFusion(List<Sensor> sensors, FusionEngine.Options options, int threads, long sliceNs, Consumer<Event> out) {
        this(sensors, options, threads, sliceNs, out, (d, r) -> { });
    }

    /**
     * As {@link #TimeSlicedFusion(List, FusionEngine.Options, int, long, Consumer)}, telling {@code rejected} about every
     * detection an engine refused, with the reason (on the caller's thread, with its slice's events; once per detection).
     */
    public TimeSlicedFusion(List<Sensor> sensors, FusionEngine.Options options, int threads, long sliceNs, Consumer<Event> out,
                            java.util.function.BiConsumer<Detection, FusionEngine.Rejection> rejected) {
        this.onRejected = rejected;
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        long windowNs = FusionEngine.windowNs(sensors, options);
        this.latenessNs = (long) (options.allowedLatenessS() * 1e9);
        // so that an instant falls in the input ranges of at most two slices
        long shortest = 4 * windowNs + 2 * latenessNs;
        if (sliceNs < shortest) {
            throw new IllegalArgumentException("a slice must be at least " + (shortest + 999_999_999L) / 1_000_000_000L
                    + " s long (four association windows and twice the allowed lateness)");
        }
        this.network = FusionEngine.network(sensors, options);
        this.out = out;
        this.threads = threads;
        this.sliceNs = sliceNs;
        this.warmNs = 2 * windowNs;
        this.tailNs = 2 * windowNs + latenessNs;
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "garant-fusion-slice");
            t.setDaemon(true);
            return t;
        });
    }

    /** One slice: its engine's input queue, and its owned events once fused. */
    private final class Slice {
        final long index;
        final long start;
        final long end;
        final LinkedBlockingQueue<Detection[]> input = new LinkedBlockingQueue<>();
        final CompletableFuture<List<Event>> events = new CompletableFuture<>();
        /** The detections this slice owns (by arrival time) that its engine refused, and why; read after {@link #events}. */
        final List<Detection> refused = new ArrayList<>();
        final List<FusionEngine.Rejection> reasons = new ArrayList<>();
        Detection[] batch = new Detection[BATCH];
        int filled;
        volatile int held;

        Slice(long index) {
            this.index = index;
            this.start = index * sliceNs;
            this.end = start + sliceNs;
        }

        void add(Detection d) {
            batch[filled++] = d;
            if (filled == BATCH) {
                input.add(batch);
                batch = new Detection[BATCH];
                filled = 0;
            }
        }

        void close() {
            if (filled > 0) {
                input.add(java.util.Arrays.copyOf(batch, filled));
            }
            batch = null;
            input.add(END);
        }

        void fuse() {
            try {
                List<Event> mine = new ArrayList<>();
                FusionEngine engine = new FusionEngine(network, e -> {
                    if (e.timeNs() >= start && e.timeNs() < end) {
                        mine.add(e);
                    }
                }, "e" + index + "-");
                while (true) {
                    Detection[] b = input.take();
                    if (b == END) {
                        break;
                    }
                    for (Detection d : b) {
                        // a rejection is counted by the slice that owns the detection's arrival time, so once
                        FusionEngine.Rejection r = engine.ingest(d);
                        if (r != null && d.arrivalNs() >= start && d.arrivalNs() < end) {
                            rejected.incrementAndGet();
                            refused.add(d);
                            reasons.add(r);
                        }
                    }
                }
                engine.flush();
                held = engine.peakHeld();
                events.complete(mine);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                events.completeExceptionally(e);
            } catch (RuntimeException | Error e) {
                events.completeExceptionally(e);
            }
        }
    }

    /** Takes the next detection of the recorded stream (in delivery order). */
    public void ingest(Detection d) {
        long t = d.arrivalNs();
        if (t > maxArrivalNs) {
            maxArrivalNs = t;
            // a slice whose input range ended longer ago than the allowed lateness gets nothing more
            while (!open.isEmpty() && open.get(0).end + tailNs + latenessNs < maxArrivalNs) {
                closeOldest();
            }
        }
        if (Math.floorDiv(t, sliceNs) < firstOpenable) {
            // its own slice is closed: later than the allowed lateness, as its engine would have said
            rejected.incrementAndGet();
            onRejected.accept(d, FusionEngine.Rejection.TOO_LATE);
        }
        // the slices whose input range [start − warm-up, end + tail) holds t
        long first = Math.floorDiv(t - tailNs, sliceNs);
        long last = Math.floorDiv(t + warmNs, sliceNs);
        for (long k = Math.max(first, firstOpenable); k <= last; k++) {
            Slice s = null;
            for (Slice o : open) {
                if (o.index == k) {
                    s = o;
                    break;
                }
            }
            if (s == null) {
                s = openSlice(k);
            }
            s.add(d);
        }
        handOver(false);
    }

    private Slice openSlice(long k) {
        // bounded memory: at most two slices take input at once (the slice's length sees to that), and at most as many
        // closed ones wait for their events as there are workers
        while (closed.size() >= threads) {
            handOver(true);
        }
        Slice s = new Slice(k);
        int at = 0;
        while (at < open.size() && open.get(at).index < k) {
            at++;
        }
        open.add(at, s);
        pool.execute(s::fuse);
        return s;
    }

    private void closeOldest() {
        Slice s = open.remove(0);
        s.close();
        closed.addLast(s);
        firstOpenable = Math.max(firstOpenable, s.index + 1);
    }

    /** Hands the finished oldest slices' events to the consumer, in slice order; with {@code wait}, at least one. */
    private void handOver(boolean wait) {
        while (!closed.isEmpty() && (wait || closed.peekFirst().events.isDone())) {
            Slice s = closed.pollFirst();
            try {
                List<Event> events = s.events.get();
                peakHeld = Math.max(peakHeld, s.held);
                slicesFused++;
                for (int k = 0; k < s.refused.size(); k++) {
                    onRejected.accept(s.refused.get(k), s.reasons.get(k));
                }
                events.forEach(out);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while fusing slice " + s.index, e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("fusing the slice from " + java.time.Instant.ofEpochSecond(0, s.start) + " failed: "
                        + e.getCause().getMessage(), e.getCause());
            }
            wait = false;
        }
    }

    /** End of the stream: fuses what is open and hands over every remaining event. */
    public void flush() {
        while (!open.isEmpty()) {
            closeOldest();
        }
        while (!closed.isEmpty()) {
            handOver(true);
        }
    }

    /** Detections the engines rejected (each counted once). */
    public long rejected() {
        return rejected.get();
    }

    /** The most detections one slice's engine held at once. */
    public int peakHeld() {
        return peakHeld;
    }

    /** Slices fused and handed over so far. */
    public long slices() {
        return slicesFused;
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
