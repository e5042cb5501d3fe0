package org.garant.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/**
 * The Garant store: one set of repositories over either the embedded H2 database in a folder (the default,
 * {@code ./garant-data/}) or PostgreSQL with PostGIS ({@code jdbc:postgresql://…}). Opening migrates the schema with
 * Flyway. Every write method commits before it returns, so a returned call is an acknowledged, durable write (on H2
 * with WRITE_DELAY=0, which writes each commit to the file before it returns). Thread-safe: repositories may be used
 * from any thread.
 */
public final class Store implements AutoCloseable {
    private final String url;
    private final Dialect dialect;
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Audit audit;
    private final Users users;
    private final Documents documents;
    private final Detections detections;
    private final Observations observations;
    private final Located located;
    /** PostgreSQL's planner statistics of the tables that keep growing, kept current by the store (inert on H2). */
    private final PlannerStatistics plannerStatistics;
    /**
     * H2's writers, one at a time. Its MVStore lets concurrent transactions write the same tables optimistically:
     * each insert copies the path to its leaf page and swaps the map's root, redoing it when another writer got there
     * first; and every write also updates the audit chain's head row, so the transactions queue there anyway. Four
     * concurrent ingests stored 107,000-167,000 detections/s where one alone stored 214,000 (BENCHMARKS.md).
     */
    private final java.util.concurrent.locks.ReentrantLock writer = new java.util.concurrent.locks.ReentrantLock();

    private Store(String url, int poolSize) {
        this.url = url;
        this.dialect = Dialect.of(url);
        HikariConfig cfg = new HikariConfig();
        cfg.setJdbcUrl(url);
        cfg.setMaximumPoolSize(poolSize);
        cfg.setPoolName("garant-store");
        cfg.setAutoCommit(true);
        if (dialect == Dialect.POSTGRESQL) {
            // a JDBC batch of inserts sent as multi-row INSERTs instead of one statement per row
            cfg.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        this.dataSource = new HikariDataSource(cfg);
        // whatever fails from here on (the migration, the planner statistics' catalogue query, the place-and-time
        // index reading its tables) releases the pool and what was opened before it: a caller that catches the error
        // and opens again must not find the old pool still holding connections, or its threads running
        PlannerStatistics statistics = null;
        try {
            Flyway.configure().dataSource(dataSource)
                    .locations("classpath:db/migration", "classpath:db/vendor/" + dialect.vendor())
                    .placeholders(dialect.placeholders()).load().migrate();
            this.jdbi = Jdbi.create(dataSource);
            statistics = dialect == Dialect.POSTGRESQL
                    ? new PlannerStatistics(jdbi, List.of("events", "violations", "observations", "reviews")) : PlannerStatistics.NONE;
            this.plannerStatistics = statistics;
            this.audit = new Audit(this);
            this.users = new Users(this);
            this.documents = new Documents(this);
            this.detections = new Detections(this);
            this.observations = new Observations(this);
            this.located = new Located(this);
        } catch (RuntimeException | Error e) {
            if (statistics != null) {
                statistics.close();
            }
            dataSource.close();
            throw e;
        }
    }

    /**
     * Opens (creating and migrating where needed) the store named by {@code db}: a JDBC URL ({@code jdbc:h2:…} or
     * {@code jdbc:postgresql:…}) or a folder for the embedded database.
     */
    public static Store open(String db) {
        return new Store(jdbcUrl(db), 32);
    }

    /** The JDBC URL for {@code db}: itself when it is one, else the embedded database in that folder. */
    public static String jdbcUrl(String db) {
        if (db.startsWith("jdbc:")) {
            return db;
        }
        Path dir = Path.of(db).toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("cannot create the store folder " + dir + ": " + e.getMessage(), e);
        }
        // WRITE_DELAY=0: each commit is written to the file before it returns (durable against a killed process);
        // a page cache of 16 MB (box queries do not read H2's pages, PlaceTimeIndex: its pages serve ingest, and every
        // young collection copies a larger cache of pages that ingest keeps replacing, pausing the one writer too: 64 MB
        // measured about a quarter less ingest, BENCHMARKS.md);
        // and 64 compiled statements per connection (the releasability condition names the viewer's nation)
        long cacheKb = 16L << 10;
        return "jdbc:h2:file:" + dir.resolve("garant") + ";DB_CLOSE_ON_EXIT=FALSE;CACHE_SIZE=" + cacheKb + ";QUERY_CACHE_SIZE=64;WRITE_DELAY=0";
    }

    /**
     * Where the embedded store keeps scratch files: beside its database file, or the temporary folder for an in-memory
     * database.
     */
    Path scratchDir() {
        String prefix = "jdbc:h2:file:";
        if (url.startsWith(prefix)) {
            int end = url.indexOf(';');
            Path parent = Path.of(url.substring(prefix.length(), end < 0 ? url.length() : end)).toAbsolutePath().getParent();
            if (parent != null) {
                return parent;
            }
        }
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    public String url() {
        return url;
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * A pooled connection for a read on a request's hot path by plain JDBC (the caller closes it): the token's lookup
     * and the located records' pages, run on every request, without Jdbi's handle (its configuration, statement
     * context and cleanup: a quarter of the token lookup's CPU; BENCHMARKS.md, tenth session).
     */
    java.sql.Connection connection() throws java.sql.SQLException {
        return dataSource.getConnection();
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public Audit audit() {
        return audit;
    }

    public Users users() {
        return users;
    }

    public Documents documents() {
        return documents;
    }

    public Detections detections() {
        return detections;
    }

    public Observations observations() {
        return observations;
    }

    /** PostgreSQL's planner statistics as the store keeps them (inert on the embedded store). */
    PlannerStatistics plannerStatistics() {
        return plannerStatistics;
    }

    /** Events, violations and alerts: located records queried by place and time. */
    public Located located() {
        return located;
    }

    /**
     * Runs a write transaction; when it returns, the transaction is committed and durable against a crash of this
     * process (PostgreSQL's commit is; H2 is opened with WRITE_DELAY=0, which writes each commit to its file before
     * the commit returns, where H2's default keeps commits in memory for up to half a second).
     */
    <T> T write(org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
        if (dialect != Dialect.H2) {
            return jdbi.inTransaction(work);
        }
        writer.lock();
        try {
            return jdbi.inTransaction(work);
        } finally {
            writer.unlock();
        }
    }

    /** Empties every table (tests and benchmarks only). */
    public void deleteAllForTests() {
        String[] tables = {"tokens", "users", "documents", "detections", "observations", "reviews", "events", "violations", "audit_log"};
        jdbi.useTransaction(h -> {
            if (dialect == Dialect.POSTGRESQL) {
                // at once and leaving no dead rows behind (a benchmark's million rows deleted stayed in every index
                // until a vacuum, and this machine's PostgreSQL runs none)
                h.execute("TRUNCATE " + String.join(", ", tables));
            } else {
                for (String t : tables) {
                    h.execute("DELETE FROM " + t);
                }
            }
            h.execute("UPDATE audit_head SET seq = 0, hash = '" + "0".repeat(64) + "' WHERE id = 1");
        });
        located.clearIndexes();
        plannerStatistics.tablesEmptied();
        users.forgetCachedTokens();
    }

    @Override
    public void close() {
        if (dialect == Dialect.H2) {
            try {
                jdbi.useHandle(h -> h.execute("SHUTDOWN"));
            } catch (RuntimeException ignored) {
                // already shut down
            }
        }
        located.close();
        plannerStatistics.close();
        dataSource.close();
    }
}
