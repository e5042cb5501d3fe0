package org.garant.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.garant.geo.LatLon;
import org.garant.geo.Theatre;
import org.garant.geo.TheatreProjection;
import org.garant.geo.io.GeoJson;
import org.garant.monitor.sense.Detection;
import org.garant.monitor.sense.KindHint;
import org.garant.monitor.sense.MonitorFiles;
import org.garant.monitor.sense.Sensor;
import org.garant.monitor.simulate.FireSimulator;
import org.garant.monitor.simulate.Intensity;
import org.garant.monitor.simulate.SensorNetwork;
import org.garant.monitor.simulate.TruthRecord;
import org.garant.server.GarantServer;
import org.garant.store.Located;
import org.garant.store.Role;
import org.garant.store.Store;

/**
 * The live demo: demo users of three nations, the simulated sensor network registered with the server, a dated
 * contact line, and a simulator that fires across the line in accelerated time and feeds what the network hears to
 * the ingest API over HTTP, with monitors' observations of some impacts, as a real deployment's feeders would.
 *
 * <p>Releasability is part of the picture: the sensors of the southern sector (west of {@link #RESTRICTED_WEST_OF_LON})
 * and every third observation are {@code REL TO UKR, FRA}; a British user sees neither them nor what is fused from them.
 * Restartable: users, sensors and the line are stored once; the simulated clock resumes after the newest stored event.
 */
final class LiveDemo implements AutoCloseable {
    /** A demo login. */
    record Login(String name, String password, String nation, Set<Role> roles) {
    }

