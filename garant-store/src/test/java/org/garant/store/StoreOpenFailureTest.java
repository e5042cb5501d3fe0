package org.garant.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that fails to open after its pool was started (here: the place-and-time index cannot load a table whose
 * rows, written around the application, carry more distinct sides than it codes) says why, and releases its pool:
 * no pool thread is left running, and the store opens again once the rows are mended.
 */
class StoreOpenFailureTest {
    @TempDir
    Path dir;

    @Test
    void aStoreThatFailsToOpenReleasesItsPool() throws Exception {
        try (Store store = Store.open(dir.toString())) {
            store.jdbi().useHandle(h -> {
                for (int i = 0; i < 33; i++) {
                    h.execute("INSERT INTO events (seq, id, time_ns, lon, lat, geom, cell, kind, side, body, rel) VALUES (?, ?, ?, ?, ?, "
                            + "CAST(? AS GEOMETRY), ?, 'IMPACT', ?, '{}', 'COALITION')", i + 1, "e" + i, 1000L * i, 37.8, 48.0,
                            Dialect.pointEwkt(37.8, 48.0), Located.cell(37.8, 48.0), "SIDE" + i);
                }
            });
        }
        long before = poolThreads();
        assertThatThrownBy(() -> Store.open(dir.toString()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("distinct values for the place-and-time index");
        // Hikari stops its housekeeper asynchronously: wait a little for it
        for (int i = 0; i < 50 && poolThreads() > before; i++) {
            Thread.sleep(20);
        }
        assertThat(poolThreads()).isEqualTo(before);
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(Store.jdbcUrl(dir.toString()));
             java.sql.Statement st = c.createStatement()) {
            st.execute("UPDATE events SET side = 'OCCUPIED'");
            st.execute("SHUTDOWN");
        }
        try (Store store = Store.open(dir.toString())) {
            long rows = store.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM events").mapTo(Long.class).one());
            assertThat(rows).isEqualTo(33L);
        }
    }

    private static long poolThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("garant-store"))
                .filter(t -> !t.getName().equals("garant-store-analyze"))
                .count();
    }
}
