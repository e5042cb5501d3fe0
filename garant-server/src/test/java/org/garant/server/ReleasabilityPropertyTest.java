package org.garant.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.garant.geo.LatLon;
import org.garant.geo.Side;
import org.garant.geo.demo.DemoTheatre;
import org.garant.monitor.verify.Attribution;
import org.garant.monitor.verify.Rule;
import org.garant.monitor.verify.VerifyFiles;
import org.garant.monitor.verify.Violation;
import org.garant.store.Located;
import org.garant.store.Releasability;
import org.garant.store.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Random users of five nations, random records of every kind with random markings, written through the API (and, for
 * what fusion derives, through the store); then every read endpoint is called by every user, for every record id, and
 * the live feed is checked, over Server-Sent Events and Cursor-on-Target: no record that is not releasable to the user's nation ever appears. Seeded, so a failure
 * reproduces.
 */
class ReleasabilityPropertyTest {
    static final String[] NATIONS = {"FRA", "GBR", "POL", "USA", "UKR"};

    @TempDir
    Path dir;

    record Rec(String id, String kind, Releasability rel) {
    }

    static Releasability randomMarking(Random rnd) {
        if (rnd.nextInt(4) == 0) {
            return Releasability.COALITION;
        }
        TreeSet<String> ns = new TreeSet<>();
        int k = 1 + rnd.nextInt(2);
        while (ns.size() < k) {
            ns.add(NATIONS[rnd.nextInt(NATIONS.length)]);
        }
        return Releasability.relTo(ns);
    }

    @Test
    void nothingUnreleasableEverAppearsOnAnyReadPath() throws Exception {
        for (long seed = 1; seed <= 3; seed++) {
            run(seed);
        }
    }

