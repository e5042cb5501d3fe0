package org.garant.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;



/**
 * Located records: fused events, violations and alerts, each with a time, a WGS84 point, a kind (event kind or rule),
 * a side of the contact line, a JSON body and a marking. Stored idempotently by id, never updated; queried by box,
 * time, kind and side, newest first, paged; every SQL query applies {@link Releasability#sqlVisibleTo(String, String)}
 * and the embedded store's in-memory index the same rule ({@link Releasability#releasableTo}). Thread-safe.
 *
 * <p>Indexes: time; place and time together (a 0.25° grid cell, then time: a box of up to {@link #MAX_CELLS} cells is
 * answered by one short index range per cell, merged by time, which reads only rows near the box in the window); and
 * the point itself (PostGIS GiST) for larger boxes on PostgreSQL. The embedded store answers every box, of any size,
 * and the map's points by {@link PlaceTimeIndex} and {@link MappedBodies} without reading H2 (its R-trees were dropped:
 * keeping them cost ~30 % of the ingest rate). Measured on a million events (BENCHMARKS.md): a day in a 0.5° box reads
 * ~30 ms by the time index alone and ~200 ms by the R-tree on H2, ~1 ms by cells; with the in-memory index a whole
 * HTTP request of it takes 0.15–0.2 ms on one connection.
 */
public final class Located {
    /** Grid cell size, degrees. */
    static final double CELL_DEG = 0.25;
    /** Largest box, in cells, answered cell by cell. */
    static final int MAX_CELLS = 64;

    private final Store store;

    /** The embedded store's in-memory place-and-time indexes, by table (null on PostgreSQL). */
    private final java.util.EnumMap<Table, PlaceTimeIndex> indexes;
    /** The embedded store's copy of the records' bodies that the indexes point into (null on PostgreSQL). */
    private final MappedBodies bodies;
    /**
     * The embedded store's next row keys, by table (null on PostgreSQL, where the tables' sequences give them: several
     * servers may share it). H2 runs in one process, which holds the file locked, so a counter from the largest
     * stored key is enough and saves a query per insert.
     */
    private final java.util.EnumMap<Table, java.util.concurrent.atomic.AtomicLong> nextKeys;

    Located(Store store) {
        this.store = store;
        if (store.dialect() == Dialect.H2) {
            bodies = new MappedBodies(store.scratchDir());
            indexes = new java.util.EnumMap<>(Table.class);
            nextKeys = new java.util.EnumMap<>(Table.class);
            try {
                for (Table t : Table.values()) {
                    indexes.put(t, load(t));
                    long max = store.jdbi().withHandle(h -> h.createQuery("SELECT COALESCE(MAX(seq), 0) FROM " + t.name)
                            .mapTo(Long.class).one());
                    nextKeys.put(t, new java.util.concurrent.atomic.AtomicLong(Math.max(1, max + 1)));
                }
            } catch (RuntimeException | Error e) {
                bodies.close();
                throw e;
            }
        } else {
            bodies = null;
            indexes = null;
            nextKeys = null;
        }
    }

    /** Releases the bodies' scratch file. */
    void close() {
        if (bodies != null) {
            bodies.close();
        }
    }

    /** Fills a place-and-time index from its table. */
    private PlaceTimeIndex load(Table table) {
        PlaceTimeIndex index = new PlaceTimeIndex(bodies);
        String alert = table == Table.VIOLATIONS ? "alert" : "FALSE";
        store.jdbi().useHandle(h -> {
            try (java.sql.Statement st = h.getConnection().createStatement()) {
                // rows streamed as they are read: by default H2 first copies a large result into a temporary store
                st.execute("SET LAZY_QUERY_EXECUTION TRUE");
                try (java.sql.ResultSet rs = st.executeQuery("SELECT id, time_ns, lon, lat, rel, " + table.kindColumn + ", side, " + alert
                        + ", body FROM " + table.name + " ORDER BY seq")) {
                    while (rs.next()) {
                        index.add(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getDouble(4), rs.getString(5), rs.getString(6),
                                rs.getString(7), rs.getBoolean(8), MappedBodies.encode(rs.getString(9)));
                    }
                } finally {
                    st.execute("SET LAZY_QUERY_EXECUTION FALSE");
                }
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("reading " + table.name + " for the place-and-time index failed: " + e.getMessage(), e);
            }
        });
        return index;
    }

