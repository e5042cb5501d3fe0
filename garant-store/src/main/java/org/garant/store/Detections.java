package org.garant.store;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Sensor detections, the raw evidence. Ingest is idempotent by id: a retried batch (or an id repeated within a
 * batch) creates no duplicate, and a detection once stored is never changed. Thread-safe.
 */
public final class Detections {
    static final int CHUNK = 1000;
    private final Store store;

    Detections(Store store) {
        this.store = store;
    }

    /** A detection to store: {@code body} is its JSON line. */
    public record Row(String id, String sensorId, long arrivalNs, String body, Releasability rel) {
    }

    /** What an ingest did: the rows newly stored (in input order) and how many were already there. */
    public record Ingested(List<Row> stored, int duplicates) {
    }

    /** Stores the batch in one transaction (with one audit entry) and makes it durable before returning. */
    public Ingested ingest(String actor, List<Row> batch) {
        Map<String, Row> unique = new LinkedHashMap<>();
        for (Row r : batch) {
            unique.putIfAbsent(r.id(), r);
        }
        for (int attempt = 0; ; attempt++) {
            try {
                return store.write(h -> insertNew(h, actor, unique, batch.size()));
            } catch (org.jdbi.v3.core.statement.UnableToExecuteStatementException e) {
                // a concurrent batch stored some of the same ids between our check and our insert: check again
                if (attempt >= 3) {
                    throw e;
                }
            }
        }
    }

    private Ingested insertNew(Handle h, String actor, Map<String, Row> unique, int submitted) {
        Set<String> existing = existing(h, "detections", new ArrayList<>(unique.keySet()));
        List<Row> fresh = new ArrayList<>(unique.size());
        for (Row r : unique.values()) {
            if (!existing.contains(r.id())) {
                fresh.add(r);
            }
        }
        if (!fresh.isEmpty()) {
            long now = Users.nowNs();
            PreparedBatch b = h.prepareBatch("INSERT INTO detections (id, sensor_id, arrival_ns, body, rel, ingested_ns) "
                    + "VALUES (:id, :sensor, :arrival, :body, :rel, :now)");
            StringBuilder digest = new StringBuilder(fresh.size() * 80);
            for (Row r : fresh) {
                b.bind("id", r.id()).bind("sensor", r.sensorId()).bind("arrival", r.arrivalNs()).bind("body", r.body())
                        .bind("rel", r.rel().column()).bind("now", now).add();
                digest.append(r.body()).append('\n');
            }
            b.execute();
            store.audit().append(h, actor, "detections.ingest", "detections",
                    fresh.size() + " from " + fresh.get(0).id(), Hashes.sha256(digest.toString()));
        }
        return new Ingested(fresh, submitted - fresh.size());
    }

    static Set<String> existing(Handle h, String table, List<String> ids) {
        Set<String> found = new HashSet<>();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            List<String> part = ids.subList(i, Math.min(ids.size(), i + CHUNK));
            found.addAll(h.createQuery("SELECT id FROM " + table + " WHERE id IN (<ids>)").bindList("ids", part)
                    .mapTo(String.class).list());
        }
        return found;
    }

    /** The JSON lines of the given detections that the viewer may see (evidence of an event). */
    public List<String> bodies(String viewerNation, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return store.jdbi().withHandle(h -> {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < ids.size(); i += CHUNK) {
                out.addAll(h.createQuery("SELECT body FROM detections WHERE id IN (<ids>) AND " + Releasability.SQL_VISIBLE
                                + " ORDER BY arrival_ns").bindList("ids", ids.subList(i, Math.min(ids.size(), i + CHUNK)))
                        .bind("viewer_rel", Releasability.viewerPattern(viewerNation)).mapTo(String.class).list());
            }
            return out;
        });
    }

    /** Every stored detection's id, sensor, arrival and marking, in arrival order (to resume live fusion). */
    public void forEachSince(long fromArrivalNs, java.util.function.Consumer<Row> each) {
        store.jdbi().useHandle(h -> h.createQuery("SELECT * FROM detections WHERE arrival_ns >= :t ORDER BY arrival_ns")
                .bind("t", fromArrivalNs).setFetchSize(10_000)
                .map((rs, ctx) -> new Row(rs.getString("id"), rs.getString("sensor_id"), rs.getLong("arrival_ns"),
                        rs.getString("body"), Releasability.fromColumn(rs.getString("rel"))))
                .forEach(each));
    }

    public long count() {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM detections").mapTo(Long.class).one());
    }

    public long countVisible(String viewerNation) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM detections WHERE " + Releasability.SQL_VISIBLE)
                .bind("viewer_rel", Releasability.viewerPattern(viewerNation)).mapTo(Long.class).one());
    }
}
