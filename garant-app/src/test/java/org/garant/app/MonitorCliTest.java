package org.garant.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** simulate and fuse through the command line: files, JSON keys, scoring, bad input. */
class MonitorCliTest {
    @TempDir
    Path dir;

    @Test
    void simulateThenFuseWithTruth() throws IOException {
        GarantCliTest.Run sim = GarantCliTest.run("simulate", "--scenario", "tense", "--hours", "2", "--seed", "7",
                "--out", dir.toString(), "--json");
        assertThat(sim.status()).isZero();
        JsonNode s = sim.json();
        for (String key : List.of("detections", "events", "rounds", "sensors")) {
            assertThat(s.get(key).asLong()).as(key).isPositive();
        }
        assertThat(s.get("events").asLong()).isEqualTo(2 * s.get("rounds").asLong());
        assertThat(Files.readAllLines(dir.resolve("detections.jsonl"))).hasSize((int) s.get("detections").asLong());
        assertThat(Files.readAllLines(dir.resolve("truth.jsonl"))).hasSize((int) s.get("events").asLong());
        assertThat(Files.readAllLines(dir.resolve("sensors.csv"))).hasSize((int) s.get("sensors").asLong() + 1);

        Path events = dir.resolve("events.jsonl");
        GarantCliTest.Run fuse = GarantCliTest.run("fuse", "--sensors", dir.resolve("sensors.csv").toString(),
                "--in", dir.resolve("detections.jsonl").toString(), "--out", events.toString(),
                "--truth", dir.resolve("truth.jsonl").toString(), "--json");
        assertThat(fuse.status()).isZero();
        JsonNode f = fuse.json();
        for (String key : List.of("detections", "events", "precision", "recall", "f1", "rmse_m", "cep50_m", "crlb_ratio",
                "pairing_accuracy", "gospa", "detections_per_s", "peak_heap_mb")) {
            assertThat(f.has(key)).as(key).isTrue();
        }
        assertThat(f.get("f1").asDouble()).isGreaterThan(0.95);
        assertThat(f.get("skipped").asLong()).isZero();
        JsonNode first = Json.MAPPER.readTree(Files.readAllLines(events).get(0));
        for (String key : List.of("id", "time", "lat", "lon", "mgrs", "kind", "cov_m2", "ellipse", "cep50_m", "crlb_sigma_m", "detections")) {
            assertThat(first.has(key)).as(key).isTrue();
        }
    }