    /** After the tables were emptied (tests and benchmarks only). */
    void clearIndexes() {
        if (indexes != null) {
            indexes.values().forEach(PlaceTimeIndex::clear);
            bodies.clear();
        }
    }

    /** Which table. */
    public enum Table {
        EVENTS("events", "kind", "id, time_ns, lon, lat, kind, side, body, rel"),
        VIOLATIONS("violations", "rule", "id, time_ns, lon, lat, rule, alert, side, body, rel");

        final String name;
        final String kindColumn;
        /** What a read returns (not the geometry: it is only for the index). */
        final String columns;

        Table(String name, String kindColumn, String columns) {
            this.name = name;
            this.kindColumn = kindColumn;
            this.columns = columns;
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
        // on the embedded store, the bodies as the index keeps them: a body too large is refused before anything is stored
        java.util.Map<String, byte[]> encoded = new java.util.HashMap<>();
        if (indexes != null) {
            rows.forEach(r -> encoded.computeIfAbsent(r.id(), id -> MappedBodies.encode(r.body())));
        }
        java.util.Map<String, Row> byId = new java.util.LinkedHashMap<>();
        rows.forEach(r -> byId.putIfAbsent(r.id(), r));
        List<Row> unique = new ArrayList<>(byId.values());
        // the audit's hashes for the usual case (none of them stored yet), before the transaction
        List<Audit.Digest> digests = Audit.digests(unique, Row::rel, Row::id, Row::body);
        List<Row> stored;
        try {
            // the usual case, new records: inserted at once, the unique id refusing any already stored
            stored = store.write(h -> {
                insertRows(h, table, unique);
                store.audit().append(h, actor, table.name + ".insert", table.name, digests);
                return unique;
            });
        } catch (StoredIds.Duplicate e) {
            // some were stored already (a retry): rolled back; only those not stored yet
            stored = store.write(h -> {
                List<String> ids = new ArrayList<>(byId.keySet());
                java.util.Set<String> existing = StoredIds.existing(h, table.name, ids);
                List<Row> fresh = new ArrayList<>();
                for (Row r : unique) {
                    if (!existing.contains(r.id())) {
                        fresh.add(r);
                    }
                }
                if (!fresh.isEmpty()) {
                    try {
                        insertRows(h, table, fresh);
                    } catch (StoredIds.Duplicate again) {
                        // another server stored some of them between the check and the insert (PostgreSQL)
                        throw new StoreException(StoreException.Kind.CONFLICT, table.name + " were stored concurrently; retry");
                    }
                    store.audit().append(h, actor, table.name + ".insert", table.name, Audit.digests(fresh, Row::rel, Row::id, Row::body));
                }
                return fresh;
            });
        }
        // committed: now queries may find them
        store.plannerStatistics().inserted(table.name, stored.size());
        if (indexes != null) {
            PlaceTimeIndex index = indexes.get(table);
            for (Row r : stored) {
                index.add(r.id(), r.timeNs(), r.lon(), r.lat(), r.rel().column(), r.kind(), r.side(), r.alert(), encoded.get(r.id()));
            }
        }
        return stored;
    }

