package org.garant.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.garant.geo.Theatre;
import org.garant.geo.demo.DemoTheatre;
import org.garant.monitor.sense.Detection;
import org.garant.monitor.sense.MonitorFiles;
import org.garant.monitor.sense.Sensor;
import org.garant.monitor.simulate.FireSimulator;
import org.garant.monitor.simulate.Intensity;
import org.garant.monitor.simulate.SensorNetwork;
import org.garant.store.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The server on a real port over the embedded store: authentication, roles, bad input, ingest, live fusion, plans. */
class ServerTest {
    @TempDir
    static Path dir;
    static GarantServer server;
    static Client client;
    static String admin;
    static String analystFra;
    static String monitorGbr;
    static String officialPol;

    @BeforeAll
    static void start() {
        server = GarantServer.start(new GarantServer.Options(dir.toString(), "127.0.0.1", 0, 1_000_000, DemoTheatre.theatre(),
                DemoTheatre.cities().sites(), -1));
        client = new Client(server.port());
        var users = server.store().users();
        users.create("test", "root", "UKR", EnumSet.of(Role.ADMIN), "root password 1");
        admin = users.issueToken("test", "root", "t").secret();
        users.create("test", "anna", "FRA", EnumSet.of(Role.ANALYST), null);
        analystFra = users.issueToken("test", "anna", "t").secret();
        users.create("test", "mike", "GBR", EnumSet.of(Role.MONITOR), null);
        monitorGbr = users.issueToken("test", "mike", "t").secret();
        users.create("test", "olga", "POL", EnumSet.of(Role.OFFICIAL), null);
        officialPol = users.issueToken("test", "olga", "t").secret();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String sensorsBody(List<Sensor> sensors) {
        ObjectNode b = Json.MAPPER.createObjectNode();
        ArrayNode a = b.putArray("sensors");
        sensors.forEach(s -> a.add(GarantServer.sensorJson(s)));
        return Json.write(b);
    }

    @Test
    void authenticationAndRoles() {
        assertThat(client.get("/api/events", null).status()).isEqualTo(401);
        assertThat(client.get("/api/events", "gt_nonsense").json().path("detail").asText()).contains("unknown or revoked");
        assertThat(client.get("/api/users", analystFra).status()).isEqualTo(403);
        assertThat(client.post("/api/ingest/observations", officialPol, "{\"observations\":[]}").status()).isEqualTo(403);
        assertThat(client.get("/health", null).status()).isEqualTo(200);

        Client.Response login = client.post("/api/login", null, "{\"name\":\"root\",\"password\":\"root password 1\"}");
        assertThat(login.status()).isEqualTo(200);
        String token = login.json().get("token").asText();
        assertThat(client.get("/api/me", token).json().get("nation").asText()).isEqualTo("UKR");
        assertThat(client.post("/api/login", null, "{\"name\":\"root\",\"password\":\"wrong\"}").status()).isEqualTo(401);
        assertThat(client.send("DELETE", "/api/tokens/" + login.json().get("token_id").asText(), token, null).status()).isEqualTo(204);
        assertThat(client.get("/api/me", token).status()).isEqualTo(401); // revoked: refused on the next request

        Client.Response created = client.post("/api/users", admin, "{\"name\":\"zed\",\"nation\":\"NLD\",\"roles\":[\"PLANNER\"]}");
        assertThat(created.status()).isEqualTo(201);
        assertThat(client.get("/api/me", created.json().get("token").asText()).json().get("roles").get(0).asText()).isEqualTo("PLANNER");
        assertThat(client.post("/api/users", admin, "{\"name\":\"zed2\",\"nation\":\"NLD\",\"roles\":[\"KING\"]}").json()
                .get("detail").asText()).contains("role 'KING'");
    }

    @Test
    void badInputGetsFourHundredsNamingTheFieldAndLosesNothing() {
        client.post("/api/sensors", admin, sensorsBody(SensorNetwork.place(DemoTheatre.theatre(), SensorNetwork.Options.defaults()).subList(0, 5)));
        String sensor = SensorNetwork.place(DemoTheatre.theatre(), SensorNetwork.Options.defaults()).get(0).id();
        String good = "{\"detections\":[{\"id\":\"bad-test-1\",\"sensor\":\"" + sensor + "\",\"time\":\"2026-05-01T00:00:00Z\"}]}";
        assertThat(client.post("/api/ingest/detections", analystFra, good).json().get("stored").asInt()).isEqualTo(1);
        long before = server.store().detections().count();

        Client.Response r = client.post("/api/ingest/detections", analystFra, "{\"detections\":[{\"id\":");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).isEqualTo("bad_request");
        assertThat(r.json().get("detail").asText()).contains("malformed JSON at line 1");

        r = client.post("/api/ingest/detections", analystFra, "{\"detections\":[{\"id\":\"x1\",\"sensor\":\"" + sensor
                + "\",\"time\":\"2026-05-01T00:00:00Z\"},{\"id\":\"x2\",\"sensor\":\"" + sensor + "\",\"time\":\"yesterday\"}]}");
        assertThat(r.json().get("detail").asText()).startsWith("detections[1]: field 'time'");
        r = client.post("/api/ingest/detections", analystFra, "{\"detections\":[{\"id\":\"x3\",\"sensor\":\"" + sensor
                + "\",\"time\":\"2026-05-01T00:00:00Z\",\"colour\":\"red\"}]}");
        assertThat(r.json().get("detail").asText()).startsWith("detections[0]: field 'colour' is unknown");
        r = client.post("/api/ingest/detections", analystFra, "{\"detections\":[{\"id\":7,\"sensor\":\"" + sensor + "\"}]}");
        assertThat(r.json().get("detail").asText()).isEqualTo("detections[0]: field 'id' must be a string");
        r = client.post("/api/ingest/detections", analystFra, "{\"detections\":{}}");
        assertThat(r.json().get("detail").asText()).isEqualTo("detections: must be an array, not object");
        r = client.post("/api/ingest/detections", analystFra, "{\"detections\":[{\"id\":\"x4\",\"sensor\":\"nope\",\"time\":\"2026-05-01T00:00:00Z\"}]}");
        assertThat(r.json().get("detail").asText()).contains("detections[0].sensor: unknown sensor 'nope'");
        client.post("/api/sensors", admin, "{\"releasability\":\"REL TO UKR\",\"sensors\":[{\"id\":\"ukr-only\",\"kind\":\"MICROPHONE\","
                + "\"lat\":48,\"lon\":37,\"clock_sigma_ms\":2,\"range_km\":20}]}");
        r = client.post("/api/ingest/detections", analystFra, "{\"detections\":[{\"id\":\"x5\",\"sensor\":\"ukr-only\",\"time\":\"2026-05-01T00:00:00Z\"}]}");
        assertThat(r.json().get("detail").asText()).contains("wider than sensor 'ukr-only'");
        r = client.post("/api/ingest/detections", analystFra, "{\"releasability\":\"SECRET\",\"detections\":[]}");
        assertThat(r.json().get("detail").asText()).startsWith("releasability:");
        r = client.post("/api/sites", admin, "{\"sites\":[{\"id\":\"s1\",\"mgrs\":\"37UXX\"}]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("detail").asText()).startsWith("sites[0]: field 'mgrs'");
        r = client.post("/api/ingest/detections", analystFra, "{\"detections\":[\"" + "x".repeat(1_100_000) + "\"]}");
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().get("error").asText()).isEqualTo("too_large");
        r = client.get("/api/events?bbox=30,50,29,51", analystFra);
        assertThat(r.json().get("detail").asText()).startsWith("bbox:");
        assertThat(client.get("/api/nothing-here", analystFra).status()).isEqualTo(404);

        assertThat(server.store().detections().count()).isEqualTo(before);
        assertThat(client.post("/api/ingest/detections", analystFra, good).json().get("duplicates").asInt()).isEqualTo(1);
        assertThat(server.store().detections().count()).isEqualTo(before);
    }

