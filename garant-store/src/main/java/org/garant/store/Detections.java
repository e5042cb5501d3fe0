package org.garant.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;

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

    /**
     * Stores the batch in one transaction (with one audit entry) and makes it durable before returning. The first try
     * inserts every row at once (the usual case: new detections); if any id is already stored (a retried batch, or a
     * concurrent one) it rolls back and inserts only the ids not yet stored.
     */
    public Ingested ingest(String actor, List<Row> batch) {
        Map<String, Row> unique = new LinkedHashMap<>();
        for (Row r : batch) {
            unique.putIfAbsent(r.id(), r);
        }
        List<Row> all = new ArrayList<>(unique.values());
        // the audit's hashes of what the usual case stores, before the transaction (not while holding the writer)
        List<Audit.Digest> digests = Audit.digests(all, Row::rel, Row::id, Row::body);
        try {
            return store.write(h -> insert(h, actor, all, batch.size(), digests));
        } catch (StoredIds.Duplicate e) {
            // fall through to the careful path
        }
        for (int attempt = 0; ; attempt++) {
            try {
                return store.write(h -> {
                    Set<String> existing = StoredIds.existing(h, "detections", new ArrayList<>(unique.keySet()));
                    List<Row> fresh = new ArrayList<>(unique.size());
                    for (Row r : unique.values()) {
                        if (!existing.contains(r.id())) {
                            fresh.add(r);
                        }
                    }
                    return insert(h, actor, fresh, batch.size(), Audit.digests(fresh, Row::rel, Row::id, Row::body));
                });
            } catch (StoredIds.Duplicate e) {
                // a concurrent batch stored some of the same ids between our check and our insert: check again
                if (attempt >= 3) {
                    throw new StoreException(StoreException.Kind.CONFLICT, "detections keep being stored concurrently; retry the batch");
                }
            }
        }
    }

    private Ingested insert(Handle h, String actor, List<Row> fresh, int submitted, List<Audit.Digest> digests) {
        if (!fresh.isEmpty()) {
            long now = Users.nowNs();
            // plain JDBC for the batch: binding through Jdbi's argument machinery costs more than the insert itself
            try (java.sql.PreparedStatement ps = h.getConnection().prepareStatement("INSERT INTO detections "
                    + "(id, sensor_id, arrival_ns, body, rel, ingested_ns) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (Row r : fresh) {
                    ps.setString(1, r.id());
                    ps.setString(2, r.sensorId());
                    ps.setLong(3, r.arrivalNs());
                    ps.setString(4, r.body());
                    ps.setString(5, r.rel().column());
                    ps.setLong(6, now);
                    ps.addBatch();
                }
                ps.executeBatch();
            } catch (java.sql.SQLException e) {
                if (StoredIds.isDuplicate(e)) {
                    throw new StoredIds.Duplicate(e);
                }
                throw new IllegalStateException("storing detections failed: " + e.getMessage(), e);
            }
            store.audit().append(h, actor, "detections.ingest", "detections", digests);
        }
        return new Ingested(fresh, submitted - fresh.size());
    }

    /** The JSON lines of the given detections that the viewer may see (evidence of an event). */
    public List<String> bodies(String viewerNation, List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return store.jdbi().withHandle(h -> {
            List<String> out = new ArrayList<>();
            for (int i = 0; i < ids.size(); i += CHUNK) {
                out.addAll(h.createQuery("SELECT body FROM detections WHERE id IN (<ids>) AND " + Releasability.sqlVisibleTo(viewerNation)
                                + " ORDER BY arrival_ns").bindList("ids", ids.subList(i, Math.min(ids.size(), i + CHUNK))).mapTo(String.class).list());
            }
            return out;
        });
    }

    /** The markings of those of the detections that are stored (any nation's: for deriving a fused record's marking). */
    public java.util.Map<String, Releasability> markings(List<String> ids) {
        java.util.Map<String, Releasability> out = new java.util.HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        store.jdbi().useHandle(h -> {
            for (int i = 0; i < ids.size(); i += CHUNK) {
                h.createQuery("SELECT id, rel FROM detections WHERE id IN (<ids>)").bindList("ids", ids.subList(i, Math.min(ids.size(), i + CHUNK)))
                        .map((rs, ctx) -> java.util.Map.entry(rs.getString(1), Releasability.fromColumn(rs.getString(2))))
                        .forEach(e -> out.put(e.getKey(), e.getValue()));
            }
        });
        return out;
    }

    public long count() {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM detections").mapTo(Long.class).one());
    }

    public long countVisible(String viewerNation) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM detections WHERE " + Releasability.sqlVisibleTo(viewerNation)).mapTo(Long.class).one());
    }
}
