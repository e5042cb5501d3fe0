package org.garant.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jdbi.v3.core.statement.PreparedBatch;


/**
 * Located records: fused events, violations and alerts, each with a time, a WGS84 point (spatially indexed: H2's
 * R-tree, PostGIS GiST), a kind (event kind or rule), a side of the contact line, a JSON body and a marking. Stored
 * idempotently by id; queried by box, time, kind and side, newest first, paged; every query applies
 * {@link Releasability#SQL_VISIBLE}. Thread-safe.
 */
public final class Located {
    private final Store store;

    Located(Store store) {
        this.store = store;
    }

    /** Which table. */
    public enum Table {
        EVENTS("events", "kind"), VIOLATIONS("violations", "rule");

        final String name;
        final String kindColumn;

        Table(String name, String kindColumn) {
            this.name = name;
            this.kindColumn = kindColumn;
        }
    }

    /** A record to store or as read. {@code alert} only for violations. */
    public record Row(String id, long timeNs, double lon, double lat, String kind, String side, boolean alert,
                      String body, Releasability rel) {
    }

    /**
     * A query: {@code bbox} (min lon, min lat, max lon, max lat) or null, {@code [fromNs, toNs)}, kind/rule and side
     * or null, {@code alert} (violations only: true for alerts, false for violations, null for both).
     */
    public record Query(double[] bbox, long fromNs, long toNs, String kind, String side, Boolean alert, int limit, int offset) {
    }

    /** Stores the rows not already stored, in one transaction with one audit entry; returns those stored. */
    public List<Row> insert(String actor, Table table, List<Row> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        return store.write(h -> {
            List<String> ids = new ArrayList<>(rows.size());
            rows.forEach(r -> ids.add(r.id()));
            java.util.Set<String> existing = Detections.existing(h, table.name, ids);
            java.util.Set<String> seen = new java.util.HashSet<>(existing);
            List<Row> fresh = new ArrayList<>();
            for (Row r : rows) {
                if (seen.add(r.id())) {
                    fresh.add(r);
                }
            }
            if (fresh.isEmpty()) {
                return fresh;
            }
            String cols = table == Table.EVENTS ? "id, time_ns, lon, lat, geom, kind, side, body, rel"
                    : "id, time_ns, lon, lat, geom, rule, alert, side, body, rel";
            String vals = table == Table.EVENTS ? ":id, :t, :lon, :lat, " + store.dialect().pointSql() + ", :kind, :side, :body, :rel"
                    : ":id, :t, :lon, :lat, " + store.dialect().pointSql() + ", :kind, :alert, :side, :body, :rel";
            PreparedBatch b = h.prepareBatch("INSERT INTO " + table.name + " (" + cols + ") VALUES (" + vals + ")");
            for (Row r : fresh) {
                b.bind("id", r.id()).bind("t", r.timeNs()).bind("lon", r.lon()).bind("lat", r.lat())
                        .bind("point", Dialect.pointEwkt(r.lon(), r.lat())).bind("kind", r.kind()).bind("side", r.side())
                        .bind("body", r.body()).bind("rel", r.rel().column());
                if (table == Table.VIOLATIONS) {
                    b.bind("alert", r.alert());
                }
                b.add();
            }
            b.execute();
            store.audit().appendPerMarking(h, actor, table.name + ".insert", table.name, fresh, Row::rel, Row::id, Row::body);
            return fresh;
        });
    }

    /** The records matching the query that the viewer may see, newest first. */
    public List<Row> find(String viewerNation, Table table, Query q) {
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(table.name).append(" WHERE time_ns >= :from AND time_ns < :to AND ")
                .append(Releasability.SQL_VISIBLE);
        if (q.bbox() != null) {
            sql.append(" AND geom && ").append(store.dialect().envelopeSql())
                    .append(" AND lon BETWEEN :minLon AND :maxLon AND lat BETWEEN :minLat AND :maxLat");
        }
        if (q.kind() != null) {
            sql.append(" AND ").append(table.kindColumn).append(" = :kind");
        }
        if (q.side() != null) {
            sql.append(" AND side = :side");
        }
        if (q.alert() != null && table == Table.VIOLATIONS) {
            sql.append(" AND alert = :alert");
        }
        sql.append(" ORDER BY time_ns DESC, id LIMIT :limit OFFSET :offset");
        return store.jdbi().withHandle(h -> {
            org.jdbi.v3.core.statement.Query query = h.createQuery(sql.toString()).bind("from", q.fromNs()).bind("to", q.toNs())
                    .bind("viewer_rel", Releasability.viewerPattern(viewerNation)).bind("limit", q.limit()).bind("offset", q.offset());
            if (q.bbox() != null) {
                query.bind("envelope", Dialect.envelopeEwkt(q.bbox())).bind("minLon", q.bbox()[0]).bind("minLat", q.bbox()[1])
                        .bind("maxLon", q.bbox()[2]).bind("maxLat", q.bbox()[3]);
            }
            if (q.kind() != null) {
                query.bind("kind", q.kind());
            }
            if (q.side() != null) {
                query.bind("side", q.side());
            }
            if (q.alert() != null && table == Table.VIOLATIONS) {
                query.bind("alert", q.alert());
            }
            return query.map((rs, ctx) -> row(table, rs)).list();
        });
    }

    private static Row row(Table table, java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(rs.getString("id"), rs.getLong("time_ns"), rs.getDouble("lon"), rs.getDouble("lat"),
                rs.getString(table.kindColumn), rs.getString("side"), table == Table.VIOLATIONS && rs.getBoolean("alert"),
                rs.getString("body"), Releasability.fromColumn(rs.getString("rel")));
    }

    /** One record, if the viewer may see it. */
    public Optional<Row> get(String viewerNation, Table table, String id) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT * FROM " + table.name + " WHERE id = :id AND "
                        + Releasability.SQL_VISIBLE).bind("id", id).bind("viewer_rel", Releasability.viewerPattern(viewerNation))
                .map((rs, ctx) -> row(table, rs)).findOne());
    }

    public long count(Table table) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table.name).mapTo(Long.class).one());
    }

}
