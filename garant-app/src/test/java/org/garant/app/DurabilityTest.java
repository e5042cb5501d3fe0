package org.garant.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.garant.store.Role;
import org.garant.store.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server process ({@code garant serve}, a real JVM) is killed with SIGKILL in the middle of a large ingest, four
 * times; after each restart the batch that was in flight is sent again. At the end every acknowledged detection is in
 * the store and nothing is stored twice.
 */
class DurabilityTest {
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    record Server(Process process, int port) {
    }

    Server start(Path db) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp",
                System.getProperty("java.class.path"), "org.garant.app.Garant", "serve", "--db", db.toString(), "--port", "0");
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            String line = out.readLine();
            if (line == null) {
                break;
            }
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return new Server(p, Integer.parseInt(m.group(1)));
            }
        }
        p.destroyForcibly();
        throw new AssertionError("the server did not start");
    }

    static HttpResponse<String> post(HttpClient http, int port, String token, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static String batch(List<String> ids) {
        StringBuilder sb = new StringBuilder("{\"detections\":[");
        for (int i = 0; i < ids.size(); i++) {
            sb.append(i == 0 ? "" : ",").append("{\"id\":\"").append(ids.get(i)).append("\",\"sensor\":\"mic-1\",\"time\":\"2026-05-01T00:00:")
                    .append(String.format("%02d", i % 60)).append(".").append(String.format("%09d", i)).append("Z\"}");
        }
        return sb.append("]}").toString();
    }

    @Test
    void everyAcknowledgedDetectionSurvivesSigkillAndRetriesMakeNoDuplicates() throws Exception {
        Path db = dir.resolve("store");
        String token;
        try (Store s = Store.open(db.toString())) {
            s.users().create("test", "gateway", "UKR", EnumSet.of(Role.MONITOR, Role.ANALYST), null);
            token = s.users().issueToken("test", "gateway", "durability").secret();
        }
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Random rnd = new Random(42);
        Set<String> acknowledged = new HashSet<>();
        Set<String> sent = new HashSet<>();
        List<String> inFlight = null;
        int next = 0;
        int kills = 0;
        for (int round = 0; round <= 4; round++) {
            Server server = start(db);
            if (round == 0) {
                HttpResponse<String> r = post(http, server.port(), token, "/api/sensors", "{\"sensors\":[{\"id\":\"mic-1\",\"kind\":\"MICROPHONE\","
                        + "\"lat\":48.5,\"lon\":37.5,\"clock_sigma_ms\":2,\"range_km\":20}]}");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
            if (inFlight != null) {
                // the batch the client never heard back about: sent again, it is stored at most once
                HttpResponse<String> r = post(http, server.port(), token, "/api/ingest/detections", batch(inFlight));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                acknowledged.addAll(inFlight);
                inFlight = null;
            }
            if (round == 4) {
                server.process().destroy(); // SIGTERM: a clean stop
                assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
                break;
            }
            long killAt = System.currentTimeMillis() + 400 + rnd.nextInt(1200);
            Thread killer = new Thread(() -> {
                try {
                    Thread.sleep(Math.max(0, killAt - System.currentTimeMillis()));
                } catch (InterruptedException e) {
                    return;
                }
                server.process().destroyForcibly(); // SIGKILL
            });
            killer.start();
            while (true) {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 2000; i++) {
                    ids.add("dur-" + (next++));
                }
                sent.addAll(ids);
                try {
                    HttpResponse<String> r = post(http, server.port(), token, "/api/ingest/detections", batch(ids));
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    acknowledged.addAll(ids);
                } catch (java.io.IOException e) {
                    inFlight = ids;
                    break;
                }
            }
            killer.join();
            assertThat(server.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
            kills++;
        }
        assertThat(kills).isEqualTo(4);
        assertThat(acknowledged.size()).isGreaterThan(4 * 2000);
        try (Store s = Store.open(db.toString())) {
            long stored = s.detections().count();
            List<String> ack = new ArrayList<>(acknowledged);
            long found = 0;
            for (int i = 0; i < ack.size(); i += 1000) {
                found += s.detections().bodies("UKR", ack.subList(i, Math.min(ack.size(), i + 1000))).size();
            }
            assertThat(found).as("acknowledged detections found after the kills").isEqualTo(acknowledged.size());
            assertThat(stored).as("nothing stored twice, nothing stored that was never sent").isLessThanOrEqualTo(sent.size())
                    .isEqualTo(acknowledged.size());
            assertThat(s.audit().verify().ok()).isTrue();
        }
    }
}
