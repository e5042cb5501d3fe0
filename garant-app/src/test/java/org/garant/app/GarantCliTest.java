package org.garant.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line's contract: JSON keys, exit status and one-line errors. */
class GarantCliTest {
    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
        JsonNode json() throws IOException {
            String[] lines = out.strip().split("\n");
            return Json.MAPPER.readTree(lines[lines.length - 1]);
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Garant.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void theatreJsonHasTheContractKeys() throws IOException {
        Run r = run("theatre", "--json", "--demo-cities", "--min-population", "500000");
        assertThat(r.status()).isZero();
        JsonNode j = r.json();
        for (String key : new String[] {"contact_line_km", "contact_line_parts", "occupied_km2", "occupied_pct_of_ukraine",
                "buffer_zone_km2", "withdrawal_zones", "cities"}) {
            assertThat(j.has(key)).as(key).isTrue();
        }
        assertThat(j.get("withdrawal_zones")).hasSize(4);
        assertThat(j.get("withdrawal_zones").get(1).get("km").asDouble()).isEqualTo(50);
        for (String key : new String[] {"class", "km", "ukraine_side_km2", "occupied_side_km2"}) {
            assertThat(j.get("withdrawal_zones").get(0).has(key)).as(key).isTrue();
        }
        JsonNode cities = j.get("cities");
        assertThat(cities).allSatisfy(c -> assertThat(c.get("population").asLong()).isGreaterThanOrEqualTo(500_000));
        JsonNode kyiv = null;
        for (JsonNode c : cities) {
            if (c.get("name").asText().equals("Kyiv")) {
                kyiv = c;
            }
        }
        assertThat(kyiv).isNotNull();
        assertThat(kyiv.get("side").asText()).isEqualTo("UKRAINE_HELD");
        assertThat(kyiv.get("mgrs").asText()).startsWith("36UUA");
        assertThat(kyiv.get("distance_km").asDouble()).isGreaterThan(300);
    }

    @Test
    void theatreWritesLineAndZonesAsGeoJson() throws IOException {
        Path line = dir.resolve("line.geojson");
        Path zones = dir.resolve("zones.geojson");
        Run r = run("theatre", "--out-line", line.toString(), "--out-zones", zones.toString());
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("contact line").contains("withdrawal zones");
        JsonNode l = Json.MAPPER.readTree(line.toFile());
        assertThat(l.get("features").get(0).get("geometry").get("type").asText()).isEqualTo("MultiLineString");
        JsonNode z = Json.MAPPER.readTree(zones.toFile());
        assertThat(z.get("features")).hasSize(10); // buffer zone + 4 classes, two sides each
    }

    @Test
    void whereByLatLonAndByMgrs() throws IOException {
        Run r = run("where", "48.0159", "37.8028", "--json");
        assertThat(r.status()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("side").asText()).isEqualTo("OCCUPIED");
        assertThat(j.get("distance_km").asDouble()).isPositive();
        String mgrs = j.get("mgrs").asText();
        Run m = run("where", mgrs, "--json");
        assertThat(m.status()).isZero();
        assertThat(m.json().get("side").asText()).isEqualTo("OCCUPIED");
        assertThat(m.json().get("lat").asDouble()).isCloseTo(48.0159, org.assertj.core.api.Assertions.within(1e-4));
        Run spaced = run("where", mgrs.substring(0, 3), mgrs.substring(3, 5), mgrs.substring(5, 10), mgrs.substring(10), "--json");
        assertThat(spaced.json().get("mgrs").asText()).isEqualTo(mgrs);
        Run lviv = run("where", "49.8397", "24.0297");
        assertThat(lviv.out()).contains("UKRAINE_HELD");
        Run warsaw = run("where", "52.2297", "21.0122", "--json");
        assertThat(warsaw.json().get("side").asText()).isEqualTo("OUTSIDE");
    }

    @Test
    void badInputGetsOneLineAndStatusTwo() throws IOException {
        Path notJson = dir.resolve("bad.geojson");
        Files.writeString(notJson, "this is not json");
        Path points = dir.resolve("points.geojson");
        Files.writeString(points, "{\"type\":\"Point\",\"coordinates\":[37,48]}");
        Path empty = dir.resolve("empty.geojson");
        Files.writeString(empty, "{\"type\":\"FeatureCollection\",\"features\":[]}");
        Path elsewhere = dir.resolve("elsewhere.geojson");
        Files.writeString(elsewhere, "{\"type\":\"Polygon\",\"coordinates\":[[[2,48],[3,48],[3,49],[2,49],[2,48]]]}");
        String[][] cases = {
                {"theatre", "--occupied", dir.resolve("missing.geojson").toString()},
                {"theatre", "--occupied", notJson.toString()},
                {"theatre", "--occupied", points.toString()},
                {"theatre", "--occupied", empty.toString()},
                {"theatre", "--occupied", elsewhere.toString()},
                {"theatre", "--line", points.toString()},
                {"theatre", "--date", "2025-13-45"},
                {"where", "36UUA123"},
                {"where", "95", "30"},
                {"where", "48", "200"},
                {"where", "48"},
                {"theatre", "--occupied", "a.geojson", "--raw", "b.geojson"},
                {"theatre", "--no-such-option"},
        };
        String[] expected = {"missing.geojson: file not found", "bad.geojson: not GeoJSON", "points.geojson: contains no polygon",
                "empty.geojson: is empty", "elsewhere.geojson: no overlap with Ukraine", "points.geojson: contains no line",
                "--date: '2025-13-45' is not a date", "'36UUA123'", "<lat>: latitude 95 is out of range",
                "<lon>: longitude 200 is out of range", "is one number", "mutually exclusive", "Unknown option"};
        for (int i = 0; i < cases.length; i++) {
            Run r = run(cases[i]);
            assertThat(r.status()).as(String.join(" ", cases[i])).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", cases[i])).contains(expected[i]).startsWith("garant: error: ")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
    }

    @Test
    void realDeepStateFileThroughTheCommandLine() throws IOException {
        Path daily = Path.of(System.getProperty("garant.sharedData", "../../shared/data"),
                "deepstate-daily/deepstatemap_data_20260101.geojson");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(daily), "skipped: ../shared/data absent");
        Path cities = daily.getParent().getParent().resolve("cities-boundaries/controlCities_latest_2024-08-17.csv");
        Run r = run("theatre", "--occupied", daily.toString(), "--cities", cities.toString(), "--min-population", "100000", "--json");
        assertThat(r.status()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("date").asText()).isEqualTo("2026-01-01");
        assertThat(j.get("contact_line_km").asDouble()).isBetween(1000.0, 1300.0);
        assertThat(j.get("occupied_pct_of_ukraine").asDouble()).isBetween(18.0, 20.0);
        // the cities file's own control status agrees with the derived side for big cities away from the line
        for (JsonNode c : j.get("cities")) {
            if (c.get("distance_km").asDouble() > 20 && c.has("source_status")) {
                String expected = c.get("source_status").asText().equals("Russia") ? "OCCUPIED" : "UKRAINE_HELD";
                if (c.get("source_status").asText().matches("Russia|Ukraine")) {
                    assertThat(c.get("side").asText()).as(c.get("name").asText()).isEqualTo(expected);
                }
            }
        }
        assertThat(r.err()).contains("rejected");  // rows without coordinates are reported
    }
}