    @Test
    void fuseSkipsBadLinesWithTheirNumbersAndFusesTheRest() throws IOException {
        GarantCliTest.run("simulate", "--scenario", "tense", "--hours", "2", "--seed", "3", "--out", dir.toString(), "--json");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(dir.resolve("detections.jsonl")));
        int good = lines.size();
        lines.add(3, "{broken");
        lines.add(5, "{\"id\":\"x1\",\"sensor\":\"NO-SUCH\",\"time\":\"2026-05-01T00:00:01Z\"}");
        lines.add(7, lines.get(8)); // a resent line: duplicate id
        Path in = dir.resolve("bad.jsonl");
        Files.write(in, lines);
        GarantCliTest.Run r = GarantCliTest.run("fuse", "--sensors", dir.resolve("sensors.csv").toString(), "--in", in.toString(),
                "--out", dir.resolve("e.jsonl").toString(), "--json");
        assertThat(r.status()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("malformed").asLong()).isEqualTo(1);
        assertThat(j.get("unknown_sensor").asLong()).isEqualTo(1);
        assertThat(j.get("duplicate_id").asLong()).isEqualTo(1);
        assertThat(j.get("detections").asLong()).isEqualTo(good + 3);
        assertThat(r.err()).contains("line 4 skipped: malformed JSON").contains("unknown sensor id").contains("duplicate detection id");
        assertThat(j.get("events").asLong()).isPositive();
    }

    @Test
    void fuseWithThreadsOverSlicesOfTimeGivesOneEnginesEventsAndRejections() throws IOException {
        GarantCliTest.run("simulate", "--scenario", "tense", "--hours", "2", "--seed", "3", "--out", dir.toString(), "--json");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(dir.resolve("detections.jsonl")));
        lines.add(3, "{broken");
        lines.add(5, "{\"id\":\"x1\",\"sensor\":\"NO-SUCH\",\"time\":\"2026-05-01T00:00:01Z\"}");
        lines.add(lines.size() / 2, lines.get(lines.size() / 2 + 1)); // a resent line in the middle: duplicate id
        Path in = dir.resolve("bad.jsonl");
        Files.write(in, lines);
        List<List<String>> fused = new java.util.ArrayList<>();
        for (String threads : List.of("1", "2")) {
            Path out = dir.resolve("e" + threads + ".jsonl");
            // ten-minute slices: eleven cuts through the two hours
            GarantCliTest.Run r = GarantCliTest.run("fuse", "--sensors", dir.resolve("sensors.csv").toString(), "--in", in.toString(),
                    "--out", out.toString(), "--threads", threads, "--slice-minutes", "10", "--json");
            assertThat(r.status()).as("threads %s: %s", threads, r.err()).isZero();
            JsonNode j = r.json();
            assertThat(j.get("malformed").asLong()).isEqualTo(1);
            assertThat(j.get("unknown_sensor").asLong()).isEqualTo(1);
            assertThat(j.get("duplicate_id").asLong()).isEqualTo(1);
            assertThat(r.err()).contains("line 4 skipped: malformed JSON").contains("unknown sensor id").contains("duplicate detection id");
            // an event by its time, place and detections (ids are per slice)
            List<String> events = new java.util.ArrayList<>();
            for (String line : Files.readAllLines(out)) {
                JsonNode e = Json.MAPPER.readTree(line);
                events.add(e.get("time").asText() + " " + e.get("mgrs").asText() + " " + e.get("detections"));
            }
            java.util.Collections.sort(events);
            fused.add(events);
        }
        assertThat(fused.get(0)).hasSizeGreaterThan(100);
        assertThat(fused.get(1)).isEqualTo(fused.get(0));
    }

    @Test
    void badArgumentsAreOneLineErrors() {
        GarantCliTest.Run r = GarantCliTest.run("simulate", "--scenario", "apocalypse", "--out", dir.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("garant: error: unknown scenario 'apocalypse'");
        GarantCliTest.Run f = GarantCliTest.run("fuse", "--sensors", dir.resolve("none.csv").toString(), "--in", "x", "--out", "y");
        assertThat(f.status()).isEqualTo(2);
        assertThat(f.err()).contains("none.csv: file not found");
        GarantCliTest.run("simulate", "--scenario", "quiet", "--hours", "1", "--seed", "1", "--out", dir.toString(), "--json");
        GarantCliTest.Run s = GarantCliTest.run("fuse", "--sensors", dir.resolve("sensors.csv").toString(), "--in",
                dir.resolve("detections.jsonl").toString(), "--out", dir.resolve("e.jsonl").toString(), "--threads", "2", "--slice-minutes", "1");
        assertThat(s.status()).isEqualTo(2);
        assertThat(s.err()).contains("a slice must be at least 252 s long");
    }

    /**
     * The fusion benchmark on six hours of peak fire: one line with the keys, a warm-up and a measured pass over
     * the same detections, and the CPU the measured pass spent (both cores at most, for as long as it ran).
     */
    @Test
    void benchFusionPrintsTheScoresTheRateAndTheCpuSpent() throws IOException {
        GarantCliTest.Run r = GarantCliTest.run("bench", "fusion", "--scenario", "peak", "--hours", "6", "--json");
        assertThat(r.status()).isZero();
        JsonNode o = Json.MAPPER.readTree(r.out().strip());
        for (String key : List.of("detections", "events", "precision", "recall", "f1", "rmse_m", "cep50_m", "crlb_ratio",
                "pairing_accuracy", "gospa", "detections_per_s", "peak_heap_mb", "detections_per_cpu_s",
                "warmup_detections_per_s")) {
            assertThat(o.get(key).asDouble()).as(key).isPositive();
        }
        // seconds are printed to the hundredth: a fast machine may print 0 for a few thousand detections
        assertThat(o.get("fusion_s").asDouble()).isNotNegative();
        assertThat(o.get("fusion_cpu_s").asDouble()).isNotNegative();
        assertThat(o.get("f1").asDouble()).isGreaterThan(0.95);
        assertThat(o.get("warmup_detections").asLong()).isEqualTo(o.get("detections").asLong());
        int cores = Runtime.getRuntime().availableProcessors();
        // CPU time is sampled coarsely (ticks), hence the slack over cores × wall clock
        assertThat(o.get("fusion_cpu_s").asDouble()).isLessThanOrEqualTo(cores * o.get("fusion_s").asDouble() + 0.05);
    }

    /**
     * The localisation benchmark: a line per setting and a summary with the keys. With Gaussian noise and
     * eight sensors every trial is located and, per geometry, the error matches the Cramér–Rao bound.
     */
    @Test
    void benchLocalizePrintsEverySettingAndTheSummary() throws IOException {
        GarantCliTest.Run r = GarantCliTest.run("bench", "localize", "--trials", "300", "--json");
        assertThat(r.status()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3 * 4 * 2 + 1);
        JsonNode summary = Json.MAPPER.readTree(lines.get(lines.size() - 1));
        for (String key : List.of("crlb_ratio", "crlb_ratio_outliers", "crlb_ratio_per_event", "crlb_ratio_per_event_outliers",
                "solve_us_median", "solve_us_p99")) {
            assertThat(summary.get(key).asDouble()).as(key).isPositive();
        }
        JsonNode eight = null;
        for (String line : lines.subList(0, lines.size() - 1)) {
            JsonNode o = Json.MAPPER.readTree(line);
            if (o.get("sigma_ms").asDouble() == 2 && o.get("sensors").asInt() == 8 && o.get("outlier_share").asDouble() == 0) {
                eight = o;
            }
        }
        assertThat(eight).isNotNull();
        // Gaussian noise, eight sensors: every source located and within the 500 m / 5 s match of its truth
        assertThat(eight.get("located").asInt()).isGreaterThanOrEqualTo(299);
        assertThat(eight.get("matched").asInt()).isEqualTo(eight.get("located").asInt());
        assertThat(eight.get("precision").asDouble()).isEqualTo(1.0);
        assertThat(eight.get("recall").asDouble()).isGreaterThanOrEqualTo(0.99);
        assertThat(eight.get("crlb_ratio_per_event").asDouble()).isBetween(0.8, 1.25);
        JsonNode ci = eight.get("crlb_ratio_ci95");
        assertThat(ci.size()).isEqualTo(2);
        assertThat(ci.get(0).asDouble()).isPositive().isLessThanOrEqualTo(eight.get("crlb_ratio").asDouble());
        assertThat(ci.get(1).asDouble()).isGreaterThanOrEqualTo(eight.get("crlb_ratio").asDouble());
        assertThat(summary.get("crlb_ratio_outliers_ci95").size()).isEqualTo(2);
    }
}
