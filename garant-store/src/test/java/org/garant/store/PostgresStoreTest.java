package org.garant.store;

import org.junit.jupiter.api.Assumptions;

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
}
