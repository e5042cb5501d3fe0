package org.garant.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.garant.geo.io.GeoJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** simulate → fuse → verify → report and export, through the command line. */
class VerifyCliTest {
    static List<String> withoutMgrs(List<String> lines) throws IOException {
        List<String> out = new java.util.ArrayList<>();
        for (String l : lines) {
            com.fasterxml.jackson.databind.node.ObjectNode o = (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(l);
            o.remove("mgrs");
            out.add(o.toString());
        }
        return out;
    }

    @TempDir
    static Path dir;

    @BeforeAll
    static void simulateAndFuse() {
        assertThat(GarantCliTest.run("simulate", "--scenario", "tense", "--hours", "3", "--seed", "5", "--out", dir.toString(), "--json").status()).isZero();
        assertThat(GarantCliTest.run("fuse", "--sensors", dir.resolve("sensors.csv").toString(), "--in",
                dir.resolve("detections.jsonl").toString(), "--out", dir.resolve("events.jsonl").toString()).status()).isZero();
    }

    @Test
    void verifyCountsRulesAndScoresAttribution() throws IOException {
        Path obs = dir.resolve("obs.jsonl");
        Files.write(obs, List.of(
                "{\"id\":\"O1\",\"lat\":48.6,\"lon\":37.9,\"from\":\"2026-05-01T00:10:00Z\",\"to\":\"2026-05-01T00:20:00Z\",\"what\":\"explosion\",\"direction\":\"E\",\"distance\":\"1-4 km\"}",
                "{\"id\":\"O2\",\"lat\":48.6,\"lon\":37.9,\"from\":\"2026-05-01T00:10:00Z\",\"to\":\"2026-05-01T00:20:00Z\",\"what\":\"explosion\",\"direction\":400,\"distance\":\"1-4 km\"}"));
        Path sightings = dir.resolve("sightings.jsonl");
        Files.write(sightings, List.of(
                "{\"id\":\"S1\",\"time\":\"2026-05-01T01:00:00Z\",\"lat\":48.52,\"lon\":37.6,\"weapon\":\"MLRS\",\"count\":3,\"source\":\"imagery\"}"));
        GarantCliTest.Run r = GarantCliTest.run("verify", "--events", dir.resolve("events.jsonl").toString(), "--truth",
                dir.resolve("truth.jsonl").toString(), "--observations", obs.toString(), "--sightings", sightings.toString(),
                "--out", dir.resolve("verify").toString(), "--json");
        assertThat(r.status()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("by_rule").get("CEASEFIRE_VIOLATION").asLong()).isPositive();
        assertThat(j.get("by_rule").get("WITHDRAWAL_ZONE").asLong()).isPositive();
        assertThat(j.get("attribution_accuracy").asDouble()).isGreaterThanOrEqualTo(0.97);
        assertThat(j.get("attributed_fraction").asDouble()).isGreaterThanOrEqualTo(0.85);
        assertThat(j.get("observations").asLong()).isEqualTo(1);
        assertThat(r.err()).contains("line 2 skipped: field 'direction'");
        assertThat(Files.readAllLines(dir.resolve("verify/violations.jsonl"))).hasSize((int) j.get("violations").asLong());

        GarantCliTest.Run daily = GarantCliTest.run("report", "daily", "--date", "2026-05-01", "--in", dir.resolve("verify").toString(),
                "--out", dir.resolve("daily.html").toString());
        assertThat(daily.status()).isZero();
        assertThat(Files.readString(dir.resolve("daily.html"))).contains("<svg").contains("Per oblast");

        GarantCliTest.Run geo = GarantCliTest.run("export", "--format", "geojson", "--what", "violations", "--in",
                dir.resolve("verify/violations.jsonl").toString(), "--out", dir.resolve("v.geojson").toString());
        assertThat(geo.status()).isZero();
        assertThat(GeoJson.read(dir.resolve("v.geojson"))).hasSize((int) j.get("violations").asLong())
                .allSatisfy(f -> assertThat(f.properties()).containsKeys("event_date", "event_type", "actor1", "admin1"));
        assertThat(GarantCliTest.run("export", "--format", "kml", "--what", "events", "--in", dir.resolve("events.jsonl").toString(),
                "--out", dir.resolve("e.kml").toString()).status()).isZero();
        String kml = Files.readString(dir.resolve("e.kml"));
        assertThat(kml.split("<Placemark>", -1).length - 1).isEqualTo(Files.readAllLines(dir.resolve("events.jsonl")).size());
        // GeoPackage, read back with NGA's own reader: one table, WGS 84, a point and the ACLED-style columns per violation
        assertThat(GarantCliTest.run("export", "--format", "gpkg", "--what", "violations", "--in",
                dir.resolve("verify/violations.jsonl").toString(), "--out", dir.resolve("v.gpkg").toString()).status()).isZero();
        try (mil.nga.geopackage.GeoPackage gp = mil.nga.geopackage.GeoPackageManager.open(dir.resolve("v.gpkg").toFile(), false)) {
            assertThat(gp.getFeatureTables()).containsExactly("violations");
            mil.nga.geopackage.features.user.FeatureDao dao = gp.getFeatureDao("violations");
            assertThat(dao.getSrsId()).isEqualTo(4326);
            assertThat(dao.getGeometryType()).isEqualTo(mil.nga.sf.GeometryType.POINT);
            assertThat(dao.count()).isEqualTo((int) j.get("violations").asLong());
            assertThat(dao.getColumnNames()).contains("event_type", "actor1", "admin1", "event_date", "confidence");
        }
        // and back: violations and events from each GIS format read back as the same records
        List<String> violations = Files.readAllLines(dir.resolve("verify/violations.jsonl"));
        List<org.garant.monitor.sense.Event> events = new java.util.ArrayList<>();
        for (String l : Files.readAllLines(dir.resolve("events.jsonl"))) {
            events.add(org.garant.monitor.sense.MonitorFiles.parseEvent(l));
        }
        for (String format : List.of("gpkg", "kml", "geojson")) {
            Path v = dir.resolve("v-out." + format);
            Path e = dir.resolve("e-out." + format);
            assertThat(GarantCliTest.run("export", "--format", format, "--what", "violations", "--in",
                    dir.resolve("verify/violations.jsonl").toString(), "--out", v.toString()).status()).isZero();
            assertThat(GarantCliTest.run("export", "--format", format, "--what", "events", "--in",
                    dir.resolve("events.jsonl").toString(), "--out", e.toString()).status()).isZero();
            GarantCliTest.Run vi = GarantCliTest.run("import", "gis", v.toString(), "--what", "violations", "--out",
                    dir.resolve("v-in-" + format + ".jsonl").toString(), "--json");
            assertThat(vi.status()).as(vi.err()).isZero();
            assertThat(vi.json().get("rejected").asInt()).as(vi.err()).isZero();
            // the same records; MGRS is recomputed from the file's 6-decimal position, so it may move by a metre
            assertThat(withoutMgrs(Files.readAllLines(dir.resolve("v-in-" + format + ".jsonl")))).as(format)
                    .containsExactlyInAnyOrderElementsOf(withoutMgrs(violations));
            GarantCliTest.Run ei = GarantCliTest.run("import", "gis", e.toString(), "--what", "events", "--out",
                    dir.resolve("e-in-" + format + ".jsonl").toString(), "--json");
            assertThat(ei.status()).as(ei.err()).isZero();
            List<String> back = Files.readAllLines(dir.resolve("e-in-" + format + ".jsonl"));
            assertThat(back).hasSameSizeAs(events);
            java.util.Map<String, org.garant.monitor.sense.Event> byId = new java.util.HashMap<>();
            back.forEach(l -> byId.put(org.garant.monitor.sense.MonitorFiles.parseEvent(l).id(), org.garant.monitor.sense.MonitorFiles.parseEvent(l)));
            for (org.garant.monitor.sense.Event a : events) {
                org.garant.monitor.sense.Event b = byId.get(a.id());
                assertThat(b).as("%s in %s", a.id(), format).isNotNull();
                assertThat(b.timeNs()).isEqualTo(a.timeNs());
                assertThat(b.position().lat()).isCloseTo(a.position().lat(), org.assertj.core.data.Offset.offset(1.1e-6)); // GeoJSON keeps 6 decimals
                assertThat(b.kind()).isEqualTo(a.kind());
                assertThat(b.weaponClass()).isEqualTo(a.weaponClass());
                assertThat(b.pairedWith()).isEqualTo(a.pairedWith());
                assertThat(b.detectionIds()).isEqualTo(a.detectionIds());
                assertThat(b.cxx()).isCloseTo(a.cxx(), org.assertj.core.data.Offset.offset(1e-3));
            }
        }
        // a feature that is not an event is rejected by number, with what is wrong
        Path odd = dir.resolve("odd.geojson");
        Files.writeString(odd, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"geometry\":"
                + "{\"type\":\"Point\",\"coordinates\":[37,48]},\"properties\":{\"id\":\"x\",\"event_date\":\"yesterday\"}}]}");
        GarantCliTest.Run oddRun = GarantCliTest.run("import", "gis", odd.toString(), "--what", "events", "--out", dir.resolve("odd.jsonl").toString());
        assertThat(oddRun.status()).isZero();
        assertThat(oddRun.err()).contains("feature 1 rejected: property 'event_date': 'yesterday'");
        GarantCliTest.Run bad = GarantCliTest.run("export", "--format", "shp", "--what", "events", "--in", "x", "--out", "y");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("--format: 'shp'");
    }
}