    void run(long seed) throws Exception {
        Random rnd = new Random(seed);
        Path db = dir.resolve("s" + seed);
        try (GarantServer server = GarantServer.start(new GarantServer.Options(db.toString(), "127.0.0.1", 0, 16_000_000,
                DemoTheatre.theatre(), DemoTheatre.cities().sites(), 0))) {
            Client c = new Client(server.port());
            Map<String, String> tokens = new LinkedHashMap<>();
            for (String n : NATIONS) {
                String name = "user-" + n.toLowerCase();
                server.store().users().create("test", name, n, EnumSet.allOf(Role.class), "password-" + n);
                tokens.put(n, server.store().users().issueToken("test", name, "t").secret());
            }
            List<Rec> recs = new ArrayList<>();
            int next = 0;
            // the sensor the detections come from is COALITION: a detection may be seen only where its sensor may
            String sensorId = "rid" + seed + "sensor";
            assertThat(c.post("/api/sensors", tokens.get("UKR"), "{\"sensors\":[{\"id\":\"" + sensorId + "\",\"kind\":\"MICROPHONE\","
                    + "\"lat\":48,\"lon\":37,\"clock_sigma_ms\":2,\"range_km\":20}]}").status()).isEqualTo(200);
            // sensors, sites, sightings, observations, detections through the API, by random writers
            for (int i = 0; i < 30; i++) {
                String writer = NATIONS[rnd.nextInt(NATIONS.length)];
                Releasability asked = randomMarking(rnd);
                Releasability rel = asked.withOriginator(writer);
                String id = "rid" + seed + "x" + (next++) + "z";
                LatLon p = new LatLon(47.5 + rnd.nextDouble() * 1.5, 35 + rnd.nextDouble() * 3);
                String marking = "\"releasability\":\"" + asked.marking() + "\"";
                String time = Instant.parse("2026-06-01T10:00:00Z").plusSeconds(rnd.nextInt(7200)).toString();
                Client.Response r;
                String kind;
                if (i % 6 == 5) {
                    // a dated contact line: its id is its date
                    id = java.time.LocalDate.of(2020, 1, 1).plusDays(i + 40 * seed).toString();
                }
                switch (i % 6) {
                    case 0 -> {
                        kind = "sensor";
                        r = c.post("/api/sensors", tokens.get(writer), "{" + marking + ",\"sensors\":[{\"id\":\"" + id + "\",\"kind\":\"MICROPHONE\",\"lat\":"
                                + p.lat() + ",\"lon\":" + p.lon() + ",\"clock_sigma_ms\":2,\"range_km\":20}]}");
                    }
                    case 1 -> {
                        kind = "site";
                        r = c.post("/api/sites", tokens.get(writer), "{" + marking + ",\"sites\":[{\"id\":\"" + id + "\",\"name\":\"" + id
                                + "\",\"lat\":" + p.lat() + ",\"lon\":" + p.lon() + "}]}");
                    }
                    case 2 -> {
                        kind = "sighting";
                        r = c.post("/api/ingest/sightings", tokens.get(writer), "{" + marking + ",\"sightings\":[{\"id\":\"" + id
                                + "\",\"time\":\"" + time + "\",\"lat\":" + p.lat() + ",\"lon\":" + p.lon() + ",\"weapon\":\"tank\"}]}");
                    }
                    case 3 -> {
                        kind = "observation";
                        r = c.post("/api/ingest/observations", tokens.get(writer), "{" + marking + ",\"observations\":[{\"id\":\"" + id
                                + "\",\"lat\":" + p.lat() + ",\"lon\":" + p.lon() + ",\"from\":\"" + time + "\",\"to\":\"" + time
                                + "\",\"what\":\"explosion\",\"direction\":\"N\",\"distance\":\"1-3 km\",\"text\":\"" + id + "\"}]}");
                    }
                    case 5 -> {
                        kind = "theatre";
                        r = c.post("/api/theatre/versions", tokens.get(writer), "{" + marking + ",\"date\":\"" + id + "\",\"contact_line\":"
                                + "{\"type\":\"LineString\",\"coordinates\":[[36,49.9],[37.5,48.6],[37.6,47.6]]}}");
                    }
                    default -> {
                        kind = "detection";
                        r = c.post("/api/ingest/detections", tokens.get(writer), "{" + marking + ",\"detections\":[{\"id\":\"" + id
                                + "\",\"sensor\":\"" + sensorId + "\",\"time\":\"" + time + "\"}]}");
                    }
                }
                assertThat(r.status()).as(kind + " " + r.body()).isIn(200, 201);
                recs.add(new Rec(id, kind, rel));
            }
            // events and violations as fusion would derive them, citing random detections as evidence
            List<Rec> detections = recs.stream().filter(x -> x.kind().equals("detection")).toList();
            for (int i = 0; i < 30; i++) {
                String id = "rid" + seed + "x" + (next++) + "z";
                Releasability rel = randomMarking(rnd);
                LatLon p = new LatLon(47.5 + rnd.nextDouble() * 1.5, 35 + rnd.nextDouble() * 3);
                long t = Instant.parse("2026-06-01T10:00:00Z").plusSeconds(rnd.nextInt(7200)).getEpochSecond() * 1_000_000_000L;
                if (i % 2 == 0) {
                    // as fusion derives it: releasable only where its evidence is (the intersection of markings)
                    Rec ev = detections.get(rnd.nextInt(detections.size()));
                    String evidence = ev.id();
                    rel = rel.intersect(ev.rel()) == null ? ev.rel() : rel.intersect(ev.rel());
                    server.store().located().insert("fusion", Located.Table.EVENTS, List.of(new Located.Row(id, t, p.lon(), p.lat(), "IMPACT",
                            "UKRAINE_HELD", false, "{\"id\":\"" + id + "\",\"detections\":[\"" + evidence + "\"]}", rel)));
                    recs.add(new Rec(id, "event", rel));
                } else {
                    boolean alert = rnd.nextBoolean();
                    Violation v = new Violation(id, alert ? Rule.FORCE_PROTECTION : Rule.CEASEFIRE_VIOLATION, t, p, Side.UKRAINE_HELD, null,
                            new Attribution(Side.OCCUPIED, 0.9), List.of(id), "Kramatorsk", 12, "Donetsk", alert ? "Kramatorsk" : null,
                            alert ? 12 : Double.NaN, id);
                    server.store().located().insert("verifier", Located.Table.VIOLATIONS, List.of(new Located.Row(id, t, p.lon(), p.lat(),
                            v.rule().name(), "UKRAINE_HELD", alert, VerifyFiles.violationLine(v), rel)));
                    recs.add(new Rec(id, alert ? "alert" : "violation", rel));
                }
            }
            server.awaitFusion(true);

            Map<String, List<String>> idsByRoute = Map.of(
                    "/api/events/{id}", ids(recs, "event"),
                    "/api/observations/{id}", ids(recs, "observation"),
                    "/api/reports/spot/{id}", ids(recs, "violation", "alert"),
                    "/api/jobs/{id}", List.of("none"),
                    "/api/plans/{id}", List.of("none"));
            int calls = 0;
            for (String nation : NATIONS) {
                String token = tokens.get(nation);
                List<String> bodies = new ArrayList<>();
                for (String[] route : server.routeTable()) {
                    if (!route[0].equals("get") || route[1].equals("/api/live")) {
                        continue;
                    }
                    List<String> paths = new ArrayList<>();
                    if (route[1].contains("{id}")) {
                        idsByRoute.get(route[1]).forEach(id -> paths.add(route[1].replace("{id}", id)));
                    } else if (route[1].equals("/api/reports/daily")) {
                        for (String f : List.of("json", "csv", "html")) {
                            paths.add(route[1] + "?date=2026-06-01&format=" + f);
                        }
                    } else {
                        paths.add(route[1] + "?size=1000");
                    }
                    for (String path : paths) {
                        Client.Response r = c.get(path, token);
                        assertThat(r.status()).as(path).isIn(200, 404);
                        // a 404 names the id asked for, exactly as for an id that does not exist: not a disclosure
                        String body = r.status() == 404 ? "" : r.body();
                        bodies.add(body);
                        for (Rec rec : recs) {
                            if (!rec.rel().releasableTo(nation) && !body.isEmpty()) {
                                assertThat(body).as("seed %d: GET %s shows %s %s (%s) to %s", seed, path, rec.kind(), rec.id(), rec.rel(), nation)
                                        .doesNotContain(rec.id());
                            }
                        }
                        calls++;
                    }
                }
                String all = String.join("\n", bodies);
                for (Rec rec : recs) {
                    if (!rec.rel().releasableTo(nation)) {
                        assertThat(all).as("seed %d: %s %s (%s) seen by %s", seed, rec.kind(), rec.id(), rec.rel(), nation)
                                .doesNotContain(rec.id());
                    } else if (!rec.kind().equals("detection")) {
                        // not vacuous: what is releasable does appear somewhere
                        assertThat(all).as("seed %d: %s %s (%s) missing for %s", seed, rec.kind(), rec.id(), rec.rel(), nation)
                                .contains(rec.id());
                    }
                }
            }
            assertThat(calls).isGreaterThan(100);

            // the live feed: every nation subscribed, records published with random markings
            Map<String, CopyOnWriteArrayList<String>> received = new LinkedHashMap<>();
            for (String n : NATIONS) {
                received.put(n, new CopyOnWriteArrayList<>());
                c.subscribe(tokens.get(n), received.get(n));
            }
            // and a TAK client (Cursor-on-Target) of each nation
            Map<String, CotTest.Tak> tak = new LinkedHashMap<>();
            for (String n : NATIONS) {
                tak.put(n, new CotTest.Tak(server.cotPort()).auth("user-" + n.toLowerCase(), "password-" + n));
            }
            long deadline = System.currentTimeMillis() + 5000;
            while (server.feed().size() < 2 * NATIONS.length && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            List<Rec> live = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                Rec r = new Rec("live" + seed + "x" + i + "z", "event", randomMarking(rnd));
                live.add(r);
                server.feed().publish("event", event(r.id()), r.rel());
            }
            String last = "live" + seed + "end";
            server.feed().publish("event", event(last), Releasability.COALITION);
            deadline = System.currentTimeMillis() + 10_000;
            while (received.values().stream().anyMatch(l -> l.stream().noneMatch(x -> x.contains(last))) && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            Map<String, String> cotText = new LinkedHashMap<>();
            for (String n : NATIONS) {
                StringBuilder cot = new StringBuilder();
                try (CotTest.Tak t = tak.get(n)) {
                    for (String m = t.in.next(); m != null; m = t.in.next()) {
                        cot.append(m).append('\n');
                        if (m.contains("garant-" + last)) {
                            break;
                        }
                    }
                }
                cotText.put(n, cot.toString());
            }
            for (String n : NATIONS) {
                for (String got : List.of(String.join("\n", received.get(n)), cotText.get(n))) {
                    assertThat(got).contains(last);
                    for (Rec r : live) {
                        if (r.rel().releasableTo(n)) {
                            assertThat(got).contains(r.id());
                        } else {
                            assertThat(got).as("live %s (%s) sent to %s", r.id(), r.rel(), n).doesNotContain(r.id());
                        }
                    }
                }
            }
        }
    }

    /** A live event as the feed carries it (what SSE sends as is and CoT writes as a b-d event). */
    static String event(String id) {
        return "{\"id\":\"" + id + "\",\"time\":\"2026-05-01T10:00:00Z\",\"lat\":48.0,\"lon\":37.0,\"kind\":\"IMPACT\","
                + "\"cep50_m\":20.0,\"sensors\":5}";
    }

    static List<String> ids(List<Rec> recs, String... kinds) {
        List<String> k = List.of(kinds);
        return recs.stream().filter(r -> k.contains(r.kind())).map(Rec::id).toList();
    }
}
