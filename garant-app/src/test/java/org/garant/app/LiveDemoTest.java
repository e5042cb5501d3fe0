package org.garant.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import org.garant.geo.demo.DemoTheatre;
import org.garant.monitor.simulate.Intensity;
import org.garant.server.GarantServer;
import org.garant.store.Located;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live demo feeds the server through its API, and a second start on the same store resumes without duplicates. */
class LiveDemoTest {
    @TempDir
    Path dir;

    @Test
    void feedsLiveAndResumesAfterARestart() throws Exception {
        String db = dir.resolve("db").toString();
        long firstEvents;
        Instant resume;
        try (GarantServer server = GarantServer.start(GarantServer.Options.defaults(db, 0));
             LiveDemo demo = new LiveDemo(server, DemoTheatre.theatre(), Intensity.PEAK, 3000, 7)) {
            demo.prepare();
            assertThat(server.store().users().list()).hasSize(LiveDemo.LOGINS.size());
            Instant start = Instant.parse("2026-05-01T00:00:00Z");
            assertThat(demo.resumeAt()).isAfterOrEqualTo(Instant.now().minusSeconds(5)); // empty store: now
            demo.start(start);
            long deadline = System.currentTimeMillis() + 60_000;
            while (server.store().located().count(Located.Table.EVENTS) < 20 && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            demo.close();
            server.awaitFusion(true);
            firstEvents = server.store().located().count(Located.Table.EVENTS);
            assertThat(firstEvents).isGreaterThanOrEqualTo(20);
            assertThat(demo.detectionsSent()).isPositive();
            resume = demo.resumeAt();
        }
        try (GarantServer server = GarantServer.start(GarantServer.Options.defaults(db, 0));
             LiveDemo demo = new LiveDemo(server, DemoTheatre.theatre(), Intensity.PEAK, 3000, 7)) {
            demo.prepare(); // users, sensors and the line already stored: nothing duplicated, nothing refused
            assertThat(server.store().users().list()).hasSize(LiveDemo.LOGINS.size());
            assertThat(server.store().located().count(Located.Table.EVENTS)).isEqualTo(firstEvents);
            Instant again = demo.resumeAt();
            assertThat(again).isAfterOrEqualTo(resume);
            // the newest stored event is before the resumed clock: the second run's rounds come after the first's
            long newest = server.store().located().points("UKR", Located.Table.EVENTS, new Located.Query(null, Long.MIN_VALUE,
                    Long.MAX_VALUE, null, null, null, 1, 0)).get(0).timeNs();
            assertThat(again.getEpochSecond() * 1_000_000_000L).isGreaterThan(newest);
            demo.start(again);
            long deadline = System.currentTimeMillis() + 60_000;
            while (server.store().located().count(Located.Table.EVENTS) <= firstEvents && System.currentTimeMillis() < deadline) {
                Thread.sleep(200);
            }
            assertThat(server.store().located().count(Located.Table.EVENTS)).isGreaterThan(firstEvents);
        }
    }
}
