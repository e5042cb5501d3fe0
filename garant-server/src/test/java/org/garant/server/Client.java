package org.garant.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real HTTP client for tests: JSON in, status and body out. */
final class Client {
    record Response(int status, String body) {
        JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (java.io.IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    Client(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    Response send(String method, String path, String token, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (java.io.IOException e) {
            throw new AssertionError(method + " " + path + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    Response get(String path, String token) {
        return send("GET", path, token, null);
    }

    Response post(String path, String token, String body) {
        return send("POST", path, token, body);
    }

    /** Subscribes to the live feed as the token's user; every line received is added to {@code lines}. */
    void subscribe(String token, java.util.List<String> lines) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/live")).header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream").GET().build();
        http.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream()).thenAccept(r -> {
            Thread reader = new Thread(() -> {
                try (java.io.BufferedReader br = new java.io.BufferedReader(new java.io.InputStreamReader(r.body(),
                        java.nio.charset.StandardCharsets.UTF_8))) {
                    for (String l = br.readLine(); l != null; l = br.readLine()) {
                        lines.add(l);
                    }
                } catch (java.io.IOException ignored) {
                    // closed with the server
                }
            });
            reader.setDaemon(true);
            reader.start();
        });
    }
}
