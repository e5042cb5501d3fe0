package org.garant.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;

import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.garant.geo.Theatre;
import org.garant.geo.demo.DemoTheatre;
import org.garant.monitor.sense.Detection;
import org.garant.monitor.sense.MonitorFiles;
import org.garant.monitor.sense.Sensor;
import org.garant.monitor.simulate.FireSimulator;
import org.garant.monitor.simulate.Intensity;
import org.garant.monitor.simulate.SensorNetwork;
import org.garant.server.GarantServer;
import org.garant.store.Located;
import org.garant.store.Releasability;
import org.garant.store.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Load benchmark of the server on loopback: durable ingest of simulated war-intensity detections over",
                "HTTP (batched), then event queries by box and time over a million stored events at a fixed request rate",
                "while ingest goes on. Prints ingest_per_s, query_p50_ms, query_p99_ms, requests_per_s."})
final class ServerBench implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--db", paramLabel = "DIR|URL", description = "the store (default: a new embedded store in a temporary folder)")
    String db;

    @Option(names = "--detections", defaultValue = "1000000", description = "detections to ingest in the measured ingest phase, after the warm-up (default: ${DEFAULT-VALUE})")
    int detections;

    @Option(names = "--ingest-warmup", defaultValue = "1000000",
            description = {"detections ingested (and fused) first, not measured: the server's code compiled as in a server that has run a while",
                    "(their rate is printed as ingest_warmup_per_s; default: ${DEFAULT-VALUE})"})
    int ingestWarmup;

    @Option(names = "--batch", defaultValue = "5000", description = "detections per request (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--clients", defaultValue = "2", description = "concurrent ingest clients (default: ${DEFAULT-VALUE})")
    int clients;

    @Option(names = "--events", defaultValue = "1000000", description = "events stored before the query phase (default: ${DEFAULT-VALUE})")
    int events;

    @Option(names = "--rate", defaultValue = "1000", description = "query requests per second offered (default: ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--seconds", defaultValue = "20", description = "length of the query phase (default: ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--ingest-rate", defaultValue = "1000",
            description = {"detections per second ingested during the query phase, in batches of a tenth of a second's worth",
                    "(default: ${DEFAULT-VALUE}: fifty times a simulated war day's average of 20/s, 1.7 M a day)"})
    int ingestRate;

    @Option(names = "--warmup", defaultValue = "20",
            description = {"seconds of unmeasured queries first, as fast as they go (JIT and page cache; default: ${DEFAULT-VALUE}),",
                    "then on until the JIT compiler is quiet (see --warmup-max)"})
    int warmup;

    @Option(names = "--warmup-max", defaultValue = "120",
            description = {"seconds the warm-up may last while the JIT compiler still works (under 5 % of one of its threads in each",
                    "of the last 3 seconds is quiet; the warm-up's length is printed as warmup_s; default: ${DEFAULT-VALUE})"})
    int warmupMax;

    @Option(names = "--latency-log", paramLabel = "FILE",
            description = "also write each measured query's due time and latency to this CSV file (due_ms,due_epoch_ms,latency_ms)")
    Path latencyLog;

    @Option(names = "--json", description = "print only the JSON line")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        Path tmp = null;
        String store = db;
        if (store == null) {
            tmp = Files.createTempDirectory("garant-bench-server");
            store = tmp.toString();
        }
        Theatre theatre = DemoTheatre.theatre();
        try (GarantServer server = GarantServer.start(new GarantServer.Options(store, "127.0.0.1", 0, GarantServer.DEFAULT_MAX_BODY,
                theatre, DemoTheatre.cities().sites(), -1))) {
            server.store().deleteAllForTests();
            server.store().users().create("bench", "bench", "FRA", EnumSet.of(Role.ADMIN, Role.ANALYST), null);
            String token = server.store().users().issueToken("bench", "bench", "bench").secret();
            String base = "http://127.0.0.1:" + server.port();
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

            List<Sensor> sensors = SensorNetwork.place(theatre, SensorNetwork.Options.defaults());
            ObjectNode sensorBody = Json.object();
            ArrayNode sa = sensorBody.putArray("sensors");
            sensors.forEach(s -> sa.add(GarantServer.sensorJson(s)));
            post(http, base + "/api/sensors", token, Json.line(sensorBody));

            // ---- ingest: request bodies prepared first, so the figure is the server's, not the simulator's
            err.printf(Locale.ROOT, "preparing %,d war-intensity detections in batches of %,d...%n", detections, batch);
            err.flush();
            FireSimulator sim = new FireSimulator(theatre, sensors, Intensity.parse("war"), 24 * 7, 11,
                    Instant.parse("2026-05-01T00:00:00Z"), 10, r -> { });
            // the ingest phase's batches, then those ingested during the query phase: the rate for the whole phase, in
            // batches of a tenth of a second's worth (as a feeder posts them), with ids of their own
            int backgroundBatch = Math.max(1, Math.min(batch, ingestRate / 10));
            long backgroundCount = (long) ingestRate * (seconds + 5);
            List<String> warmupBodies = new ArrayList<>();
            List<String> ingestBodies = new ArrayList<>();
            List<String> backgroundBodies = new ArrayList<>();
            StringBuilder sb = new StringBuilder();
            long n = 0;
            long measuredEnd = (long) ingestWarmup + detections;
            while (n < measuredEnd + backgroundCount && sim.hasNext()) {
                Detection d = sim.next();
                sb.append(sb.length() == 0 ? "{\"releasability\":\"COALITION\",\"detections\":[" : ",").append(MonitorFiles.detectionLine(d));
                n++;
                boolean full = n <= ingestWarmup ? n % batch == 0 || n == ingestWarmup
                        : n <= measuredEnd ? (n - ingestWarmup) % batch == 0 || n == measuredEnd : (n - measuredEnd) % backgroundBatch == 0;
                if (full) {
                    (n <= ingestWarmup ? warmupBodies : n <= measuredEnd ? ingestBodies : backgroundBodies).add(sb.append("]}").toString());
                    sb.setLength(0);
                }
            }
            if (sb.length() > 0) {
                backgroundBodies.add(sb.append("]}").toString());
            }
            int ingested = 0;
            for (String b : ingestBodies) {
                ingested += count(b);
            }
            double warmupPerS = Double.NaN;
            if (!warmupBodies.isEmpty()) {
                int w = 0;
                for (String b : warmupBodies) {
                    w += count(b);
                }
                err.printf(Locale.ROOT, "warming up: ingesting %,d detections with %d clients (not measured)...%n", w, clients);
                err.flush();
                warmupPerS = w / ingest(http, base, token, warmupBodies, w);
                err.printf(Locale.ROOT, "warm-up ingest: %,.0f detections/s; waiting for them to be fused...%n", warmupPerS);
                err.flush();
                // the measured ingest starts where a server at rest would: with no fusion left over from the warm-up
                server.awaitFusion(false);
            }
            err.printf(Locale.ROOT, "ingesting %,d detections with %d clients...%n", ingested, clients);
            err.flush();
            java.lang.management.CompilationMXBean jit = java.lang.management.ManagementFactory.getCompilationMXBean();
            long jit0 = jit.getTotalCompilationTime();
            java.util.Map<String, Long> cpu0 = cpuByThreadPrefix();
            double ingestS = ingest(http, base, token, ingestBodies, ingested);
            // the JIT compiler still at work in the measured phase (per-request code runs only once per batch, so it
            // is compiled late): its share of the two cores is not the server's steady state
            long jitMs = jit.getTotalCompilationTime() - jit0;
            java.util.Map<String, Long> cpu1 = cpuByThreadPrefix();
            double ingestPerS = ingested / ingestS;
            err.printf(Locale.ROOT, "ingest: %,.0f detections/s (%,d in %.1f s), every one acknowledged after commit%n", ingestPerS, ingested, ingestS);
            err.flush();
            // the live fusion runs behind a burst of ingest: how long it took to catch up (its events stored) after the last answer
            long tCatchup = System.nanoTime();
            server.awaitFusion(false);
            double fusionCatchupS = (System.nanoTime() - tCatchup) / 1e9;
            java.util.Map<String, Long> cpu2 = cpuByThreadPrefix();
            // CPU per detection: the HTTP threads (parse, validate, store) in the measured ingest; the live fusion's
            // thread from the measured ingest's start until it caught up (all it did for those detections)
            Double ingestCpuUs = usPerDetection(cpu0, cpu1, HTTP_THREADS, ingested);
            Double fusionCpuUs = usPerDetection(cpu0, cpu2, FUSION_THREAD, ingested);
            err.printf(Locale.ROOT, "fusion caught up %.1f s after the last answer%n", fusionCatchupS);

            // ---- a million events, stored directly (as fusion would have), spread over a year along the line
            err.printf(Locale.ROOT, "storing %,d events over a year along the line...%n", events);
            err.flush();
            Random rnd = new Random(5);
            long yearStart = Instant.parse("2026-01-01T00:00:00Z").getEpochSecond() * 1_000_000_000L;
            long yearNs = 365L * 86_400 * 1_000_000_000L;
            String[] markings = {"COALITION", "COALITION", "REL TO FRA", "REL TO GBR", "REL TO FRA, POL"};
            Progress progress = new Progress(err, "storing events", events);
            long tLoad = System.nanoTime();
            // in time order, as the live fusion stores them (events stored in random time order rewrite most index pages
            // on every commit: 4 times slower to load and a file 10 times larger, BENCHMARKS.md)
            long[] times = new long[events];
            for (int i = 0; i < events; i++) {
                times[i] = yearStart + (long) (rnd.nextDouble() * yearNs);
            }
            java.util.Arrays.sort(times);
            for (int i = 0; i < events; ) {
                List<Located.Row> rows = new ArrayList<>(10_000);
                for (int k = 0; k < 10_000 && i < events; k++, i++) {
                    Sensor s = sensors.get(rnd.nextInt(sensors.size()));
                    double lon = s.position().lon() + (rnd.nextDouble() - 0.5) * 0.3;
                    double lat = s.position().lat() + (rnd.nextDouble() - 0.5) * 0.2;
                    long t = times[i];
                    String kind = rnd.nextBoolean() ? "IMPACT" : "LAUNCH";
                    String id = "bench-e" + i;
                    rows.add(new Located.Row(id, t, lon, lat, kind, rnd.nextBoolean() ? "UKRAINE_HELD" : "OCCUPIED", false,
                            "{\"id\":\"" + id + "\",\"kind\":\"" + kind + "\",\"time\":\"" + Instant.ofEpochSecond(0, t) + "\"}",
                            Releasability.parse(markings[rnd.nextInt(markings.length)])));
                }
                server.store().located().insert("bench", Located.Table.EVENTS, rows);
                progress.update(i);
            }
            progress.done();
            err.printf(Locale.ROOT, "stored in %.1f s%n", (System.nanoTime() - tLoad) / 1e9);

            // ---- queries at a fixed offered rate while ingest goes on at a fixed rate (from the first measured request to
            // the last; after the burst above is fused)
            err.println("waiting for the ingested detections to be fused...");
            err.flush();
            server.awaitFusion(false);
            err.printf(Locale.ROOT, "querying at %d requests/s for %d s while %,d detections/s are ingested...%n", rate, seconds, ingestRate);
            err.flush();
            err.printf(Locale.ROOT, "warming up for %d s, then until the JIT compiler is quiet, at most %d s "
                    + "(queries as fast as they go, not measured)...%n", warmup, Math.max(warmup, warmupMax));
            err.flush();
            AtomicBoolean warming = new AtomicBoolean(true);
            List<Thread> warmers = new ArrayList<>();
            // as many connections as the measured phase uses, so that every one of them (and every pooled database
            // connection behind them: a PostgreSQL backend plans and caches its statements per connection) has served
            // queries, as in a server that has run a while
            for (int w = 0; w < QUERY_CONNECTIONS; w++) {
                int seed = w;
                Thread t = new Thread(() -> {
                    Random r = new Random(seed);
                    try (LoopbackHttp conn = new LoopbackHttp(server.port())) {
                        while (warming.get()) {
                            conn.get(eventQuery(sensors, r, yearStart, yearNs), token);
                        }
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                t.start();
                warmers.add(t);
            }
            double warmupS = warmUntilCompiled(jit, warmup, warmupMax);
            warming.set(false);
            for (Thread t : warmers) {
                t.join();
            }
            err.printf(Locale.ROOT, "warmed up for %.0f s%n", warmupS);
            err.flush();
            AtomicInteger failures = new AtomicInteger();
            // open loop: request i is due at start + i/rate; 32 connections take the due requests in turn, and each
            // latency counts from the request's due time (so waiting for a free connection counts against the server)
            long intervalNs = 1_000_000_000L / rate;
            int total = rate * seconds;
            // each request's latency by its number (-1: failed), for the percentiles and the optional log
            long[] latencies = new long[total];
            java.util.Arrays.fill(latencies, -1);
            AtomicInteger nextRequest = new AtomicInteger();
            String[] urls = new String[total];
            for (int i = 0; i < total; i++) {
                urls[i] = eventQuery(sensors, rnd, yearStart, yearNs);
            }
            long jitQueries0 = jit.getTotalCompilationTime();
            long start = System.nanoTime() + 100_000_000L;
            long startEpochMs = System.currentTimeMillis() + 100;
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicLong backgroundIngested = new AtomicLong();
            java.util.concurrent.atomic.AtomicReference<RuntimeException> backgroundFailure = new java.util.concurrent.atomic.AtomicReference<>();
            Thread background = new Thread(() -> {
                long began = start;
                for (int i = 0; running.get() && i < backgroundBodies.size(); i++) {
                    long due = began + (long) (backgroundIngested.get() * 1e9 / ingestRate);
                    // in slices, so that the end of the query phase stops a slow rate's long wait
                    for (long wait = due - System.nanoTime(); wait > 0 && running.get(); wait = due - System.nanoTime()) {
                        java.util.concurrent.locks.LockSupport.parkNanos(Math.min(wait, 100_000_000L));
                    }
                    if (!running.get()) {
                        break;
                    }
                    try {
                        post(http, base + "/api/ingest/detections", token, backgroundBodies.get(i));
                    } catch (RuntimeException e) {
                        backgroundFailure.set(e);
                        break;
                    }
                    backgroundIngested.addAndGet(count(backgroundBodies.get(i)));
                }
            });
            background.start();

            List<Thread> workers = new ArrayList<>();
            for (int w = 0; w < QUERY_CONNECTIONS; w++) {
                Thread t = new Thread(() -> {
                    try (LoopbackHttp conn = new LoopbackHttp(server.port())) {
                        for (int i = nextRequest.getAndIncrement(); i < total; i = nextRequest.getAndIncrement()) {
                            long due = start + i * intervalNs;
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                java.util.concurrent.locks.LockSupport.parkNanos(wait);
                            }
                            if (conn.get(urls[i], token) == 200) {
                                latencies[i] = System.nanoTime() - due;
                            } else {
                                failures.incrementAndGet();
                            }
                        }
                    } catch (java.io.IOException e) {
                        failures.incrementAndGet();
                    }
                });
                t.start();
                workers.add(t);
            }
            for (Thread t : workers) {
                t.join();
            }
            double queryS = (System.nanoTime() - start) / 1e9;
            long jitQueriesMs = jit.getTotalCompilationTime() - jitQueries0;
            running.set(false);
            background.join();
            if (backgroundFailure.get() != null) {
                throw new IllegalStateException("ingest during the queries failed: " + backgroundFailure.get().getMessage(), backgroundFailure.get());
            }
            long[] lat = java.util.Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
            if (latencyLog != null) {
                // when each request was due (ms from the first) and how long it took: where the slow ones are in time
                StringBuilder csv = new StringBuilder("due_ms,due_epoch_ms,latency_ms\n");
                for (int i = 0; i < total; i++) {
                    csv.append(String.format(Locale.ROOT, "%.1f,%d,%s%n", i * intervalNs / 1e6, startEpochMs + i * intervalNs / 1_000_000,
                            latencies[i] < 0 ? "failed" : String.format(Locale.ROOT, "%.3f", latencies[i] / 1e6)));
                }
                Files.writeString(latencyLog, csv);
            }
            double p50 = lat.length == 0 ? Double.NaN : lat[lat.length / 2] / 1e6;
            double p99 = lat.length == 0 ? Double.NaN : lat[Math.min(lat.length - 1, (int) Math.ceil(lat.length * 0.99) - 1)] / 1e6;
            server.awaitFusion(false);

            ObjectNode o = Json.object();
            o.put("database", server.store().dialect().vendor());
            o.put("ingest_per_s", Math.round(ingestPerS));
            o.put("ingest_warmup_per_s", Double.isNaN(warmupPerS) ? null : Math.round(warmupPerS));
            o.put("fusion_catchup_s", Json.round(fusionCatchupS, 1));
            o.put("jit_compile_ms_during_ingest", jitMs);
            o.put("ingest_cpu_us_per_detection", ingestCpuUs);
            o.put("fusion_cpu_us_per_detection", fusionCpuUs);
            o.put("ingest_batch", batch);
            o.put("ingest_clients", clients);
            o.put("events_stored", server.store().located().count(Located.Table.EVENTS));
            o.put("query_p50_ms", Json.round(p50, 2));
            o.put("query_p99_ms", Json.round(p99, 2));
            o.put("requests_per_s", Math.round(lat.length / queryS));
            o.put("requests_offered_per_s", rate);
            o.put("request_failures", failures.get());
            o.put("ingest_during_queries_per_s", Math.round(backgroundIngested.get() / queryS));
            o.put("warmup_s", Math.round(warmupS));
            o.put("jit_compile_ms_during_queries", jitQueriesMs);
            if (!json) {
                spec.commandLine().getOut().printf(Locale.ROOT, "ingest %,.0f detections/s; queries p50 %.1f ms, p99 %.1f ms at %,d requests/s%n",
                        ingestPerS, p50, p99, Math.round(lat.length / queryS));
            }
            spec.commandLine().getOut().println(Json.line(o));
            spec.commandLine().getOut().flush();
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
        return 0;
    }

    /**
     * Waits while the warm-up's queries run: at least {@code minS} seconds, then until the JIT compiler is quiet (under
     * 50 ms of compilation in each of the last 3 seconds) or {@code maxS} seconds have passed (never less than
     * {@code minS}); returns the seconds waited.
     * On two cores a fixed 20 s left the compiler's single C2 thread busy for the first 10–15 s of the measured phase (a
     * backlog of the HTTP, JDBC and JSON code the queries run, each compiled in 0.3–2 s; BENCHMARKS.md, tenth session):
     * a server's first minute, not the steady state the goal is about.
     */
    static double warmUntilCompiled(java.lang.management.CompilationMXBean jit, int minS, int maxS) throws InterruptedException {
        long t0 = System.nanoTime();
        if (!jit.isCompilationTimeMonitoringSupported()) {
            Thread.sleep(minS * 1000L);
            return (System.nanoTime() - t0) / 1e9;
        }
        long last = jit.getTotalCompilationTime();
        int quietSeconds = 0;
        for (int s = 1; ; s++) {
            Thread.sleep(1000);
            long now = jit.getTotalCompilationTime();
            quietSeconds = now - last < 50 ? quietSeconds + 1 : 0;
            last = now;
            if (s >= minS && (s >= maxS || quietSeconds >= 3)) {
                return (System.nanoTime() - t0) / 1e9;
            }
        }
    }

    /** Connections the queries are sent on (warm-up and measured phase). */
    private static final int QUERY_CONNECTIONS = 32;
    private static final String HTTP_THREADS = "JettyServerThreadPool";
    private static final String FUSION_THREAD = "garant-live-fusion";

    /** CPU time (ns) used so far by the server's HTTP threads and by its live fusion's thread, for each found (threads gone since are not counted). */
    private static java.util.Map<String, Long> cpuByThreadPrefix() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        java.util.Map<String, Long> out = new java.util.HashMap<>();
        for (java.lang.management.ThreadInfo ti : mx.getThreadInfo(mx.getAllThreadIds())) {
            long ns = ti == null ? -1 : mx.getThreadCpuTime(ti.getThreadId());
            if (ns < 0) {
                continue;
            }
            for (String prefix : List.of(HTTP_THREADS, FUSION_THREAD)) {
                if (ti.getThreadName().startsWith(prefix)) {
                    out.merge(prefix, ns, Long::sum);
                }
            }
        }
        return out;
    }

    /** µs of CPU per detection between two readings; null (not 0) when no such thread was found, e.g. renamed by a new Javalin. */
    private static Double usPerDetection(java.util.Map<String, Long> before, java.util.Map<String, Long> after, String threads, long detections) {
        Long a = after.get(threads);
        return a == null || detections == 0 ? null : Json.round((a - before.getOrDefault(threads, 0L)) / 1e3 / detections, 2);
    }

    /** One day, chosen at random in the year, in a 0.5° × 0.3° box centred on a random sensor. */
    private static String eventQuery(List<Sensor> sensors, Random rnd, long yearStart, long yearNs) {
        Sensor s = sensors.get(rnd.nextInt(sensors.size()));
        long from = yearStart + (long) (rnd.nextDouble() * (yearNs - 86_400_000_000_000L));
        return String.format(Locale.ROOT, "/api/events?bbox=%.4f,%.4f,%.4f,%.4f&from=%s&to=%s&size=100", s.position().lon() - 0.25,
                s.position().lat() - 0.15, s.position().lon() + 0.25, s.position().lat() + 0.15, Instant.ofEpochSecond(0, from),
                Instant.ofEpochSecond(0, from + 86_400_000_000_000L));
    }

    private static int count(String body) {
        int c = 0;
        for (int i = body.indexOf("{\"id\""); i >= 0; i = body.indexOf("{\"id\"", i + 1)) {
            c++;
        }
        return c;
    }

    /**
     * Posts the batches from {@link #clients} concurrent clients; the seconds it took until every one was answered.
     * IllegalStateException if a batch was refused or fewer detections than sent were acknowledged (a refused batch is
     * a failed benchmark, not a faster one).
     */
    private double ingest(HttpClient http, String base, String token, List<String> bodies, long sent) throws InterruptedException {
        AtomicInteger nextBody = new AtomicInteger();
        AtomicLong acknowledged = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<RuntimeException> failure = new java.util.concurrent.atomic.AtomicReference<>();
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            Thread t = new Thread(() -> {
                try {
                    for (int i = nextBody.getAndIncrement(); i < bodies.size() && failure.get() == null; i = nextBody.getAndIncrement()) {
                        com.fasterxml.jackson.databind.JsonNode answer = Json.MAPPER.readTree(post(http, base + "/api/ingest/detections", token,
                                bodies.get(i)));
                        acknowledged.addAndGet(answer.path("stored").asLong() + answer.path("duplicates").asLong());
                    }
                } catch (RuntimeException | java.io.IOException e) {
                    failure.compareAndSet(null, e instanceof RuntimeException r ? r : new IllegalStateException(e));
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (failure.get() != null) {
            throw new IllegalStateException("ingest failed: " + failure.get().getMessage(), failure.get());
        }
        if (acknowledged.get() != sent) {
            throw new IllegalStateException("ingest: " + acknowledged.get() + " of " + sent + " detections acknowledged");
        }
        return seconds;
    }

    /** The answer's body; IllegalStateException unless it is 200. */
    private static String post(HttpClient http, String url, String token, String body) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("POST " + url + " answered " + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("POST " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

}
