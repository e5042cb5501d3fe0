package org.garant.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The same contract, run against H2 ({@link H2StoreTest}) and PostgreSQL/PostGIS ({@link PostgresStoreTest}). */
abstract class StoreContract {
    Store store;

    abstract Store open();

    @BeforeEach
    void openStore() {
        store = open();
        store.deleteAllForTests();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    static Detections.Row det(String id, long t, Releasability rel) {
        return new Detections.Row(id, "S1", t, "{\"id\":\"" + id + "\"}", rel);
    }

    @Test
    void detectionIngestIsIdempotentById() {
        List<Detections.Row> batch = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            batch.add(det("d" + i, 1_000L * i, Releasability.COALITION));
        }
        batch.add(det("d7", 7, Releasability.COALITION)); // repeated within the batch
        Detections.Ingested first = store.detections().ingest("alice", batch);
        assertThat(first.stored()).hasSize(2500);
        assertThat(first.duplicates()).isEqualTo(1);
        Detections.Ingested retry = store.detections().ingest("alice", batch);
        assertThat(retry.stored()).isEmpty();
        assertThat(retry.duplicates()).isEqualTo(2501);
        assertThat(store.detections().count()).isEqualTo(2500);
        assertThat(store.audit().verify().ok()).isTrue();
        assertThat(store.audit().verify().entries()).isEqualTo(1); // the retry changed nothing, so it logged nothing
    }

    @Test
    void anIngestsAuditEntriesHashTheBodiesStoredPerMarking() {
        Detections.Row a = new Detections.Row("a", "S1", 1, "{\"id\":\"a\",\"note\":\"Запоріжжя\"}", Releasability.COALITION);
        Detections.Row b = new Detections.Row("b", "S1", 2, "{\"id\":\"b\"}", Releasability.relTo("FRA"));
        Detections.Row c = new Detections.Row("c", "S1", 3, "{\"id\":\"c\"}", Releasability.COALITION);
        store.detections().ingest("alice", List.of(a, b, c));
        List<Audit.Entry> entries = store.audit().latest("FRA", 10);
        assertThat(entries).extracting(Audit.Entry::entityId).containsExactly("1 from b", "2 from a");
        assertThat(entries.get(1).payloadHash()).isEqualTo(Hashes.sha256(a.body() + "\n" + c.body() + "\n"));
        assertThat(entries.get(0).payloadHash()).isEqualTo(Hashes.sha256(b.body() + "\n"));
        // a retry with one new detection (the careful path): the entry hashes only what it stored
        Detections.Row d = new Detections.Row("d", "S1", 4, "{\"id\":\"d\"}", Releasability.COALITION);
        store.detections().ingest("alice", List.of(a, d));
        Audit.Entry last = store.audit().latest("FRA", 1).get(0);
        assertThat(last.entityId()).isEqualTo("1 from d");
        assertThat(last.payloadHash()).isEqualTo(Hashes.sha256(d.body() + "\n"));
        assertThat(store.audit().verify().ok()).isTrue();
    }