    static final List<Login> LOGINS = List.of(
            new Login("ukr.monitor", "ukr-demo", "UKR", EnumSet.of(Role.MONITOR, Role.ANALYST)),
            new Login("fra.analyst", "fra-demo", "FRA", EnumSet.of(Role.ANALYST, Role.MONITOR, Role.OFFICIAL)),
            new Login("gbr.planner", "gbr-demo", "GBR", EnumSet.of(Role.PLANNER, Role.OFFICIAL)));
    static final double RESTRICTED_WEST_OF_LON = 36.5;
    static final String RESTRICTED = "REL TO UKR, FRA";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] COMPASS = {"N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW", "WSW", "W", "WNW", "NW", "NNW"};

    private final GarantServer server;
    private final Theatre theatre;
    private final Intensity intensity;
    private final double speed;
    private final long seed;
    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Sensor> sensors;
    private final Map<String, String> sensorMarking = new LinkedHashMap<>();
    private final AtomicLong detectionsSent = new AtomicLong();
    private final AtomicLong observationsSent = new AtomicLong();
    private volatile boolean running = true;
    private Thread feeder;
    private String token;

    LiveDemo(GarantServer server, Theatre theatre, Intensity intensity, double speed, long seed) {
        this.server = server;
        this.theatre = theatre;
        this.intensity = intensity;
        this.speed = speed;
        this.seed = seed;
        this.base = "http://127.0.0.1:" + server.port();
        this.sensors = SensorNetwork.place(theatre, SensorNetwork.Options.defaults());
        for (Sensor s : sensors) {
            sensorMarking.put(s.id(), s.position().lon() < RESTRICTED_WEST_OF_LON ? RESTRICTED : "COALITION");
        }
    }

    /** Creates the demo users that do not exist yet; registers the network and the dated line (idempotent). */
    void prepare() {
        Store store = server.store();
        Set<String> existing = new java.util.HashSet<>();
        store.users().list().forEach(u -> existing.add(u.name()));
        for (Login l : LOGINS) {
            if (!existing.contains(l.name())) {
                store.users().create("demo", l.name(), l.nation(), l.roles(), l.password());
            }
        }
        token = store.users().issueToken("demo", LOGINS.get(0).name(), "garant demo feeder").secret();
        for (String marking : List.of("COALITION", RESTRICTED)) {
            ObjectNode body = JSON.createObjectNode().put("releasability", marking);
            ArrayNode a = body.putArray("sensors");
            sensors.stream().filter(s -> sensorMarking.get(s.id()).equals(marking)).forEach(s -> a.add(GarantServer.sensorJson(s)));
            post("/api/sensors", body);
        }
        if (server.store().documents().get("GBR", "coalition", "current").isEmpty()) {
            // the demo coalition, stored as a planner would (a versioned, audited document): the UI and the plans read it
            ObjectNode body = JSON.createObjectNode().put("releasability", "COALITION");
            ObjectNode files = body.putObject("files");
            for (String f : List.of("nations.csv", "conditions.csv", "sites.csv", "requirements.csv", "pledges.csv", "caveats.csv")) {
                try (java.io.InputStream in = org.garant.plan.io.CoalitionCsv.class.getResourceAsStream("/org/garant/plan/demo/" + f)) {
                    files.put(f, new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            String planner = store.users().issueToken("demo", "gbr.planner", "garant demo coalition").secret();
            send("PUT", "/api/coalition", body, planner);
        }
        ObjectNode line = JSON.createObjectNode().put("date", LocalDate.now(ZoneOffset.UTC).toString());
        line.set("contact_line", JSON.valueToTree(GeoJson.toJson(theatre.contactLine())));
        post("/api/theatre/versions", line);
    }

    int sensors() {
        return sensors.size();
    }

    long detectionsSent() {
        return detectionsSent.get();
    }

    long observationsSent() {
        return observationsSent.get();
    }

    /** Where the simulated clock starts: after the newest stored event, or now. */
    Instant resumeAt() {
        List<Located.Point> newest = server.store().located().points("UKR", Located.Table.EVENTS,
                new Located.Query(null, Long.MIN_VALUE, Long.MAX_VALUE, null, null, null, 1, 0));
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        if (newest.isEmpty()) {
            return now;
        }
        Instant after = Instant.ofEpochSecond(0, newest.get(0).timeNs()).plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return after.isAfter(now) ? after : now;
    }

    /** Starts feeding in the background from the simulated instant {@code start}. */
    void start(Instant start) {
        feeder = new Thread(() -> feed(start), "garant-demo-feeder");
        feeder.setDaemon(true);
        feeder.start();
    }

    private void feed(Instant start) {
        long wall0 = System.nanoTime();
        long sim0 = start.getEpochSecond() * 1_000_000_000L;
        SplittableRandom rnd = new SplittableRandom(seed ^ start.getEpochSecond());
        List<TruthRecord> impacts = new ArrayList<>();
        Instant chunkStart = start;
        int chunk = 0;
        while (running) {
            String prefix = "demo" + chunkStart.getEpochSecond() + "-";
            FireSimulator sim = new FireSimulator(theatre, sensors, intensity, 1, seed + chunk, chunkStart, 10, t -> {
                if (t.kind() == KindHint.IMPACT && rnd.nextInt(25) == 0) {
                    impacts.add(t);
                }
            });
            Map<String, List<String>> batch = new LinkedHashMap<>();
            long nextPost = System.nanoTime();
            while (running && sim.hasNext()) {
                Detection d = sim.next();
                long due = wall0 + (long) ((d.arrivalNs() - sim0) / speed);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    flush(batch, impacts, prefix);
                    sleepNs(Math.min(wait, 500_000_000L));
                    while (running && System.nanoTime() < due) {
                        sleepNs(Math.min(due - System.nanoTime(), 200_000_000L));
                    }
                }
                Detection renamed = new Detection(prefix + d.id(), d.sensorId(), d.arrivalNs(), d.bearingDeg(), d.bearingSigmaDeg(),
                        d.kindHint(), d.amplitude());
                batch.computeIfAbsent(sensorMarking.get(d.sensorId()), k -> new ArrayList<>()).add(MonitorFiles.detectionLine(renamed));
                if (System.nanoTime() >= nextPost) {
                    flush(batch, impacts, prefix);
                    nextPost = System.nanoTime() + 200_000_000L;
                }
            }
            flush(batch, impacts, prefix);
            chunkStart = chunkStart.plusSeconds(3600);
            chunk++;
        }
    }

    private void flush(Map<String, List<String>> batch, List<TruthRecord> impacts, String prefix) {
        for (Map.Entry<String, List<String>> e : batch.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            StringBuilder sb = new StringBuilder("{\"releasability\":\"").append(e.getKey()).append("\",\"detections\":[");
            sb.append(String.join(",", e.getValue())).append("]}");
            if (post("/api/ingest/detections", sb.toString()) != null) {
                detectionsSent.addAndGet(e.getValue().size());
            }
            e.getValue().clear();
        }
        if (!impacts.isEmpty()) {
            ArrayNode coalition = JSON.createArrayNode();
            ArrayNode restricted = JSON.createArrayNode();
            for (TruthRecord t : impacts) {
                ObjectNode o = observation(t, prefix);
                (observationsSent.incrementAndGet() % 3 == 0 ? restricted : coalition).add(o);
            }
            impacts.clear();
            for (ArrayNode a : List.of(coalition, restricted)) {
                if (!a.isEmpty()) {
                    ObjectNode body = JSON.createObjectNode().put("releasability", a == coalition ? "COALITION" : RESTRICTED);
                    body.set("observations", a);
                    post("/api/ingest/observations", body);
                }
            }
        }
    }

    /** A monitor 2–5 km from an impact reports it by compass direction and a distance band, as OSCE monitors did. */
    private ObjectNode observation(TruthRecord t, String prefix) {
        double[] ll = new double[2];
        double bearing = (t.roundId() * 137.5) % 360;
        double km = 2 + (t.roundId() % 3);
        double b = Math.toRadians(bearing);
        TheatreProjection.inverse(t.x() - km * 1000 * Math.sin(b), t.y() - km * 1000 * Math.cos(b), ll);
        LatLon observer = new LatLon(ll[1], ll[0]);
        Instant at = Instant.ofEpochSecond(0, t.timeNs());
        return JSON.createObjectNode().put("id", "obs-" + prefix + t.roundId()).put("lat", Math.round(observer.lat() * 1e5) / 1e5)
                .put("lon", Math.round(observer.lon() * 1e5) / 1e5).put("from", at.minusSeconds(60).toString())
                .put("to", at.plusSeconds(60).toString()).put("what", "EXPLOSION").put("count", 1)
                .put("direction", COMPASS[(int) Math.round(bearing / 22.5) % 16])
                .put("distance", String.format(Locale.ROOT, "%d–%d km", (int) km - 1, (int) km + 1))
                .put("text", "Heard and saw one explosion " + COMPASS[(int) Math.round(bearing / 22.5) % 16] + " of the observation post.");
    }

    private static void sleepNs(long ns) {
        try {
            Thread.sleep(Math.max(1, ns / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private JsonNode post(String path, Object body) {
        return send("POST", path, body, token);
    }

    private JsonNode send(String method, String path, Object body, String bearer) {
        try {
            HttpRequest r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : JSON.writeValueAsString(body))).build();
            HttpResponse<String> resp = http.send(r, HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() >= 300) {
                System.err.println("demo: " + path + " answered " + resp.statusCode() + ": " + resp.body());
                return null;
            }
            return JSON.readTree(resp.body());
        } catch (IOException e) {
            if (running) {
                System.err.println("demo: " + path + " failed: " + e.getMessage());
            }
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() {
        running = false;
        if (feeder != null) {
            feeder.interrupt();
            try {
                feeder.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
