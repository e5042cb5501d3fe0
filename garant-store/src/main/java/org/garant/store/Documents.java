package org.garant.store;

import java.util.List;
import java.util.Optional;

/**
 * Versioned documents: theatre versions, sites, sensors, sightings, coalition data, scenarios and plans, each a JSON
 * body with a marking. Putting a body identical to the latest version stores nothing (idempotent); a different body
 * becomes a new version, and old versions stay. Kinds in {@link #EVIDENCE} are evidence: a different body under an
 * existing id is refused (a correction must say so). Thread-safe.
 */
public final class Documents {
    /** Kinds whose originals may never be replaced. */
    public static final java.util.Set<String> EVIDENCE = java.util.Set.of("sighting");

    private final Store store;

    Documents(Store store) {
        this.store = store;
    }

    /** One version of a document. */
    public record Doc(String kind, String id, int version, String body, Releasability rel, String author, long createdNs) {
    }

    /** What a put did: the version now latest, and whether this put stored it. */
    public record Put(Doc doc, boolean changed) {
    }

    /** Stores a new version unless the latest has the same body and marking; returns the version now latest. */
    public Put put(String actor, String kind, String id, String body, Releasability rel) {
        if (id == null || id.isBlank() || id.length() > 128) {
            throw new StoreException(StoreException.Kind.INVALID, kind + " id must be 1–128 characters");
        }
        return store.write(h -> {
            Optional<Doc> latest = latest(h, kind, id);
            if (latest.isPresent() && latest.get().body().equals(body) && latest.get().rel().equals(rel)) {
                return new Put(latest.get(), false);
            }
            if (latest.isPresent() && EVIDENCE.contains(kind)) {
                throw new StoreException(StoreException.Kind.CONFLICT, kind + " '" + id
                        + "' is stored already with different content; evidence is never replaced");
            }
            int version = latest.map(d -> d.version() + 1).orElse(1);
            long now = Users.nowNs();
            h.createUpdate("INSERT INTO documents (kind, id, version, body, rel, author, created_ns) "
                            + "VALUES (:k, :id, :v, :b, :rel, :a, :t)").bind("k", kind).bind("id", id).bind("v", version)
                    .bind("b", body).bind("rel", rel.column()).bind("a", actor).bind("t", now).execute();
            store.audit().append(h, actor, kind + ".put", kind, id + "#v" + version, Hashes.sha256(body), rel);
            return new Put(new Doc(kind, id, version, body, rel, actor, now), true);
        });
    }

    private static Optional<Doc> latest(org.jdbi.v3.core.Handle h, String kind, String id) {
        return h.createQuery("SELECT * FROM documents WHERE kind = :k AND id = :id ORDER BY version DESC LIMIT 1")
                .bind("k", kind).bind("id", id).map((rs, ctx) -> doc(rs)).findOne();
    }

    private static Doc doc(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Doc(rs.getString("kind"), rs.getString("id"), rs.getInt("version"), rs.getString("body"),
                Releasability.fromColumn(rs.getString("rel")), rs.getString("author"), rs.getLong("created_ns"));
    }

    /** The latest version, if the viewer may see it. */
    public Optional<Doc> get(String viewerNation, String kind, String id) {
        return store.jdbi().withHandle(h -> latest(h, kind, id)).filter(d -> d.rel().releasableTo(viewerNation));
    }

    /** The latest version of every document of a kind that the viewer may see, by id. */
    public List<Doc> list(String viewerNation, String kind) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT d.* FROM documents d WHERE d.kind = :k AND d.version = "
                        + "(SELECT MAX(x.version) FROM documents x WHERE x.kind = d.kind AND x.id = d.id) AND "
                        + Releasability.sqlVisibleTo(viewerNation) + " ORDER BY d.id").bind("k", kind).map((rs, ctx) -> doc(rs)).list());
    }

    /** The latest version of every document of a kind, whoever may see it (for the server's own use). */
    public List<Doc> listAll(String kind) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT d.* FROM documents d WHERE d.kind = :k AND d.version = "
                + "(SELECT MAX(x.version) FROM documents x WHERE x.kind = d.kind AND x.id = d.id) ORDER BY d.id").bind("k", kind)
                .map((rs, ctx) -> doc(rs)).list());
    }

    /** Every version of a document that the viewer may see, oldest first. */
    public List<Doc> history(String viewerNation, String kind, String id) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT * FROM documents WHERE kind = :k AND id = :id AND "
                        + Releasability.sqlVisibleTo(viewerNation) + " ORDER BY version").bind("k", kind).bind("id", id).map((rs, ctx) -> doc(rs)).list());
    }
}