    @Test
    void detectionsAreFusedLiveIntoEventsOnTheFeed() throws Exception {
        Theatre t = DemoTheatre.theatre();
        List<Sensor> sensors = SensorNetwork.place(t, SensorNetwork.Options.defaults());
        assertThat(client.post("/api/sensors", analystFra, sensorsBody(sensors)).status()).isEqualTo(200);

        // a live-feed subscriber of each of two nations
        CopyOnWriteArrayList<String> fra = new CopyOnWriteArrayList<>();
        CopyOnWriteArrayList<String> gbr = new CopyOnWriteArrayList<>();
        client.subscribe(analystFra, fra);
        client.subscribe(monitorGbr, gbr);
        long deadline = System.currentTimeMillis() + 5000;
        while (server.feed().size() < 2 && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }

        FireSimulator sim = new FireSimulator(t, sensors, Intensity.parse("peak"), 2, 3, Instant.parse("2026-06-01T00:00:00Z"), 10, r -> { });
        List<String> lines = new ArrayList<>();
        while (sim.hasNext()) {
            Detection d = sim.next();
            lines.add(MonitorFiles.detectionLine(d));
        }
        for (int i = 0; i < lines.size(); i += 2000) {
            String body = "{\"releasability\":\"REL TO FRA\",\"detections\":[" + String.join(",", lines.subList(i, Math.min(lines.size(), i + 2000))) + "]}";
            Client.Response r = client.post("/api/ingest/detections", analystFra, body);
            assertThat(r.status()).as(r.body()).isEqualTo(200);
        }
        // live: events are stored while the stream runs, without an end of input
        long until = System.currentTimeMillis() + 20_000;
        while (server.store().located().count(org.garant.store.Located.Table.EVENTS) < 50 && System.currentTimeMillis() < until) {
            Thread.sleep(50);
        }
        assertThat(server.store().located().count(org.garant.store.Located.Table.EVENTS)).isGreaterThanOrEqualTo(50);
        server.awaitFusion(true);

        JsonNode events = client.get("/api/events?size=1000", analystFra).json();
        assertThat(events.get("type").asText()).isEqualTo("FeatureCollection");
        assertThat(events.get("features").size()).isGreaterThan(50);
        JsonNode first = events.get("features").get(0);
        assertThat(first.path("properties").path("releasability").asText()).isEqualTo("REL TO FRA");
        assertThat(first.path("geometry").path("type").asText()).isEqualTo("Point");
        // GBR may see none of it: every event came from REL TO FRA detections
        assertThat(client.get("/api/events?size=1000", monitorGbr).json().get("features").size()).isZero();

        String id = first.path("properties").path("id").asText();
        JsonNode one = client.get("/api/events/" + id, analystFra).json();
        assertThat(one.path("properties").path("evidence").size()).isEqualTo(one.path("properties").path("detections").size());
        assertThat(client.get("/api/events/" + id, monitorGbr).status()).isEqualTo(404);

        deadline = System.currentTimeMillis() + 10_000;
        while (fra.stream().noneMatch(l -> l.startsWith("event:")) && System.currentTimeMillis() < deadline) {
            Thread.sleep(50);
        }
        assertThat(fra).anyMatch(l -> l.equals("event: event"));
        assertThat(gbr).noneMatch(l -> l.startsWith("data:") && l.contains("\"REL"));
        assertThat(gbr).noneMatch(l -> l.equals("event: event"));

        JsonNode violations = client.get("/api/violations?size=1000", analystFra).json();
        assertThat(violations.get("features").size()).isGreaterThan(0);
        Client.Response report = client.get("/api/reports/daily?date=2026-06-01&format=json", analystFra);
        assertThat(report.status()).isEqualTo(200);
        assertThat(report.body()).contains("violations");
        assertThat(client.get("/metrics", null).body()).contains("garant_ingest_detections_total").contains("garant_fusion_lag");
    }

