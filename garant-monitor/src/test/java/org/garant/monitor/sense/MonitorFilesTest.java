package org.garant.monitor.sense;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorFilesTest {
    @TempDir
    Path dir;

    @Test
    void aDetectionRoundTripsWithNanosecondTime() {
        Detection d = new Detection("d1", "U1-0001", 1_777_593_600_123_456_789L, 123.456, 2, KindHint.LAUNCH, 77.7);
        Detection back = MonitorFiles.parseDetection(MonitorFiles.detectionLine(d));
        assertThat(back.arrivalNs()).isEqualTo(d.arrivalNs());
        assertThat(back.bearingDeg()).isEqualTo(123.456);
        assertThat(back.kindHint()).isEqualTo(KindHint.LAUNCH);
    }

    @Test
    void aBearingJustBelowNorthIsWrittenAsNorthNotAs360() {
        // written with three decimals, 359.9996 would round to 360.0, which every reader refuses (the server refused a
        // simulated batch with it)
        Detection d = new Detection("d1", "U1-0001", 1_777_593_600_000_000_000L, 359.9996, 2, KindHint.IMPACT, 10);
        assertThat(MonitorFiles.parseDetection(MonitorFiles.detectionLine(d), true).bearingDeg()).isEqualTo(0.0);
    }

    @Test
    void aDetectionIsReadFromABatchInItsOnePassLeavingTheParserAfterIt() throws IOException {
        String batch = "[{\"id\":\"a\",\"sensor\":\"s\",\"time\":\"2026-05-01T00:00:00Z\",\"kind\":\"LAUNCH\"},"
                + "{\"id\":\"b\",\"sensor\":\"s\",\"time\":\"2026-05-01T00:00:01Z\"}]";
        try (com.fasterxml.jackson.core.JsonParser p = new com.fasterxml.jackson.core.JsonFactory().createParser(batch)) {
            p.nextToken();
            List<String> ids = new ArrayList<>();
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                ids.add(MonitorFiles.parseDetection(p, true).id());
            }
            assertThat(ids).containsExactly("a", "b");
            assertThat(p.currentToken()).isEqualTo(com.fasterxml.jackson.core.JsonToken.END_ARRAY);
        }
    }

    @Test
    void badLinesAreReportedWithTheirNumberAndTheRestRead() throws IOException {
        Path f = dir.resolve("d.jsonl");
        Files.writeString(f, String.join("\n",
                "{\"id\":\"a\",\"sensor\":\"s\",\"time\":\"2026-05-01T00:00:00.000000001Z\",\"kind\":\"IMPACT\"}",
                "{not json",
                "{\"id\":\"b\",\"sensor\":\"s\",\"time\":\"yesterday\"}",
                "{\"id\":\"c\",\"sensor\":\"s\",\"time\":\"2026-05-01T00:00:01Z\",\"bearing_deg\":NaN,\"bearing_sigma_deg\":2}",
                "{\"id\":\"d\",\"sensor\":\"s\",\"time\":\"2026-05-01T00:00:01Z\",\"bearing_deg\":400,\"bearing_sigma_deg\":2}",
                "{\"sensor\":\"s\",\"time\":\"2026-05-01T00:00:01Z\"}",
                "",
                "{\"id\":\"e\",\"sensor\":\"s\",\"time\":\"2026-05-01T00:00:02Z\",\"kind\":\"BOOM\"}",
                "{\"id\":\"f\",\"sensor\":\"s\",\"time\":\"2026-05-01T00:00:03Z\"}"));
        List<Detection> good = new ArrayList<>();
        List<JsonLines.BadLine> bad = new ArrayList<>();
        MonitorFiles.readDetections(f, good::add, bad::add);
        assertThat(good).extracting(Detection::id).containsExactly("a", "f");
        assertThat(bad).extracting(JsonLines.BadLine::line).containsExactly(2L, 3L, 4L, 5L, 6L, 8L);
        assertThat(bad.get(0).reason()).contains("malformed JSON");
        assertThat(bad.get(1).reason()).contains("field 'time'");
        assertThat(bad.get(2).reason()).contains("bearing_deg").contains("not a finite number");
        assertThat(bad.get(3).reason()).contains("not a bearing in [0, 360)");
        assertThat(bad.get(4).reason()).contains("field 'id' is missing");
        assertThat(bad.get(5).reason()).contains("'BOOM'");
    }

    @Test
    void sensorsWithNaNCoordinatesAreRefusedNamingLineAndColumn() throws IOException {
        Path f = dir.resolve("sensors.csv");
        Files.writeString(f, "id,kind,lat,lon,clock_sigma_ms,range_km\nA,MICROPHONE,48.1,37.2,2,20\nB,MICROPHONE,NaN,37.3,2,20\n");
        assertThatThrownBy(() -> MonitorFiles.readSensors(f)).hasMessageContaining("line 3, column 'lat'");
    }

    @Test
    void instantsAreReadExactlyAsInstantParseReadsThem() {
        java.util.Random rnd = new java.util.Random(9);
        for (int i = 0; i < 20_000; i++) {
            java.time.Instant t = java.time.Instant.ofEpochSecond(rnd.nextInt(2_000_000_000), rnd.nextInt(1_000_000_000));
            String s = t.toString();
            if (rnd.nextBoolean()) {
                s = t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString();
            }
            java.time.Instant back = java.time.Instant.parse(s);
            org.assertj.core.api.Assertions.assertThat(MonitorFiles.instantNs(s)).as(s)
                    .isEqualTo(back.getEpochSecond() * 1_000_000_000L + back.getNano());
        }
        org.assertj.core.api.Assertions.assertThat(MonitorFiles.instantNs("2024-02-29T23:59:59.5Z"))
                .isEqualTo(java.time.Instant.parse("2024-02-29T23:59:59.5Z").toEpochMilli() * 1_000_000L);
        org.assertj.core.api.Assertions.assertThat(MonitorFiles.instantNs("2026-05-01T12:00:00+02:00"))
                .isEqualTo(java.time.Instant.parse("2026-05-01T10:00:00Z").toEpochMilli() * 1_000_000L);
        for (String bad : new String[] {"2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-05-01T12:61:00Z",
                "2026-05-01T12:00:00.1234567890Z", "2026-05-01 12:00:00Z", "yesterday"}) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> MonitorFiles.instantNs(bad)).as(bad)
                    .isInstanceOf(java.time.format.DateTimeParseException.class);
        }
    }
}
