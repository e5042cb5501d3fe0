package org.garant.store;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;

/**
 * PostgreSQL's planner statistics of the tables the server keeps filling (events, violations, observations and their
 * reviews), kept current by the store itself: a table is analysed (in the background, one at a time) when it has grown
 * by a fifth, and by at least {@link #MIN_GROWTH} rows, since it was last analysed, and when the store opens on a table
 * never analysed.
 *
 * <p>Autovacuum does the same when it is on (after 10 % + 50 rows), but it may be off (it is on this machine's
 * PostgreSQL) and it looks only once a minute. Without statistics the planner takes a freshly filled table for a nearly
 * empty one and answers a newest-first page by fetching and sorting every row in the window instead of reading the
 * newest-first index and stopping at the page's end: the newest 100 of a year over 300,000 events took 0.3 s instead
 * of 0.1 ms (BENCHMARKS.md, server). Each server counts only its own inserts; ANALYZE is idempotent, so servers sharing
 * a database only analyse a little more often.
 */
final class PlannerStatistics implements AutoCloseable {
    /** The least growth, in rows, that makes a table analysed again. */
    static final long MIN_GROWTH = 10_000;
    /** The share of the table's size at its last analysis by which it must have grown. */
    static final double GROWTH_SHARE = 0.2;

    /** On the embedded store: counts nothing, analyses nothing (H2 plans these queries by its indexes alone). */
    static final PlannerStatistics NONE = new PlannerStatistics(null, List.of());

    private final Jdbi jdbi;
    /** Where the analyses run, one at a time (none when no table is kept: {@link #NONE} is shared by every embedded store). */
    private final ExecutorService runner;
    private final Map<String, Tracked> tables = new ConcurrentHashMap<>();
    private final AtomicLong analyses = new AtomicLong();

    /** A table's rows inserted since its last analysis, its size then, and whether an analysis is queued or running. */
    private static final class Tracked {
        final AtomicLong sinceAnalysis = new AtomicLong();
        volatile long rowsAtAnalysis;
        final AtomicBoolean pending = new AtomicBoolean();
    }

    PlannerStatistics(Jdbi jdbi, List<String> tableNames) {
        this.jdbi = jdbi;
        this.runner = tableNames.isEmpty() ? null : Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "garant-store-analyze");
            t.setDaemon(true);
            return t;
        });
        for (String name : tableNames) {
            Tracked t = new Tracked();
            tables.put(name, t);
            t.rowsAtAnalysis = Math.max(0, estimatedRows(name));
            if (!analysedEver(name)) {
                // now, whatever it holds (its size in pg_class may come from an index build, which gathers no statistics)
                schedule(name, t);
            }
        }
    }

    /** Counts rows a transaction of this server committed to a table; analyses it when it has grown enough. */
    void inserted(String table, int rows) {
        Tracked t = tables.get(table);
        if (t == null || rows <= 0) {
            return;
        }
        long since = t.sinceAnalysis.addAndGet(rows);
        if (since >= Math.max(MIN_GROWTH, (long) (GROWTH_SHARE * t.rowsAtAnalysis))) {
            schedule(table, t);
        }
    }

    /** After the tables were emptied (tests and benchmarks only): the counts start again from empty tables. */
    void tablesEmptied() {
        tables.forEach((name, t) -> {
            t.sinceAnalysis.set(0);
            t.rowsAtAnalysis = 0;
        });
    }

    /** How many analyses have completed (for tests). */
    long analyses() {
        return analyses.get();
    }

    private void schedule(String table, Tracked t) {
        if (!t.pending.compareAndSet(false, true)) {
            return;
        }
        try {
            runner.execute(() -> {
                try {
                    long counted = t.sinceAnalysis.get();
                    // not waiting behind a vacuum of the same table (it would hold a pooled connection meanwhile): tried
                    // again after the next growth
                    jdbi.useTransaction(h -> {
                        h.execute("SET LOCAL lock_timeout = '2s'");
                        h.execute("ANALYZE " + table);
                    });
                    t.sinceAnalysis.addAndGet(-counted);
                    t.rowsAtAnalysis = Math.max(0, estimatedRows(table));
                    analyses.incrementAndGet();
                } catch (RuntimeException e) {
                    // statistics are an optimisation: a failed analysis (a vacuum holding the table, a closing pool, a
                    // lost connection) is tried again after the next growth
                    System.getLogger(PlannerStatistics.class.getName()).log(System.Logger.Level.WARNING,
                            "ANALYZE " + table + " failed: " + e.getMessage());
                } finally {
                    t.pending.set(false);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            t.pending.set(false);
        }
    }

    /** Whether the table was ever analysed, by anyone (as far as the statistics collector remembers). */
    private boolean analysedEver(String table) {
        return jdbi.withHandle(h -> h.createQuery("SELECT COALESCE(last_analyze, last_autoanalyze) IS NOT NULL FROM pg_stat_user_tables "
                + "WHERE relid = to_regclass(:t)").bind("t", table).mapTo(Boolean.class).findOne().orElse(false));
    }

    /** The planner's estimate of the table's rows (pg_class.reltuples): -1 when never analysed nor indexed. */
    private long estimatedRows(String table) {
        return jdbi.withHandle(h -> h.createQuery("SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass(:t)")
                .bind("t", table).mapTo(Long.class).findOne().orElse(-1L));
    }

    @Override
    public void close() {
        if (runner == null) {
            return;
        }
        runner.shutdown();
        try {
            // an analysis under way finishes (it holds a pooled connection that is about to be closed)
            runner.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
