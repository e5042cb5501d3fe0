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
        GarantCliTest.Run bad = GarantCliTest.run("export", "--format", "shp", "--what", "events", "--in", "x", "--out", "y");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("--format: 'shp'");
    }
}
