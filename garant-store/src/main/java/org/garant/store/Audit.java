package org.garant.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The audit log: every change appends an entry (who, when, what, the hash of its payload) in the same transaction as
 * the change, so an entry exists exactly when its change committed. Entries are hash-chained:
 * {@code hash = SHA-256(prev_hash | seq | at_ns | actor | action | entity | entity_id | payload_hash)}, so editing,
 * removing or reordering an entry breaks the chain at that entry. Appenders serialise on the one row of
 * {@code audit_head} ({@code SELECT … FOR UPDATE}), so entries chain in commit order across threads and servers.
 * Thread-safe.
 */
public final class Audit {
    public static final String GENESIS = "0".repeat(64);

    private final Store store;

    Audit(Store store) {
        this.store = store;
    }

    /** One entry. */
    public record Entry(long seq, long atNs, String actor, String action, String entity, String entityId,
                        String payloadHash, Releasability rel, String prevHash, String hash) {
    }

    /**
     * The result of {@link #verify()}: how many entries were checked, and the first broken one (null when the chain
     * holds), with what is wrong.
     */
    public record Verification(long entries, boolean ok, Long firstBrokenSeq, String problem, long evidenceChecked) {
    }

    /** Appends an entry inside the caller's transaction. */
    Entry append(Handle h, String actor, String action, String entity, String entityId, String payloadHash, Releasability rel) {
        Map<String, Object> head = h.createQuery("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE").mapToMap().one();
        long seq = ((Number) head.get("seq")).longValue() + 1;
        String prev = ((String) head.get("hash")).trim();
        long at = Users.nowNs();
        String hash = chain(prev, seq, at, actor, action, entity, entityId, payloadHash, rel.column());
        h.createUpdate("INSERT INTO audit_log (seq, at_ns, actor, action, entity, entity_id, payload_hash, rel, prev_hash, hash) "
                        + "VALUES (:seq, :at, :actor, :action, :entity, :entityId, :payload, :rel, :prev, :hash)")
                .bind("seq", seq).bind("at", at).bind("actor", actor).bind("action", action).bind("entity", entity)
                .bind("entityId", entityId).bind("payload", payloadHash).bind("rel", rel.column()).bind("prev", prev)
                .bind("hash", hash).execute();
        h.createUpdate("UPDATE audit_head SET seq = :seq, hash = :hash WHERE id = 1").bind("seq", seq).bind("hash", hash)
                .execute();
        return new Entry(seq, at, actor, action, entity, entityId, payloadHash, rel, prev, hash);
    }

    /**
     * What one audit entry of a batch of rows records: one entry per marking among the rows (an entry names record ids,
     * so it is shown only where its records may be seen), the first row's id, and the SHA-256 of the rows' bodies.
     */
    record Digest(Releasability rel, int count, String firstId, String payloadHash) {
    }