    /** Inserts the rows in one batch; {@link StoredIds.Duplicate} when an id is stored already. */
    private void insertRows(org.jdbi.v3.core.Handle h, Table table, List<Row> fresh) {
        String cols = table == Table.EVENTS ? "seq, id, time_ns, lon, lat, geom, cell, kind, side, body, rel"
                : "seq, id, time_ns, lon, lat, geom, cell, rule, side, body, rel, alert";
        String point = store.dialect().pointSql().replace(":point", "?");
        String vals = "?, ?, ?, ?, ?, " + point + ", ?, ?, ?, ?, ?" + (table == Table.EVENTS ? "" : ", ?");
        // plain JDBC for the batch, as for detections
        try (java.sql.PreparedStatement ps = h.getConnection().prepareStatement("INSERT INTO " + table.name + " (" + cols
                + ") VALUES (" + vals + ")")) {
            long[] seqs = rowKeys(h.getConnection(), table, fresh.size());
            for (int k = 0; k < fresh.size(); k++) {
                Row r = fresh.get(k);
                ps.setLong(1, seqs[k]);
                ps.setString(2, r.id());
                ps.setLong(3, r.timeNs());
                ps.setDouble(4, r.lon());
                ps.setDouble(5, r.lat());
                ps.setString(6, Dialect.pointEwkt(r.lon(), r.lat()));
                ps.setInt(7, cell(r.lon(), r.lat()));
                ps.setString(8, r.kind());
                ps.setString(9, r.side());
                ps.setString(10, r.body());
                ps.setString(11, r.rel().column());
                if (table == Table.VIOLATIONS) {
                    ps.setBoolean(12, r.alert());
                }
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (java.sql.SQLException e) {
            if (StoredIds.isDuplicate(e)) {
                throw new StoredIds.Duplicate(e);
            }
            throw new IllegalStateException("storing " + table.name + " failed: " + e.getMessage(), e);
        }
    }

    /** The next {@code n} row keys of the table: from its sequence, or on the embedded store from its counter. */
    private long[] rowKeys(java.sql.Connection c, Table table, int n) throws java.sql.SQLException {
        long[] out = new long[n];
        if (nextKeys != null) {
            long first = nextKeys.get(table).getAndAdd(n);
            for (int k = 0; k < n; k++) {
                out[k] = first + k;
            }
            return out;
        }
        try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT nextval('" + table.name + "_seq') FROM generate_series(1, ?)")) {
            ps.setInt(1, n);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                int k = 0;
                while (rs.next() && k < n) {
                    out[k++] = rs.getLong(1);
                }
                if (k < n) {
                    throw new IllegalStateException("the sequence " + table.name + "_seq gave " + k + " of " + n + " row keys");
                }
            }
        }
        return out;
    }

    /** The grid cell of a point: rows of 0.25° from the south pole, 1,440 cells to a row. */
    static int cell(double lon, double lat) {
        int x = (int) Math.floor((lon + 180) / CELL_DEG);
        int y = (int) Math.floor((lat + 90) / CELL_DEG);
        return y * 1440 + Math.min(x, 1439);
    }

    /** The column of the grid's cells that a longitude falls in. */
    static int cellX(double lon) {
        return Math.min(1439, (int) Math.floor((lon + 180) / CELL_DEG));
    }

    /** The row of the grid's cells that a latitude falls in. */
    static int cellY(double lat) {
        return (int) Math.floor((lat + 90) / CELL_DEG);
    }

    /** The cells a box touches, or null when there are more than {@link #MAX_CELLS}. */
    static List<Integer> cells(double[] bbox) {
        int x0 = cellX(bbox[0]);
        int x1 = cellX(bbox[2]);
        int y0 = cellY(bbox[1]);
        int y1 = cellY(bbox[3]);
        if ((long) (x1 - x0 + 1) * (y1 - y0 + 1) > MAX_CELLS) {
            return null;
        }
        List<Integer> out = new ArrayList<>();
        for (int y = y0; y <= y1; y++) {
            for (int x = x0; x <= x1; x++) {
                out.add(y * 1440 + x);
            }
        }
        return out;
    }

    /** The records matching the query that the viewer may see, newest first. */
    public List<Row> find(String viewerNation, Table table, Query q) {
        if (indexes != null && q.bbox() != null) {
            // the embedded store answers every box from its index, whatever the box's size
            PlaceTimeIndex index = indexes.get(table);
            List<Row> out = new ArrayList<>();
            page(index, viewerNation, table, q, q.offset() + q.limit()).forEach(e -> out.add(index.row(e)));
            return out;
        }
        // one statement: with a box of a few cells (PostgreSQL), per cell the newest of its index range, merged and cut by
        // the database (one round trip instead of one per cell)
        List<Integer> cells = q.bbox() == null ? null : cells(q.bbox());
        return read(statement(false, table.columns, viewerNation, table, q, cells), rs -> row(table, rs));
    }

