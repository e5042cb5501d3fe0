package org.garant.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A store written before events and violations had row keys opens with every record kept, numbered, and found. */
class RowKeyMigrationTest {
    @TempDir
    Path dir;

    @Test
    void recordsStoredBeforeRowKeysAreKeptAndFound() {
        String url = Store.jdbcUrl(dir.toString());
        Flyway.configure().dataSource(url, "", "").locations("classpath:db/migration", "classpath:db/vendor/h2")
                .placeholders(Dialect.H2.placeholders()).target("2").load().migrate();
        Jdbi.create(url).useHandle(h -> {
            for (int i = 0; i < 3; i++) {
                h.execute("INSERT INTO events (id, time_ns, lon, lat, geom, cell, kind, side, body, rel) VALUES (?, ?, ?, ?, "
                        + "CAST(? AS GEOMETRY), ?, 'IMPACT', 'OCCUPIED', '{}', 'COALITION')", "old-" + i, 1000L * (3 - i), 37.8 + i * 0.01, 48.0,
                        Dialect.pointEwkt(37.8 + i * 0.01, 48.0), Located.cell(37.8 + i * 0.01, 48.0));
            }
            h.execute("INSERT INTO violations (id, rule, alert, time_ns, lon, lat, geom, cell, side, body, rel) VALUES ('old-v', "
                    + "'CEASEFIRE', TRUE, 5, 37.8, 48.0, CAST(? AS GEOMETRY), ?, 'OCCUPIED', '{}', ',FRA,')", Dialect.pointEwkt(37.8, 48.0),
                    Located.cell(37.8, 48.0));
        });
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url); java.sql.Statement st = c.createStatement()) {
            st.execute("SHUTDOWN");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        try (Store store = Store.open(dir.toString())) {
            // numbered from the newest back: old-0 (time 3000) is -1
            List<String> bySeq = store.jdbi().withHandle(h -> h.createQuery("SELECT id FROM events ORDER BY seq").mapTo(String.class).list());
            assertThat(bySeq).containsExactly("old-2", "old-1", "old-0");
            store.located().insert("fusion", Located.Table.EVENTS, List.of(
                    new Located.Row("new", 4000, 37.805, 48.0, "LAUNCH", "UKRAINE_HELD", false, "{\"n\":1}", Releasability.COALITION)));
            Located.Query box = new Located.Query(new double[] {37.7, 47.9, 37.9, 48.1}, 0, 10_000, null, null, null, 10, 0);
            assertThat(store.located().find("GBR", Located.Table.EVENTS, box)).extracting(Located.Row::id)
                    .containsExactly("new", "old-0", "old-1", "old-2");
            assertThat(store.located().find("FRA", Located.Table.VIOLATIONS, box)).extracting(Located.Row::id).containsExactly("old-v");
            assertThat(store.located().find("GBR", Located.Table.VIOLATIONS, box)).isEmpty();
            long seq = store.jdbi().withHandle(h -> h.createQuery("SELECT seq FROM events WHERE id = 'new'").mapTo(Long.class).one());
            assertThat(seq).isEqualTo(1L);
        }
    }
}
