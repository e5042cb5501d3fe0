package org.garant.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Monitors' observations, the evidence of the verification mission. An original is never edited: a correction is a
 * new version that names the version it corrects, and an analyst's decision (verify or reject, with a reason) is a
 * review appended beside it. Submitting an id again with the same content is idempotent; with different content it is
 * refused (send a correction). Every change is audited; the audit entry of a version records its SHA-256, which
 * {@link Audit#verify()} checks against the stored original. Thread-safe.
 */
public final class Observations {
    static final String ENTITY = "observation";
    private final Store store;

    Observations(Store store) {
        this.store = store;
    }

    /** An observation to store: {@code body} is its JSON line; time and place for queries. */
    public record Row(String id, long fromNs, double lon, double lat, String body, Releasability rel) {
    }

    /** A stored version with its latest review. */
    public record Version(String id, int version, Integer corrects, String body, Releasability rel, String author,
                          long createdNs, String review, String reviewReason, String reviewer) {
    }

    /** A review decision. */
    public enum Decision { VERIFIED, REJECTED }

    /** What a batch submission did. */
    public record Submitted(List<Row> stored, int duplicates) {
    }

    /** Stores a batch of new observations in one transaction; ids already stored with the same content are skipped. */
    public Submitted submit(String actor, List<Row> rows) {
        Submitted done = store.write(h -> {
            List<Row> stored = new ArrayList<>();
            int dup = 0;
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (Row r : rows) {
                if (!seen.add(r.id())) {
                    dup++;
                    continue;
                }
                Optional<Version> first = version(h, r.id(), 1);
                if (first.isPresent()) {
                    if (!first.get().body().equals(r.body())) {
                        throw new StoreException(StoreException.Kind.CONFLICT, "observation '" + r.id()
                                + "' is stored already with different content; send a correction instead");
                    }
                    dup++;
                    continue;
                }
                insert(h, actor, r, 1, null);
                stored.add(r);
            }
            return new Submitted(stored, dup);
        });
        store.plannerStatistics().inserted("observations", done.stored().size());
        return done;
    }

    /** Stores a correction of the latest version as a new version; returns its number. */
    public int correct(String actor, Row corrected) {
        int version = store.write(h -> {
            int latest = h.createQuery("SELECT COALESCE(MAX(version), 0) FROM observations WHERE id = :id")
                    .bind("id", corrected.id()).mapTo(Integer.class).one();
            if (latest == 0) {
                throw new StoreException(StoreException.Kind.NOT_FOUND, "no observation '" + corrected.id() + "' to correct");
            }
            insert(h, actor, corrected, latest + 1, latest);
            return latest + 1;
        });
        store.plannerStatistics().inserted("observations", 1);
        return version;
    }

    private void insert(Handle h, String actor, Row r, int version, Integer corrects) {
        String sha = Hashes.sha256(r.body());
        h.createUpdate("INSERT INTO observations (id, version, corrects, from_ns, lon, lat, body, body_sha256, rel, author, "
                        + "created_ns) VALUES (:id, :v, :c, :from, :lon, :lat, :body, :sha, :rel, :a, :t)")
                .bind("id", r.id()).bind("v", version).bind("c", corrects).bind("from", r.fromNs()).bind("lon", r.lon())
                .bind("lat", r.lat()).bind("body", r.body()).bind("sha", sha).bind("rel", r.rel().column())
                .bind("a", actor).bind("t", Users.nowNs()).execute();
        store.audit().append(h, actor, corrects == null ? "observation.submit" : "observation.correct", ENTITY,
                r.id() + "#v" + version, sha, r.rel());
    }

    /** Records an analyst's decision on a version (the latest when {@code version} is null). */
    public Version review(String actor, String viewerNation, String id, Integer version, Decision decision, String reason) {
        if (decision == Decision.REJECTED && (reason == null || reason.isBlank())) {
            throw new StoreException(StoreException.Kind.INVALID, "a rejection needs a reason");
        }
        Version reviewed = store.write(h -> {
            int v = version != null ? version : h.createQuery("SELECT COALESCE(MAX(version), 0) FROM observations WHERE id = :id")
                    .bind("id", id).mapTo(Integer.class).one();
            Version target = version(h, id, v).filter(x -> x.rel().releasableTo(viewerNation)).orElseThrow(() ->
                    new StoreException(StoreException.Kind.NOT_FOUND, "no observation '" + id + "' version " + v));
            int seq = h.createQuery("SELECT COALESCE(MAX(seq), 0) FROM reviews WHERE observation_id = :id AND version = :v")
                    .bind("id", id).bind("v", v).mapTo(Integer.class).one() + 1;
            String why = reason == null ? "" : reason;
            h.createUpdate("INSERT INTO reviews (observation_id, version, seq, decision, reason, reviewer, created_ns) "
                            + "VALUES (:id, :v, :s, :d, :r, :who, :t)").bind("id", id).bind("v", v).bind("s", seq)
                    .bind("d", decision.name()).bind("r", why).bind("who", actor).bind("t", Users.nowNs()).execute();
            store.audit().append(h, actor, "observation.review", "review", id + "#v" + v + "#" + seq,
                    Hashes.sha256(decision + "|" + why), target.rel());
            return new Version(target.id(), target.version(), target.corrects(), target.body(), target.rel(), target.author(),
                    target.createdNs(), decision.name(), why, actor);
        });
        store.plannerStatistics().inserted("reviews", 1);
        return reviewed;
    }

    private static final String SELECT = "SELECT o.*, r.decision, r.reason, r.reviewer FROM observations o LEFT JOIN reviews r "
            + "ON r.observation_id = o.id AND r.version = o.version AND r.seq = (SELECT MAX(seq) FROM reviews x "
            + "WHERE x.observation_id = o.id AND x.version = o.version) ";

    private static Optional<Version> version(Handle h, String id, int v) {
        return h.createQuery(SELECT + "WHERE o.id = :id AND o.version = :v").bind("id", id).bind("v", v)
                .map((rs, ctx) -> row(rs)).findOne();
    }

    private static Version row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Version(rs.getString("id"), rs.getInt("version"), (Integer) rs.getObject("corrects", Integer.class),
                rs.getString("body"), Releasability.fromColumn(rs.getString("rel")), rs.getString("author"),
                rs.getLong("created_ns"), rs.getString("decision") == null ? "UNVERIFIED" : rs.getString("decision"),
                rs.getString("reason"), rs.getString("reviewer"));
    }

    /** Every version of an observation that the viewer may see, oldest first. */
    public List<Version> history(String viewerNation, String id) {
        return store.jdbi().withHandle(h -> h.createQuery(SELECT + "WHERE o.id = :id AND " + Releasability.sqlVisibleTo("o.", viewerNation)
                        + " ORDER BY o.version").bind("id", id)
                .map((rs, ctx) -> row(rs)).list());
    }

    /**
     * The latest version of each observation the viewer may see, newest first (ties by id); {@code review} filters by
     * review state (UNVERIFIED, VERIFIED, REJECTED) when not null. The database filters and cuts the page, reading the
     * index by time newest first (V7) and stopping at the page's end; a version is the latest when no later one exists
     * (one probe of the primary key).
     */
    public List<Version> latest(String viewerNation, String review, long fromNs, long toNs, int limit, int offset) {
        // limit and offset as literals (whole numbers), as for located records: H2 re-plans a statement with them as parameters
        String sql = SELECT + "WHERE o.from_ns >= :from AND o.from_ns < :to AND " + Releasability.sqlVisibleTo("o.", viewerNation)
                + " AND NOT EXISTS (SELECT 1 FROM observations n WHERE n.id = o.id AND n.version > o.version)"
                // unverified: never reviewed (a review verifies or rejects); a form the planner estimates, unlike a
                // condition on the outer join's NULLs (which it took for rare and answered by sorting the whole window)
                + (review == null ? "" : "UNVERIFIED".equals(review)
                        ? " AND NOT EXISTS (SELECT 1 FROM reviews u WHERE u.observation_id = o.id AND u.version = o.version)"
                        : " AND r.decision = :review")
                + " ORDER BY o.from_ns DESC, o.id LIMIT " + Math.max(0, limit) + " OFFSET " + Math.max(0, offset);
        return store.jdbi().withHandle(h -> {
            org.jdbi.v3.core.statement.Query q = h.createQuery(sql).bind("from", fromNs).bind("to", toNs);
            if (review != null && !"UNVERIFIED".equals(review)) {
                q.bind("review", review);
            }
            return q.map((rs, ctx) -> row(rs)).list();
        });
    }

    /** Counts by table, for tests and health. */
    public Map<String, Long> counts() {
        return store.jdbi().withHandle(h -> Map.of(
                "observations", h.createQuery("SELECT COUNT(*) FROM observations").mapTo(Long.class).one(),
                "reviews", h.createQuery("SELECT COUNT(*) FROM reviews").mapTo(Long.class).one()));
    }
}