    /**
     * A box query's page on the embedded store, from the in-memory place-and-time index alone: the index's cells within
     * the box, one range each, already newest first, merged; the marking tested there by
     * {@link Releasability#releasableTo} (the rule of the SQL condition).
     */
    private List<PlaceTimeIndex.Entry> page(PlaceTimeIndex index, String viewerNation, Table table, Query q, int need) {
        double[] b = q.bbox();
        List<Integer> cells = index.cellsWithin(cellX(b[0]), cellY(b[1]), cellX(b[2]), cellY(b[3]));
        List<PlaceTimeIndex.Entry> all = new ArrayList<>(index.newest(cells, viewerNation, q, table == Table.VIOLATIONS, need));
        all.sort(java.util.Comparator.comparingLong(PlaceTimeIndex.Entry::timeNs).reversed().thenComparing(PlaceTimeIndex.Entry::id));
        return all.subList(Math.min(all.size(), q.offset()), Math.min(all.size(), need));
    }

    /** A record as a map of many draws it: no body. */
    public record Point(String id, long timeNs, double lon, double lat, String kind, String side) {
    }

    /**
     * The newest {@code q.limit()} records matching the query that the viewer may see, without their bodies (the map's
     * overview of many records): with a box on the embedded store from its index, else one query by the time index or the spatial one.
     */
    public List<Point> points(String viewerNation, Table table, Query q) {
        if (indexes != null && q.bbox() != null) {
            PlaceTimeIndex index = indexes.get(table);
            List<Point> out = new ArrayList<>();
            page(index, viewerNation, table, q, q.offset() + q.limit()).forEach(e -> out.add(index.point(e)));
            return out;
        }
        return read(statement(false, "id, time_ns, lon, lat, " + table.kindColumn + ", side", viewerNation, table, q, null),
                rs -> new Point(rs.getString(1), rs.getLong(2), rs.getDouble(3), rs.getDouble(4), rs.getString(5), rs.getString(6)));
    }

    /** The database's plan for what {@link #find} runs for this query on PostgreSQL, a line per row of EXPLAIN (for tests). */
    List<String> plan(String viewerNation, Table table, Query q) {
        List<Integer> cells = q.bbox() == null ? null : cells(q.bbox());
        return read(statement(true, table.columns, viewerNation, table, q, cells), rs -> rs.getString(1));
    }

    /** A statement's text, its parameters in order, and the table it reads (for messages). */
    private record Statement(String sql, List<Object> params, String table) {
    }

    /** Reads a row of a result. */
    private interface RowReader<T> {
        T read(java.sql.ResultSet rs) throws java.sql.SQLException;
    }