    @Test
    void everyReadAppliesReleasability() {
        store.detections().ingest("a", List.of(det("c", 1, Releasability.COALITION), det("f", 2, Releasability.relTo("FRA")),
                det("fg", 3, Releasability.relTo("FRA", "GBR"))));
        assertThat(store.detections().bodies("GBR", List.of("c", "f", "fg"))).containsExactly("{\"id\":\"c\"}", "{\"id\":\"fg\"}");
        assertThat(store.detections().countVisible("FRA")).isEqualTo(3);
        assertThat(store.detections().countVisible("POL")).isEqualTo(1);

        List<Located.Row> events = List.of(
                new Located.Row("e1", 100, 37.8, 48.0, "IMPACT", "UKRAINE_HELD", false, "{}", Releasability.COALITION),
                new Located.Row("e2", 200, 37.9, 48.1, "LAUNCH", "OCCUPIED", false, "{}", Releasability.relTo("FRA")),
                new Located.Row("e3", 300, 24.0, 49.8, "IMPACT", "UKRAINE_HELD", false, "{}", Releasability.relTo("GBR")));
        assertThat(store.located().insert("fusion", Located.Table.EVENTS, events)).hasSize(3);
        assertThat(store.located().insert("fusion", Located.Table.EVENTS, events)).isEmpty();
        Located.Query all = new Located.Query(null, 0, Long.MAX_VALUE, null, null, null, 100, 0);
        assertThat(store.located().find("FRA", Located.Table.EVENTS, all)).extracting(Located.Row::id).containsExactly("e2", "e1");
        assertThat(store.located().find("GBR", Located.Table.EVENTS, all)).extracting(Located.Row::id).containsExactly("e3", "e1");
        Located.Query donbas = new Located.Query(new double[] {37, 47.5, 38.5, 48.5}, 0, Long.MAX_VALUE, null, null, null, 100, 0);
        assertThat(store.located().find("GBR", Located.Table.EVENTS, donbas)).extracting(Located.Row::id).containsExactly("e1");
        assertThat(store.located().find("FRA", Located.Table.EVENTS, donbas)).extracting(Located.Row::id).containsExactly("e2", "e1");
        Located.Query launches = new Located.Query(null, 0, 250, "LAUNCH", null, null, 100, 0);
        assertThat(store.located().find("FRA", Located.Table.EVENTS, launches)).extracting(Located.Row::id).containsExactly("e2");
        assertThat(store.located().get("GBR", Located.Table.EVENTS, "e2")).isEmpty();
        assertThat(store.located().get("FRA", Located.Table.EVENTS, "e2")).isPresent();
        // a retry that brings one new record (the careful path): only that one is stored, and found by the index too
        Located.Row e4 = new Located.Row("e4", 400, 37.85, 48.05, "IMPACT", "UKRAINE_HELD", false, "{}", Releasability.COALITION);
        assertThat(store.located().insert("fusion", Located.Table.EVENTS, List.of(events.get(0), e4, e4))).containsExactly(e4);
        assertThat(store.located().find("FRA", Located.Table.EVENTS, new Located.Query(new double[] {37, 47.5, 38.5, 48.5}, 0, 450, null,
                null, null, 100, 0))).extracting(Located.Row::id).containsExactly("e4", "e2", "e1");
        assertThat(store.audit().verify().ok()).isTrue();
    }

