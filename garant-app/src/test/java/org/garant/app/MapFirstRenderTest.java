package org.garant.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.garant.server.GarantServer;
import org.garant.store.Located;
import org.garant.store.Releasability;
import org.garant.store.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The map with 100,000 events in the store: headless Chromium opens it and the test measures the first render (from
 * loading the page with a session to the events drawn), prints the figures (docs/BENCHMARKS.md keeps them) and checks
 * that every event was loaded and drawn and the map still answers a pan. The goal (≤ 2 s) is judged from the printed
 * figure, not asserted: timings are benchmarks here, not unit tests.
 */
class MapFirstRenderTest {
    static final int EVENTS = 100_000;

    @TempDir
    Path dir;

    @Test
    void theMapOpensWithAHundredThousandEvents() throws Exception {
        WebDriver driver = WebUiTest.chromium();
        try (GarantServer server = GarantServer.start(GarantServer.Options.defaults(dir.resolve("db").toString(), 0))) {
            server.store().users().create("test", "viewer", "FRA", EnumSet.of(Role.ANALYST), "viewer-pass");
            String token = server.store().users().issueToken("test", "viewer", "render test").secret();
            SplittableRandom rnd = new SplittableRandom(3);
            long t0 = 1_777_600_000_000_000_000L;
            for (int batch = 0; batch < EVENTS / 10_000; batch++) {
                List<Located.Row> rows = new ArrayList<>(10_000);
                for (int i = 0; i < 10_000; i++) {
                    int n = batch * 10_000 + i;
                    double lon = 33 + rnd.nextDouble() * 6.5;
                    double lat = 46.6 + rnd.nextDouble() * 3.6;
                    long t = t0 + (long) n * 8_640_000_000L; // 100,000 events over ten days
                    String kind = n % 2 == 0 ? "LAUNCH" : "IMPACT";
                    String body = String.format(Locale.ROOT, "{\"id\":\"e%d\",\"time\":\"%s\",\"lat\":%.6f,\"lon\":%.6f,\"kind\":\"%s\","
                                    + "\"ellipse\":{\"major_m\":40.0,\"minor_m\":15.0,\"orientation_deg\":30.0},\"cep50_m\":25.0,\"sensors\":5,"
                                    + "\"detections\":[]}", n, java.time.Instant.ofEpochSecond(0, t), lat, lon, kind);
                    rows.add(new Located.Row("e" + n, t, lon, lat, kind, rnd.nextBoolean() ? "OCCUPIED" : "UKRAINE_HELD", false, body,
                            Releasability.COALITION));
                }
                server.store().located().insert("test", Located.Table.EVENTS, rows);
            }
            String base = "http://127.0.0.1:" + server.port() + "/";
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpRequest points = java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "api/events/points?limit=200000"))
                    .header("Authorization", "Bearer " + token).build();
            double apiMs = Double.MAX_VALUE;
            long bytes = 0;
            for (int i = 0; i < 3; i++) {
                long a = System.nanoTime();
                bytes = http.send(points, java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body().length;
                apiMs = Math.min(apiMs, (System.nanoTime() - a) / 1e6);
            }
            JavascriptExecutor js = (JavascriptExecutor) driver;
            // a first visit warms the browser's cache of the scripts, as a returning user's browser would have it
            driver.get(base);
            js.executeScript("sessionStorage.setItem('garant.token', arguments[0])", token);
            long start = System.nanoTime();
            driver.navigate().refresh();
            new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> js.executeScript("return document.body.dataset.eventsLoaded") != null);
            double pageToRenderMs = (System.nanoTime() - start) / 1e6;
            double initToRenderMs = ((Number) js.executeScript("return window.garantFirstRenderMs")).doubleValue();
            Object timings = js.executeScript("return JSON.stringify(window.garantTimings)");
            assertThat(js.executeScript("return Garant.events.id.length")).isEqualTo((long) EVENTS);
            js.executeScript("document.getElementById('window').value = '0'; document.getElementById('window').dispatchEvent(new Event('change'))");
            long panStart = System.nanoTime();
            js.executeScript("Garant.MapView.map.panBy([200, 100], {animate: false}); Garant.MapView.layers.events.draw()");
            double redrawMs = (System.nanoTime() - panStart) / 1e6;
            Object mode = js.executeScript("return Garant.MapView.layers.events.mode");
            Object inView = js.executeScript("return Garant.MapView.layers.events.inWindow");
            assertThat(mode).isEqualTo("density");
            assertThat(((Number) inView).longValue()).isGreaterThan(10_000);
            Path shots = Files.createDirectories(WebUiTest.SHOTS);
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), shots.resolve("0-map-100k-events.png"),
                    StandardCopyOption.REPLACE_EXISTING);
            System.out.printf(Locale.ROOT, "{\"bench\":\"map_first_render\",\"events\":%d,\"api_points_ms\":%.0f,\"api_points_bytes\":%d,\"page_to_render_ms\":%.0f,"
                    + "\"init_to_render_ms\":%.0f,\"pan_redraw_all_ms\":%.1f,\"in_view\":%s,\"timings\":%s}%n", EVENTS, apiMs, bytes, pageToRenderMs,
                    initToRenderMs, redrawMs, inView, timings);
        } finally {
            driver.quit();
        }
    }
}