    /**
     * Runs a query by plain JDBC, its parameters bound by position (the map's and the lists' hot path: Jdbi's binding by
     * name and its statement events were ~7 % of a PostgreSQL server's CPU at 1,000 requests/s).
     */
    private <T> List<T> read(Statement st, RowReader<T> reader) {
        try (java.sql.Connection c = store.connection(); java.sql.PreparedStatement ps = c.prepareStatement(st.sql())) {
            for (int k = 0; k < st.params().size(); k++) {
                ps.setObject(k + 1, st.params().get(k));
            }
            List<T> out = new ArrayList<>();
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(reader.read(rs));
                }
            }
            return out;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("querying " + st.table() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * The query's statement, its page cut by the query's limit and offset. With {@code cells}, a union of one branch per
     * cell (each the newest {@code offset + limit} of one index range), ordered and cut; without, one statement (by the
     * spatial index when there is a box).
     */
    private Statement statement(boolean explain, String columns, String viewerNation, Table table, Query q, List<Integer> cells) {
        int limit = Math.max(0, q.limit());
        int offset = Math.max(0, q.offset());
        // the conditions after the cell's, and their parameters (repeated in each cell's branch)
        StringBuilder where = new StringBuilder("time_ns >= ? AND time_ns < ? AND ").append(Releasability.sqlVisibleTo(viewerNation));
        List<Object> whereParams = new ArrayList<>(List.of(q.fromNs(), q.toNs()));
        if (q.bbox() != null) {
            if (cells == null) {
                where.append(" AND geom && ").append(store.dialect().envelopeSql());
                whereParams.add(Dialect.envelopeEwkt(q.bbox()));
            }
            where.append(" AND lon BETWEEN ? AND ? AND lat BETWEEN ? AND ?");
            whereParams.addAll(List.of(q.bbox()[0], q.bbox()[2], q.bbox()[1], q.bbox()[3]));
        }
        if (q.kind() != null) {
            where.append(" AND ").append(table.kindColumn).append(" = ?");
            whereParams.add(q.kind());
        }
        if (q.side() != null) {
            where.append(" AND side = ?");
            whereParams.add(q.side());
        }
        if (q.alert() != null && table == Table.VIOLATIONS) {
            where.append(" AND alert = ?");
            whereParams.add(q.alert());
        }
        // limit and offset as literals (whole numbers): with them as parameters H2 re-plans the query on every run
        String page = " ORDER BY time_ns DESC, id LIMIT " + limit + " OFFSET " + offset;
        StringBuilder sql = new StringBuilder(explain ? "EXPLAIN SELECT " : "SELECT ").append(columns);
        List<Object> params = new ArrayList<>();
        if (cells == null) {
            sql.append(" FROM ").append(table.name).append(" WHERE ").append(where).append(page);
            params.addAll(whereParams);
        } else {
            sql.append(" FROM (");
            for (int k = 0; k < cells.size(); k++) {
                sql.append(k == 0 ? "" : " UNION ALL ").append("(SELECT ").append(columns).append(" FROM ").append(table.name)
                        .append(" WHERE cell = ? AND ").append(where).append(" ORDER BY time_ns DESC, id LIMIT ").append(limit + offset).append(')');
                params.add(cells.get(k));
                params.addAll(whereParams);
            }
            sql.append(") AS cells").append(page);
        }
        return new Statement(sql.toString(), params, table.name);
    }

    /** A row read with {@link Table#columns}, by position (by name costs a lookup per value). */
    private static Row row(Table table, java.sql.ResultSet rs) throws java.sql.SQLException {
        return row(table, rs, 0);
    }

    /** A row read with {@link Table#columns} after {@code skip} other columns. */
    private static Row row(Table table, java.sql.ResultSet rs, int skip) throws java.sql.SQLException {
        int o = skip;
        if (table == Table.EVENTS) {
            return new Row(rs.getString(o + 1), rs.getLong(o + 2), rs.getDouble(o + 3), rs.getDouble(o + 4), rs.getString(o + 5),
                    rs.getString(o + 6), false, rs.getString(o + 7), Releasability.fromColumn(rs.getString(o + 8)));
        }
        return new Row(rs.getString(o + 1), rs.getLong(o + 2), rs.getDouble(o + 3), rs.getDouble(o + 4), rs.getString(o + 5),
                rs.getString(o + 7), rs.getBoolean(o + 6), rs.getString(o + 8), Releasability.fromColumn(rs.getString(o + 9)));
    }

    /** One record, if the viewer may see it. */
    public Optional<Row> get(String viewerNation, Table table, String id) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT " + table.columns + " FROM " + table.name + " WHERE id = :id AND "
                        + Releasability.sqlVisibleTo(viewerNation)).bind("id", id)
                .map((rs, ctx) -> row(table, rs)).findOne());
    }

    /** The markings of those of the records that are stored (any nation's: for deriving a fused record's marking). */
    public java.util.Map<String, Releasability> markings(Table table, List<String> ids) {
        java.util.Map<String, Releasability> out = new java.util.HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        store.jdbi().useHandle(h -> h.createQuery("SELECT id, rel FROM " + table.name + " WHERE id IN (<ids>)").bindList("ids", ids)
                .map((rs, ctx) -> java.util.Map.entry(rs.getString(1), Releasability.fromColumn(rs.getString(2))))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    public long count(Table table) {
        return store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM " + table.name).mapTo(Long.class).one());
    }

}
