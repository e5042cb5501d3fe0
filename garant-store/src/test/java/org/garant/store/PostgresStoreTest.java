package org.garant.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The store contract on PostgreSQL with PostGIS. Runs when {@code GARANT_TEST_PG} names a database (as
 * {@code .ci/run} sets it, e.g. {@code jdbc:postgresql://127.0.0.1:5432/garant_test?user=postgres}); skipped with a
 * message otherwise.
 */
class PostgresStoreTest extends StoreContract {
    static String url() {
        String url = System.getenv("GARANT_TEST_PG");
        Assumptions.assumeTrue(url != null && !url.isBlank(),
                "GARANT_TEST_PG is not set: PostgreSQL/PostGIS store tests skipped (.ci/run sets it)");
        return url;
    }

    @Override
    Store open() {
        return Store.open(url());
    }

    /**
     * Newest-first pages are read from the newest-first indexes and stop at the page's end, because the store keeps the
     * planner's statistics current as the table grows (this machine's PostgreSQL runs no autovacuum): without them the
     * planner took the filled table for an empty one and fetched and sorted every row in the window.
     */
    @Test
    void newestFirstPagesReadTheOrderedIndexesOnceTheStoreHasAnalysedTheGrownTable() throws Exception {
        long before = store.plannerStatistics().analyses();
        Random rnd = new Random(3);
        long yearNs = 365L * 86_400 * 1_000_000_000L;
        int n = (int) PlannerStatistics.MIN_GROWTH + 5_000;
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            times.add((long) (rnd.nextDouble() * yearNs));
        }
        times.sort(null);
        for (int i = 0; i < n; ) {
            List<Located.Row> rows = new ArrayList<>();
            for (int k = 0; k < 1_000 && i < n; k++, i++) {
                rows.add(new Located.Row("p" + i, times.get(i), 37 + rnd.nextDouble() * 2, 47.5 + rnd.nextDouble(), "IMPACT", "OCCUPIED", false,
                        "{}", Releasability.parse(i % 3 == 0 ? "REL TO FRA" : "COALITION")));
            }
            store.located().insert("fusion", Located.Table.EVENTS, rows);
        }
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (store.plannerStatistics().analyses() == before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(store.plannerStatistics().analyses()).as("the grown table was analysed").isGreaterThan(before);

        Located.Query year = new Located.Query(null, 0, yearNs, null, null, null, 100, 0);
        String plan = String.join("\n", store.located().plan("FRA", Located.Table.EVENTS, year));
        assertThat(plan).contains("Index Scan using events_time").doesNotContainPattern("Sort +\\(cost");
        Located.Query day = new Located.Query(new double[] {37.6, 47.6, 38.1, 47.9}, yearNs / 2, yearNs / 2 + 86_400_000_000_000L, null, null,
                null, 100, 0);
        String boxPlan = String.join("\n", store.located().plan("FRA", Located.Table.EVENTS, day));
        assertThat(boxPlan).contains("Merge Append").contains("events_cell_time").doesNotContainPattern("Sort +\\(cost");
        // and the page is the newest first, ties by id, as a scan finds it
        List<Located.Row> page = store.located().find("FRA", Located.Table.EVENTS, year);
        assertThat(page).hasSize(100);
        for (int k = 1; k < page.size(); k++) {
            assertThat(page.get(k).timeNs()).isLessThanOrEqualTo(page.get(k - 1).timeNs());
        }
        assertThat(page.get(0).id()).isEqualTo("p" + (n - 1));
    }
}