    @Test
    void observationsAreReviewedAndCorrectedNeverEdited() {
        String obs = "{\"id\":\"obs-77\",\"mgrs\":\"37UDQ0000010000\",\"from\":\"2026-06-01T10:00:00Z\",\"to\":\"2026-06-01T10:05:00Z\","
                + "\"what\":\"explosion\",\"count\":3,\"direction\":\"E\",\"distance\":\"2-4 km\",\"heading\":\"incoming\"}";
        Client.Response r = client.post("/api/ingest/observations", monitorGbr, "{\"releasability\":\"REL TO GBR, FRA\",\"observations\":[" + obs + "]}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().get("stored").asInt()).isEqualTo(1);
        assertThat(client.post("/api/ingest/observations", monitorGbr, "{\"observations\":[" + obs + "]}").json().get("duplicates").asInt()).isEqualTo(1);
        assertThat(client.get("/api/observations?review=UNVERIFIED", analystFra).json().get("features").size()).isEqualTo(1);
        assertThat(client.get("/api/observations", officialPol).json().get("features").size()).isZero();

        assertThat(client.post("/api/observations/obs-77/review", monitorGbr, "{\"decision\":\"VERIFIED\"}").status()).isEqualTo(403);
        assertThat(client.post("/api/observations/obs-77/review", analystFra, "{\"decision\":\"REJECTED\"}").json().get("detail").asText())
                .contains("reason");
        r = client.post("/api/observations/obs-77/corrections", monitorGbr, "{\"releasability\":\"REL TO GBR, FRA\",\"observation\":"
                + obs.replace("\"count\":3", "\"count\":4") + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(client.post("/api/observations/obs-77/review", analystFra, "{\"decision\":\"VERIFIED\",\"reason\":\"crater seen\"}").status())
                .isEqualTo(200);
        JsonNode h = client.get("/api/observations/obs-77", analystFra).json().get("versions");
        assertThat(h.size()).isEqualTo(2);
        assertThat(h.get(0).get("count").asInt()).isEqualTo(3);
        assertThat(h.get(0).get("review").asText()).isEqualTo("UNVERIFIED");
        assertThat(h.get(1).get("corrects").asInt()).isEqualTo(1);
        assertThat(h.get(1).get("review").asText()).isEqualTo("VERIFIED");
        JsonNode verified = client.get("/api/audit/verify", officialPol).json();
        assertThat(verified.get("ok").asBoolean()).as(verified.toString()).isTrue();
    }

    @Test
    void planningEndpointsAnswerAndTheOptimiserRunsAsAJob() throws Exception {
        JsonNode with = client.post("/api/plans/evaluate", officialPol, "{}").json();
        JsonNode conditions = with.get("scenario");
        String backstop = conditions.fieldNames().next();
        JsonNode without = client.post("/api/plans/evaluate", officialPol, "{\"scenario\":{\"" + backstop + "\":false}}").json();
        assertThat(without.get("fill_rate").asDouble()).isLessThanOrEqualTo(with.get("fill_rate").asDouble());
        assertThat(client.post("/api/plans/evaluate", officialPol, "{\"scenario\":{\"NO_SUCH\":false}}").json().get("detail").asText())
                .startsWith("scenario.NO_SUCH: unknown condition");
        assertThat(client.post("/api/plans/solve", officialPol, "{}").status()).isEqualTo(403);

        String planner = server.store().users().issueToken("test", "root", "p").secret();
        Client.Response job = client.post("/api/plans/solve", planner, "{\"seconds\":2}");
        assertThat(job.status()).isEqualTo(202);
        String id = job.json().get("job").asText();
        JsonNode status = null;
        for (int i = 0; i < 300; i++) {
            status = client.get("/api/jobs/" + id, planner).json();
            if (!status.get("state").asText().equals("RUNNING")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(status.get("state").asText()).isEqualTo("DONE");
        JsonNode plan = client.get(status.get("plan").asText(), planner).json();
        assertThat(plan.get("assignments").size()).isGreaterThan(0);
        assertThat(plan.get("hard_violations").asInt()).isZero();
    }

    @Test
    void datedContactLinesAreStoredAndServedByDate() {
        String line = "{\"type\":\"LineString\",\"coordinates\":[[36.0,49.9],[37.5,48.6],[37.6,47.6],[35.2,47.2]]}";
        Client.Response r = client.post("/api/theatre/versions", analystFra, "{\"date\":\"2026-03-01\",\"contact_line\":" + line + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().get("km").asDouble()).isBetween(460.0, 500.0);
        assertThat(client.post("/api/theatre/versions", analystFra, "{\"date\":\"2026-03-01\",\"contact_line\":" + line + "}").status())
                .isEqualTo(200);
        client.post("/api/theatre/versions", analystFra, "{\"date\":\"2026-04-01\",\"contact_line\":"
                + line.replace("35.2,47.2", "35.0,47.0") + "}");
        JsonNode march = client.get("/api/theatre?date=2026-03-20", officialPol).json().get("features").get(0);
        assertThat(march.path("properties").path("date").asText()).isEqualTo("2026-03-01");
        assertThat(client.get("/api/theatre?date=2026-04-02", officialPol).json().get("features").get(0).path("properties").path("date")
                .asText()).isEqualTo("2026-04-01");
        assertThat(client.get("/api/theatre?date=2025-01-01", officialPol).json().get("features").get(0).path("properties").path("source")
                .isMissingNode()).isFalse();
        assertThat(client.get("/api/theatre/versions", officialPol).json().size()).isEqualTo(2);
        assertThat(client.post("/api/theatre/versions", analystFra, "{\"date\":\"2026-03-01\",\"contact_line\":{\"type\":\"Point\","
                + "\"coordinates\":[36,49]}}").json().get("detail").asText()).contains("LineString");
        assertThat(client.post("/api/theatre/versions", analystFra, "{\"date\":\"March\",\"contact_line\":" + line + "}").json()
                .get("detail").asText()).startsWith("date:");
        assertThat(client.post("/api/theatre/versions", monitorGbr, "{\"date\":\"2026-03-01\",\"contact_line\":" + line + "}").status())
                .isEqualTo(403);
    }

    @Test
    void theWebUiItsLibrariesAndTheMapEndpoints() throws Exception {
        // the page and its libraries are served from the jar, without a token; nothing points outside this server
        Client.Response page = client.get("/", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Garant</title>").doesNotContain("http://").doesNotContain("https://");
        for (String lib : List.of("/vendor/leaflet/leaflet.js", "/vendor/leaflet/leaflet.css", "/vendor/milsymbol/milsymbol.js",
                "/vendor/mgrs/mgrs.min.js", "/app.js", "/app.css")) {
            assertThat(client.get(lib, null).status()).as(lib).isEqualTo(200);
        }
        var http = java.net.http.HttpClient.newHttpClient();
        var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port() + "/")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding());
        assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'").contains("object-src 'none'");
        assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        JsonNode basemap = client.get("/basemap.geojson", null).json();
        assertThat(basemap.get("features").get(0).get("properties").get("name").asText()).isEqualTo("Ukraine");
        assertThat(basemap.get("features").size()).isGreaterThan(3);

        assertThat(client.get("/api/events/points", null).status()).isEqualTo(401);
        assertThat(client.get("/api/events/points?limit=0", analystFra).json().get("detail").asText()).startsWith("limit:");
        assertThat(client.get("/api/events/points?limit=200001", analystFra).status()).isEqualTo(400);
        assertThat(client.get("/api/events/points?side=NORTH", analystFra).json().get("detail").asText()).startsWith("side:");
        assertThat(client.get("/api/events/points?bbox=1,2,3", analystFra).json().get("detail").asText()).startsWith("bbox:");
        JsonNode points = client.get("/api/events/points?limit=5", analystFra).json();
        assertThat(points.get("count").asInt()).isEqualTo(points.get("id").size()).isEqualTo(points.get("lon").size());

        assertThat(client.post("/api/plans/rotations", officialPol, "{\"months\":0}").json().get("detail").asText()).startsWith("months:");
        assertThat(client.post("/api/plans/rotations", officialPol, "{\"tour_months\":1.5}").status()).isEqualTo(400);
        assertThat(client.post("/api/plans/rotations", officialPol, "{\"crew\":3}").status()).isEqualTo(400);
        JsonNode rotations = client.post("/api/plans/rotations", officialPol, "{\"months\":12}").json();
        assertThat(rotations.get("months").asInt()).isEqualTo(12);
        assertThat(rotations.get("tours").size()).isGreaterThan(0);
        for (JsonNode t : rotations.get("tours")) {
            assertThat(t.get("from_month").asInt()).isBetween(1, 12);
            assertThat(t.get("to_month").asInt()).isBetween(t.get("from_month").asInt(), 12);
        }
    }

    @Test
    void openApiListsEveryRoute() {
        JsonNode doc = client.get("/openapi.json", null).json();
        assertThat(doc.get("openapi").asText()).startsWith("3.");
        for (String[] r : server.routeTable()) {
            assertThat(doc.path("paths").path(r[1]).has(r[0])).as(r[0] + " " + r[1]).isTrue();
        }
    }
}
