package org.garant.monitor.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.garant.geo.TheatreProjection;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.KindHint;
import org.garant.monitor.sense.JsonLines;
import org.garant.monitor.sense.MonitorFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ObservationTest {
    @TempDir
    Path dir;

    static final String GOOD = "{\"id\":\"OSCE-1\",\"lat\":48.6,\"lon\":37.9,\"from\":\"2026-05-01T10:00:00Z\",\"to\":\"2026-05-01T10:05:00Z\","
            + "\"what\":\"explosion\",\"count\":3,\"direction\":90,\"distance\":\"2–4 km\",\"heading\":\"incoming\"}";

    @Test
    void impossibleValuesAreRejectedNamingTheField() {
        assertThatThrownBy(() -> ObservationFiles.parse(GOOD.replace("\"direction\":90", "\"direction\":400")))
                .hasMessageContaining("field 'direction'").hasMessageContaining("400");
        assertThatThrownBy(() -> ObservationFiles.parse(GOOD.replace("2–4 km", "far")))
                .hasMessageContaining("field 'distance'").hasMessageContaining("'far'");
        assertThatThrownBy(() -> ObservationFiles.parse(GOOD.replace("10:05:00Z", "09:55:00Z")))
                .hasMessageContaining("field 'to'").hasMessageContaining("reversed");
        assertThatThrownBy(() -> ObservationFiles.parse(GOOD.replace("\"lat\":48.6,\"lon\":37.9", "\"mgrs\":\"37UXX12\"")))
                .hasMessageContaining("field 'mgrs'");
        assertThatThrownBy(() -> ObservationFiles.parse(GOOD.replace("\"what\":\"explosion\"", "\"what\":\"boom\"")))
                .hasMessageContaining("field 'what'").hasMessageContaining("explosion");
        assertThatThrownBy(() -> ObservationFiles.parse(GOOD.replace("\"direction\":90", "\"direction\":\"NNX\"")))
                .hasMessageContaining("16-point compass");
    }

    @Test
    void nothingAlreadyAcceptedIsLost() throws IOException {
        Path f = dir.resolve("obs.jsonl");
        Files.write(f, List.of(GOOD, GOOD.replace("OSCE-1", "OSCE-2").replace("2–4 km", "far"),
                GOOD.replace("OSCE-1", "OSCE-3").replace("\"direction\":90", "\"direction\":\"SSW\""), GOOD));
        List<JsonLines.BadLine> bad = new ArrayList<>();
        List<Observation> ok = ObservationFiles.read(f, bad::add);
        assertThat(ok).extracting(Observation::id).containsExactly("OSCE-1", "OSCE-3");
        assertThat(bad).extracting(JsonLines.BadLine::line).containsExactly(2L, 4L);
        assertThat(bad.get(1).reason()).contains("duplicate");
        assertThat(ok.get(1).bearingDeg()).isEqualTo(202.5);
    }

    @Test
    void anObservationIsAnEventWithAnHonestUncertainty() {
        Observation o = ObservationFiles.parse(GOOD);
        Event e = o.toEvent();
        double[] obs = new double[2];
        TheatreProjection.forward(37.9, 48.6, obs);
        assertThat(e.x() - obs[0]).isCloseTo(3000, within(1.0));   // due east, middle of 2–4 km
        assertThat(e.y() - obs[1]).isCloseTo(0, within(1.0));
        assertThat(Math.sqrt(e.cxx())).isCloseTo(2000 / Math.sqrt(12), within(1.0));   // along the bearing
        assertThat(Math.sqrt(e.cyy())).isCloseTo(3000 * Math.toRadians(5), within(1.0));  // across it
        assertThat(e.kind()).isEqualTo(KindHint.IMPACT);
        Event sensor = new Event("e1", e.timeNs(), e.position(), e.x() + 200, e.y() + 100, 1, 0, 1, KindHint.IMPACT, null,
                List.of("d1"), 0, 1, null);
        assertThat(Corroboration.corroborates(e, o, List.of(sensor))).isTrue();
        Event far = new Event("e2", e.timeNs(), e.position(), e.x() + 5000, e.y(), 1, 0, 1, KindHint.IMPACT, null,
                List.of("d2"), 0, 1, null);
        assertThat(Corroboration.corroborates(e, o, List.of(far))).isFalse();
    }
}