    /**
     * Box queries answered cell by cell (on H2 by the in-memory index and the bodies' mapped file) return exactly what a
     * scan of all records would: the same records, newest first, with every condition, page and marking, across cell
     * borders; and so again after the store is reopened (the index and bodies rebuilt from the tables).
     */
    @Test
    void boxQueriesAgreeWithAScanOfEveryRecord() {
        java.util.Random rnd = new java.util.Random(11);
        String[] markings = {"COALITION", "REL TO FRA", "REL TO GBR", "REL TO FRA, POL"};
        String[] kinds = {"IMPACT", "LAUNCH"};
        String[] sides = {"UKRAINE_HELD", "OCCUPIED"};
        String[] rules = {"CEASEFIRE", "CROSS_LINE"};
        List<Located.Row> events = new ArrayList<>();
        List<Located.Row> violations = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            // a 1.2° × 0.8° area along 0.25° cell borders; times with ties so the id breaks them
            double lon = 37.0 + rnd.nextDouble() * 1.2;
            double lat = 47.6 + rnd.nextDouble() * 0.8;
            long t = 1_000L * rnd.nextInt(300);
            Releasability rel = Releasability.parse(markings[rnd.nextInt(markings.length)]);
            events.add(new Located.Row("e" + i, t, lon, lat, kinds[rnd.nextInt(2)], sides[rnd.nextInt(2)], false,
                    "{\"n\":" + i + ",\"near\":\"Покровськ\"}", rel));
            if (i % 2 == 0) {
                violations.add(new Located.Row("v" + i, t, lon, lat, rules[rnd.nextInt(2)], sides[rnd.nextInt(2)], rnd.nextBoolean(),
                        "{\"v\":" + i + "}", rel));
            }
        }
        store.located().insert("fusion", Located.Table.EVENTS, events);
        store.located().insert("fusion", Located.Table.VIOLATIONS, violations);
        queriesAgreeWithAScan(rnd, kinds, sides, rules, events, violations);
        store.close();
        store = open();
        queriesAgreeWithAScan(rnd, kinds, sides, rules, events, violations);
    }

    private void queriesAgreeWithAScan(java.util.Random rnd, String[] kinds, String[] sides, String[] rules,
                                       List<Located.Row> events, List<Located.Row> violations) {
        for (int q = 0; q < 150; q++) {
            double lon0 = 36.9 + rnd.nextDouble() * 1.0;
            double lat0 = 47.5 + rnd.nextDouble() * 0.6;
            // and one query in five a box of more than 64 cells (PostgreSQL: its GiST index; the embedded store: its index)
            double[] bbox = q % 5 == 4 ? new double[] {lon0 - 3 - rnd.nextDouble() * 5, lat0 - 2 - rnd.nextDouble() * 3, lon0 + 3, lat0 + 2}
                    : new double[] {lon0, lat0, lon0 + 0.05 + rnd.nextDouble() * 0.6, lat0 + 0.05 + rnd.nextDouble() * 0.4};
            long from = 1_000L * rnd.nextInt(200);
            long to = from + 1_000L * (1 + rnd.nextInt(150));
            boolean violationsTable = q % 3 == 0;
            Located.Table table = violationsTable ? Located.Table.VIOLATIONS : Located.Table.EVENTS;
            String kind = rnd.nextInt(3) == 0 ? (violationsTable ? rules[rnd.nextInt(2)] : kinds[rnd.nextInt(2)]) : null;
            String side = rnd.nextInt(3) == 0 ? sides[rnd.nextInt(2)] : null;
            Boolean alert = violationsTable && rnd.nextBoolean() ? rnd.nextBoolean() : null;
            int limit = 1 + rnd.nextInt(40);
            int offset = rnd.nextInt(3) == 0 ? rnd.nextInt(20) : 0;
            String nation = new String[] {"FRA", "GBR", "POL", "USA"}[rnd.nextInt(4)];
            List<String> expected = (violationsTable ? violations : events).stream()
                    .filter(r -> r.rel().releasableTo(nation))
                    .filter(r -> r.lon() >= bbox[0] && r.lon() <= bbox[2] && r.lat() >= bbox[1] && r.lat() <= bbox[3])
                    .filter(r -> r.timeNs() >= from && r.timeNs() < to)
                    .filter(r -> kind == null || kind.equals(r.kind()))
                    .filter(r -> side == null || side.equals(r.side()))
                    .filter(r -> alert == null || alert == r.alert())
                    .sorted(java.util.Comparator.comparingLong(Located.Row::timeNs).reversed().thenComparing(Located.Row::id))
                    .skip(offset).limit(limit).map(Located.Row::id).toList();
            List<Located.Row> found = store.located().find(nation, table, new Located.Query(bbox, from, to, kind, side, alert, limit, offset));
            assertThat(found).as("query %d: %s %s", q, table, java.util.Arrays.toString(bbox)).extracting(Located.Row::id)
                    .containsExactlyElementsOf(expected);
            for (Located.Row r : found) {
                Located.Row stored = (violationsTable ? violations : events).get(Integer.parseInt(r.id().substring(1)) / (violationsTable ? 2 : 1));
                assertThat(r).isEqualTo(stored);
            }
            // the map's points: the same records, without bodies
            List<Located.Point> points = store.located().points(nation, table, new Located.Query(bbox, from, to, kind, side, alert, limit, offset));
            assertThat(points).as("points %d", q).extracting(Located.Point::id).containsExactlyElementsOf(expected);
            for (Located.Point p : points) {
                Located.Row stored = (violationsTable ? violations : events).get(Integer.parseInt(p.id().substring(1)) / (violationsTable ? 2 : 1));
                assertThat(List.of(p.timeNs(), p.lon(), p.lat(), p.kind(), p.side()))
                        .isEqualTo(List.of(stored.timeNs(), stored.lon(), stored.lat(), stored.kind(), stored.side()));
            }
        }
    }

    @Test
    void observationsAreNeverEditedAndTheAuditFindsTampering() {
        Releasability rel = Releasability.relTo("FRA");
        Observations.Row o = new Observations.Row("obs-1", 5, 37.8, 48.0, "{\"count\":3}", rel);
        assertThat(store.observations().submit("mon", List.of(o)).stored()).hasSize(1);
        assertThat(store.observations().submit("mon", List.of(o)).duplicates()).isEqualTo(1);
        assertThatThrownBy(() -> store.observations().submit("mon", List.of(new Observations.Row("obs-1", 5, 37.8, 48.0,
                "{\"count\":4}", rel)))).isInstanceOf(StoreException.class).hasMessageContaining("correction");
        assertThat(store.observations().correct("mon", new Observations.Row("obs-1", 5, 37.8, 48.0, "{\"count\":4}", rel))).isEqualTo(2);
        store.observations().review("ana", "FRA", "obs-1", null, Observations.Decision.VERIFIED, "matches crater");
        List<Observations.Version> h = store.observations().history("FRA", "obs-1");
        assertThat(h).extracting(Observations.Version::body).containsExactly("{\"count\":3}", "{\"count\":4}");
        assertThat(h.get(1).corrects()).isEqualTo(1);
        assertThat(h.get(1).review()).isEqualTo("VERIFIED");
        assertThat(h.get(0).review()).isEqualTo("UNVERIFIED");
        assertThat(store.observations().history("GBR", "obs-1")).isEmpty();
        assertThatThrownBy(() -> store.observations().review("ana", "GBR", "obs-1", null, Observations.Decision.REJECTED, "x"))
                .isInstanceOf(StoreException.class);

        Audit.Verification good = store.audit().verify();
        assertThat(good.ok()).isTrue();
        assertThat(good.entries()).isEqualTo(3);
        assertThat(good.evidenceChecked()).isEqualTo(2);

        // someone edits the original in the database: the audit names the entry that recorded it
        store.jdbi().useHandle(x -> x.execute("UPDATE observations SET body = '{\"count\":30}' WHERE id = 'obs-1' AND version = 1"));
        Audit.Verification bad = store.audit().verify();
        assertThat(bad.ok()).isFalse();
        assertThat(bad.firstBrokenSeq()).isEqualTo(1L);
        assertThat(bad.problem()).contains("obs-1#v1");
    }

    /**
     * The verification queue's pages (latest version of each observation, newest first, by review state) are what a
     * scan of every version and review gives: random observations, corrections (which may move an observation in time
     * or change its marking), reviews and re-reviews, each nation and filter, several pages.
     */
    @Test
    void observationPagesAgreeWithAScanOfEveryVersion() {
        java.util.Random rnd = new java.util.Random(11);
        String[] markings = {"COALITION", "REL TO FRA", "REL TO GBR", "REL TO FRA, POL"};
        // the model: per id, its versions (time, marking) and per version its decisions in order
        java.util.Map<String, List<long[]>> versions = new java.util.LinkedHashMap<>();
        java.util.Map<String, List<String>> decisions = new java.util.HashMap<>();
        List<Observations.Row> batch = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // some share a time, so that ties are ordered by id
            long t = 1_000L * rnd.nextInt(200);
            int m = rnd.nextInt(markings.length);
            batch.add(new Observations.Row("o" + i, t, 37.5, 48.2, "{\"n\":" + i + "}", Releasability.parse(markings[m])));
            versions.put("o" + i, new ArrayList<>(List.of(new long[] {t, m})));
        }
        store.observations().submit("mon", batch);
        for (int i = 0; i < 60; i++) {
            String id = "o" + rnd.nextInt(300);
            long t = 1_000L * rnd.nextInt(200);
            int m = rnd.nextInt(markings.length);
            int v = store.observations().correct("mon", new Observations.Row(id, t, 37.5, 48.2, "{\"c\":" + i + "}", Releasability.parse(markings[m])));
            versions.get(id).add(new long[] {t, m});
            assertThat(v).isEqualTo(versions.get(id).size());
        }
        for (int i = 0; i < 150; i++) {
            String id = "o" + rnd.nextInt(300);
            List<long[]> vs = versions.get(id);
            int v = 1 + rnd.nextInt(vs.size());
            Observations.Decision d = rnd.nextBoolean() ? Observations.Decision.VERIFIED : Observations.Decision.REJECTED;
            // reviewed as an analyst of a nation that may see that version
            String nation = markings[(int) vs.get(v - 1)[1]].contains("GBR") ? "GBR" : "FRA";
            store.observations().review("ana", nation, id, v, d, "why " + i);
            decisions.computeIfAbsent(id + "#" + v, k -> new ArrayList<>()).add(d.name());
        }
        for (String nation : new String[] {"FRA", "GBR", "POL", "USA"}) {
            for (String review : new String[] {null, "UNVERIFIED", "VERIFIED", "REJECTED"}) {
                long from = 1_000L * rnd.nextInt(50);
                long to = from + 1_000L * (50 + rnd.nextInt(150));
                List<String> expected = new ArrayList<>();
                List<Object[]> matching = new ArrayList<>();
                for (var e : versions.entrySet()) {
                    int v = e.getValue().size();
                    long[] latest = e.getValue().get(v - 1);
                    List<String> ds = decisions.getOrDefault(e.getKey() + "#" + v, List.of());
                    String state = ds.isEmpty() ? "UNVERIFIED" : ds.get(ds.size() - 1);
                    if (latest[0] >= from && latest[0] < to && Releasability.parse(markings[(int) latest[1]]).releasableTo(nation)
                            && (review == null || review.equals(state))) {
                        matching.add(new Object[] {latest[0], e.getKey() + "#" + v + "#" + state});
                    }
                }
                matching.sort(java.util.Comparator.comparingLong((Object[] x) -> -(long) x[0])
                        .thenComparing(x -> ((String) x[1]).substring(0, ((String) x[1]).indexOf('#'))));
                matching.forEach(x -> expected.add((String) x[1]));
                for (int page = 0; page * 25 <= expected.size(); page++) {
                    List<String> got = store.observations().latest(nation, review, from, to, 25, page * 25).stream()
                            .map(x -> x.id() + "#" + x.version() + "#" + x.review()).toList();
                    assertThat(got).as("%s, review %s, page %d", nation, review, page)
                            .isEqualTo(expected.subList(page * 25, Math.min(expected.size(), page * 25 + 25)));
                }
            }
        }
    }

    @Test
    void auditChainBreaksAtTheEditedEntry() {
        for (int i = 0; i < 5; i++) {
            store.documents().put("planner", "site", "site-" + i, "{\"n\":" + i + "}", Releasability.COALITION);
        }
        assertThat(store.audit().verify().ok()).isTrue();
        store.jdbi().useHandle(x -> x.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 3"));
        Audit.Verification v = store.audit().verify();
        assertThat(v.ok()).isFalse();
        assertThat(v.firstBrokenSeq()).isEqualTo(3L);
        store.jdbi().useHandle(x -> x.execute("UPDATE audit_log SET actor = 'planner' WHERE seq = 3"));
        store.jdbi().useHandle(x -> x.execute("DELETE FROM audit_log WHERE seq = 2"));
        assertThat(store.audit().verify().firstBrokenSeq()).isEqualTo(3L);
    }

    @Test
    void auditFindsEntriesRemovedFromTheEnd() {
        for (int i = 0; i < 4; i++) {
            store.documents().put("planner", "site", "site-" + i, "{\"n\":" + i + "}", Releasability.COALITION);
        }
        assertThat(store.audit().verify().entries()).isEqualTo(4);
        store.jdbi().useHandle(x -> x.execute("DELETE FROM audit_log WHERE seq = 4"));
        Audit.Verification v = store.audit().verify();
        assertThat(v.ok()).isFalse();
        assertThat(v.problem()).contains("entries removed from the end");
    }

    @Test
    void documentsAreVersionedAndEvidenceIsNotReplaced() {
        assertThat(store.documents().put("p", "site", "kyiv", "{\"cap\":1}", Releasability.COALITION).doc().version()).isEqualTo(1);
        assertThat(store.documents().put("p", "site", "kyiv", "{\"cap\":1}", Releasability.COALITION).doc().version()).isEqualTo(1);
        assertThat(store.documents().put("p", "site", "kyiv", "{\"cap\":2}", Releasability.COALITION).doc().version()).isEqualTo(2);
        assertThat(store.documents().history("POL", "site", "kyiv")).hasSize(2);
        store.documents().put("m", "sighting", "s1", "{\"a\":1}", Releasability.relTo("POL"));
        assertThat(store.documents().list("FRA", "sighting")).isEmpty();
        assertThat(store.documents().list("POL", "sighting")).hasSize(1);
        assertThatThrownBy(() -> store.documents().put("m", "sighting", "s1", "{\"a\":2}", Releasability.relTo("POL")))
                .hasMessageContaining("never replaced");
    }

    @Test
    void tokensAreHashedAndRevocable() {
        store.users().create("admin", "alice", "FRA", Set.of(Role.ANALYST), "correct horse battery");
        Users.IssuedToken t = store.users().issueToken("admin", "alice", "cli");
        assertThat(store.users().authenticate(t.secret())).map(Principal::nation).contains("FRA");
        long plain = store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM tokens WHERE token_hash = :s")
                .bind("s", t.secret()).mapTo(Long.class).one());
        assertThat(plain).isZero();
        store.users().revoke("admin", t.id());
        assertThat(store.users().authenticate(t.secret())).isEmpty();
        assertThat(store.users().login("alice", "wrong password")).isEmpty();
        assertThat(store.users().login("alice", "correct horse battery")).isPresent();
        String hash = store.jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM users").mapTo(String.class).one());
        assertThat(hash).startsWith("$argon2id$").doesNotContain("horse");
        assertThatThrownBy(() -> store.users().create("admin", "alice", "FRA", Set.of(Role.ANALYST), null))
                .hasMessageContaining("exists");
    }

    /** A token revoked while requests keep presenting it is refused by every request after the revocation returns. */
    @Test
    void aRevokedTokenIsRefusedByEveryLaterRequestWhileOthersKeepPresentingIt() throws Exception {
        store.users().create("admin", "bob", "GBR", Set.of(Role.MONITOR), null);
        Users.IssuedToken revoked = store.users().issueToken("admin", "bob", "a");
        Users.IssuedToken kept = store.users().issueToken("admin", "bob", "b");
        java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
        java.util.concurrent.atomic.AtomicLong revokedAt = new java.util.concurrent.atomic.AtomicLong(Long.MAX_VALUE);
        java.util.concurrent.atomic.AtomicInteger acceptedAfter = new java.util.concurrent.atomic.AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Thread t = new Thread(() -> {
                while (!stop.get()) {
                    long began = System.nanoTime();
                    if (store.users().authenticate(revoked.secret()).isPresent() && began > revokedAt.get()) {
                        acceptedAfter.incrementAndGet();
                    }
                }
            });
            t.start();
            threads.add(t);
        }
        Thread.sleep(200);
        store.users().revoke("admin", revoked.id());
        revokedAt.set(System.nanoTime());
        Thread.sleep(200);
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        assertThat(acceptedAfter.get()).isZero();
        assertThat(store.users().authenticate(revoked.secret())).isEmpty();
        assertThat(store.users().authenticate(kept.secret())).map(Principal::name).contains("bob");
    }
}