    /**
     * The rows' entries-to-be, one per marking, each with the SHA-256 of its rows' bodies (each followed by a newline):
     * computed before the transaction by a caller that knows which rows it will store, so that the hashing is not done
     * while holding the store's writer.
     */
    static <R> List<Digest> digests(List<R> rows, java.util.function.Function<R, Releasability> rel,
                                    java.util.function.Function<R, String> id, java.util.function.Function<R, String> body) {
        Map<Releasability, List<R>> groups = new java.util.LinkedHashMap<>();
        for (R r : rows) {
            groups.computeIfAbsent(rel.apply(r), k -> new ArrayList<>()).add(r);
        }
        List<Digest> out = new ArrayList<>(groups.size());
        for (Map.Entry<Releasability, List<R>> g : groups.entrySet()) {
            java.security.MessageDigest sha = Hashes.sha256Digest();
            for (R r : g.getValue()) {
                sha.update(body.apply(r).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            out.add(new Digest(g.getKey(), g.getValue().size(), id.apply(g.getValue().get(0)), java.util.HexFormat.of().formatHex(sha.digest())));
        }
        return out;
    }

    /** Appends the digests' entries inside the caller's transaction. */
    void append(Handle h, String actor, String action, String entity, List<Digest> digests) {
        for (Digest d : digests) {
            append(h, actor, action, entity, d.count() + " from " + d.firstId(), d.payloadHash(), d.rel());
        }
    }

    static String chain(String prev, long seq, long at, String actor, String action, String entity, String entityId,
                        String payloadHash, String rel) {
        return Hashes.sha256(prev + "|" + seq + "|" + at + "|" + actor + "|" + action + "|" + entity + "|" + entityId
                + "|" + payloadHash + "|" + rel);
    }

    /** The newest entries that the viewer may see (an entry is marked like the change it records), newest first. */
    public List<Entry> latest(String viewerNation, int limit) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT * FROM audit_log WHERE " + Releasability.sqlVisibleTo(viewerNation)
                        + " ORDER BY seq DESC LIMIT :n")
                .bind("n", limit).map((rs, ctx) -> entry(rs)).list());
    }

    private static Entry entry(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Entry(rs.getLong("seq"), rs.getLong("at_ns"), rs.getString("actor"), rs.getString("action"),
                rs.getString("entity"), rs.getString("entity_id"), rs.getString("payload_hash").trim(),
                Releasability.fromColumn(rs.getString("rel")), rs.getString("prev_hash").trim(), rs.getString("hash").trim());
    }

    /**
     * Recomputes the whole chain in order and checks that the head names the last entry; then checks that every
     * submitted observation (the evidence) still hashes to what its audit entry recorded, so an edited original is
     * found even where the log itself is intact.
     */
    public Verification verify() {
        return store.jdbi().withHandle(h -> {
            // the head first, then the entries up to it: entries appended meanwhile (the server keeps writing) are
            // newer than the head read, and are for the next verification
            Map<String, Object> head = h.createQuery("SELECT seq, hash FROM audit_head WHERE id = 1").mapToMap().one();
            long headSeq = ((Number) head.get("seq")).longValue();
            long n = 0;
            String prev = GENESIS;
            long expectSeq = 1;
            List<Entry> evidence = new ArrayList<>();
            try (org.jdbi.v3.core.result.ResultIterator<Entry> i = h.createQuery("SELECT * FROM audit_log WHERE seq <= :head ORDER BY seq")
                    .bind("head", headSeq).setFetchSize(10_000).map((rs, ctx) -> entry(rs)).iterator()) {
                while (i.hasNext()) {
                    Entry e = i.next();
                    n++;
                    if (e.seq() != expectSeq) {
                        return new Verification(n, false, e.seq(), "entry " + expectSeq + " is missing (next is " + e.seq() + ")", 0);
                    }
                    if (!e.prevHash().equals(prev)) {
                        return new Verification(n, false, e.seq(), "prev_hash does not match the hash of entry " + (e.seq() - 1), 0);
                    }
                    String recomputed = chain(e.prevHash(), e.seq(), e.atNs(), e.actor(), e.action(), e.entity(),
                            e.entityId(), e.payloadHash(), e.rel().column());
                    if (!recomputed.equals(e.hash())) {
                        return new Verification(n, false, e.seq(), "hash does not match the entry's contents (edited)", 0);
                    }
                    if (e.entity().equals(Observations.ENTITY)) {
                        evidence.add(e);
                    }
                    prev = e.hash();
                    expectSeq++;
                }
            }
            if (headSeq != n || !((String) head.get("hash")).trim().equals(prev)) {
                return new Verification(n, false, n + 1, "the log ends at entry " + n + " but its head names entry " + headSeq
                        + " (entries removed from the end)", 0);
            }
            long checked = 0;
            for (Entry e : evidence) {
                String[] idVersion = e.entityId().split("#v");
                String body = h.createQuery("SELECT body FROM observations WHERE id = :id AND version = :v")
                        .bind("id", idVersion[0]).bind("v", Integer.parseInt(idVersion[1])).mapTo(String.class).findOne()
                        .orElse(null);
                if (body == null) {
                    return new Verification(n, false, e.seq(), "observation " + e.entityId() + " recorded here is gone", checked);
                }
                if (!Hashes.sha256(body).equals(e.payloadHash())) {
                    return new Verification(n, false, e.seq(), "observation " + e.entityId()
                            + " no longer matches the hash recorded when it was submitted (edited)", checked);
                }
                checked++;
            }
            return new Verification(n, true, null, null, checked);
        });
    }
}
