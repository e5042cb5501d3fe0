package org.garant.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.garant.geo.demo.DemoTheatre;
import org.garant.monitor.simulate.Intensity;
import org.garant.server.GarantServer;
import org.garant.store.Located;
import org.garant.store.Observations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real browser: Debian's Chromium, headless, at 1366×768, driven through its chromedriver. The server
 * runs the live demo (simulator → ingest API → fusion → live feed) in accelerated time. Skipped, with a message, where
 * Chromium or chromedriver is not installed ({@code .ci/run} installs both). Screenshots go to target/ui-screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiTest {
    static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("GARANT_CHROMIUM", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getenv().getOrDefault("GARANT_CHROMEDRIVER", "/usr/bin/chromedriver"));
    static final Path SHOTS = Path.of("target", "ui-screenshots");

    @TempDir
    static Path dir;

    GarantServer server;
    LiveDemo demo;
    WebDriver driver;
    String base;

    static WebDriver chromium() {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser tests skipped: no Chromium at " + CHROMIUM + " or chromedriver at " + CHROMEDRIVER
                        + " (Debian: apt-get install chromium chromium-driver; or set GARANT_CHROMIUM, GARANT_CHROMEDRIVER)");
        ChromeOptions o = new ChromeOptions();
        o.setBinary(CHROMIUM.toFile());
        o.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1366,768",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic");
        o.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        return new ChromeDriver(service, o);
    }

    @BeforeAll
    void start() throws Exception {
        driver = chromium();
        server = GarantServer.start(GarantServer.Options.defaults(dir.resolve("db").toString(), 0));
        base = "http://127.0.0.1:" + server.port() + "/";
        demo = new LiveDemo(server, DemoTheatre.theatre(), Intensity.TENSE, 1200, 7);
        demo.prepare();
        demo.start(Instant.parse("2026-05-01T00:00:00Z"));
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (demo != null) {
            demo.close();
        }
        if (server != null) {
            server.close();
        }
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    WebDriverWait await(int seconds) {
        return new WebDriverWait(driver, Duration.ofSeconds(seconds));
    }

    void shot(String name) throws Exception {
        Path f = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(f, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
    }

    void login(String name, String password) {
        driver.get(base);
        driver.manage().deleteAllCookies();
        js("sessionStorage.clear()");
        driver.get(base);
        driver.findElement(By.id("login-name")).sendKeys(name);
        driver.findElement(By.id("login-password")).sendKeys(password);
        driver.findElement(By.id("login-submit")).click();
        await(30).until(d -> "false".equals(String.valueOf(js("return document.getElementById('tabs').hidden"))));
        await(60).until(d -> js("return document.body.dataset.eventsLoaded") != null);
    }

    List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            if (e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue()) {
                errors.add(e.getMessage());
            }
        }
        return errors;
    }

    @Test
    @Order(1)
    void aMonitorLogsInAndSeesTheContactLineSitesAndLiveEvents() throws Exception {
        login("fra.analyst", "fra-demo");
        assertThat(driver.findElement(By.id("who")).getText()).contains("fra.analyst").contains("FRA");
        assertThat(js("return document.body.dataset.contactLine")).isEqualTo("shown");
        assertThat(js("return Garant.MapView.map.hasLayer(Garant.MapView.layers.line) && Garant.MapView.layers.line.getLayers().length"))
                .isEqualTo(1L);
        assertThat(driver.findElements(By.cssSelector("img.site-icon"))).hasSizeGreaterThan(40);
        // live: events fused from the simulator's detections arrive on the feed and are drawn
        await(90).until(d -> Long.parseLong(String.valueOf(js("return document.body.dataset.liveEvents || '0'"))) >= 5);
        assertThat(driver.findElement(By.id("counts")).getText()).contains("events loaded");
        shot("1-map-live");
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    @Order(2)
    void clickingAnEventShowsItsEvidenceAttributionAndUncertainty() throws Exception {
        driver.findElement(By.id("lyr-violations")).click(); // the violation markers sit on their events: out of the way
        String id = (String) js("""
                const e = Garant.events, i = e.id.length - 1;
                Garant.MapView.map.setView([e.lat[i], e.lon[i]], 12, {animate: false});
                return e.id[i];""");
        Thread.sleep(300);
        @SuppressWarnings("unchecked")
        Map<String, Object> p = (Map<String, Object>) js("""
                const e = Garant.events, i = e.index.get(arguments[0]);
                const pt = Garant.MapView.map.latLngToContainerPoint([e.lat[i], e.lon[i]]);
                const s = Garant.MapView.map.getSize();
                return {x: pt.x - s.x / 2, y: pt.y - s.y / 2};""", id);
        WebElement map = driver.findElement(By.id("map"));
        new Actions(driver).moveToElement(map, (int) Math.round(((Number) p.get("x")).doubleValue()),
                (int) Math.round(((Number) p.get("y")).doubleValue())).click().perform();
        try {
            await(20).until(d -> d.findElements(By.cssSelector("#evidence tbody tr")).size() > 0);
        } catch (org.openqa.selenium.TimeoutException e) {
            shot("2-event-evidence-failed");
            throw new AssertionError("no evidence shown for " + id + " after a click at " + p + "; detail: '"
                    + driver.findElement(By.id("detail")).getText() + "'; selected: " + js("return Garant.MapView.selected")
                    + "; mode: " + js("return Garant.MapView.layers.events.mode") + "; hit: " + js("""
                    const e = Garant.events, i = e.index.get(arguments[0]), m = Garant.MapView.map;
                    const pt = m.latLngToContainerPoint([e.lat[i], e.lon[i]]), r = m.getContainer().getBoundingClientRect();
                    const el = document.elementFromPoint(r.left + pt.x, r.top + pt.y);
                    return [Garant.MapView.layers.events.hit(pt), Garant.MapView.layers.events.visible.length, pt.x, pt.y,
                      el && (el.tagName + '.' + el.className)].join(' ');""", id) + "; console: " + consoleErrors(), e);
        }
        assertThat(driver.findElement(By.id("detail-title")).getText()).startsWith("Event");
        String detail = driver.findElement(By.id("detail")).getText();
        assertThat(detail).contains("CEP50").contains("sensors").contains("Attribution").contains("Rules broken");
        shot("2-event-evidence");
        driver.findElement(By.id("lyr-violations")).click();
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    @Order(3)
    void anAnalystVerifiesAnObservation() throws Exception {
        driver.findElement(By.id("tab-monitoring")).click();
        await(60).until(d -> {
            if (d.findElements(By.cssSelector("#queue tbody tr")).isEmpty()) {
                js("Garant.Monitoring.loadQueue()");
                return false;
            }
            return true;
        });
        WebElement row = driver.findElement(By.cssSelector("#queue tbody tr"));
        String id = row.getAttribute("data-id");
        row.findElement(By.cssSelector("button.verify")).click();
        await(20).until(d -> d.findElement(By.id("queue-msg")).getText().contains("VERIFIED"));
        assertThat(driver.findElement(By.id("queue-msg")).getText()).contains(id).contains("fra.analyst");
        List<Observations.Version> h = server.store().observations().history("FRA", id);
        assertThat(h.get(h.size() - 1).review()).isEqualTo("VERIFIED");
        driver.findElement(By.id("report-load")).click();
        await(20).until(d -> String.valueOf(js("return document.getElementById('report').srcdoc")).contains("<"));
        shot("3-monitoring");
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    @Order(4)
    void switchingTheUsBackstopChangesTheFillRate() throws Exception {
        driver.findElement(By.id("tab-planning")).click();
        await(20).until(d -> d.findElement(By.id("fill-rate")).getText().endsWith("%"));
        String with = driver.findElement(By.id("fill-rate")).getText();
        WebElement backstop = driver.findElement(By.id("cond-US_BACKSTOP"));
        assertThat(backstop.isSelected()).isTrue();
        backstop.click();
        await(20).until(d -> !d.findElement(By.id("fill-rate")).getText().equals(with));
        double before = Double.parseDouble(with.replace(" %", ""));
        double after = Double.parseDouble(driver.findElement(By.id("fill-rate")).getText().replace(" %", ""));
        assertThat(after).isLessThan(before);
        assertThat(driver.findElements(By.cssSelector("#shortfalls tbody tr"))).isNotEmpty();
        driver.findElement(By.id("rotate")).click();
        await(20).until(d -> !d.findElements(By.cssSelector("#timeline .bar")).isEmpty());
        shot("4-planning");
        backstop.click();
        await(20).until(d -> d.findElement(By.id("fill-rate")).getText().equals(with));
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    @Order(5)
    void aPlannerOfAnotherNationDoesNotSeeWhatIsNotReleasableToIt() throws Exception {
        // records that are REL TO UKR, FRA exist: events from the southern sector's sensors, and observations
        await(60).until(d -> !restricted().isEmpty());
        Set<String> hidden = restricted();
        driver.findElement(By.id("logout")).click();
        await(20).until(d -> d.findElement(By.id("login-name")).isDisplayed());
        login("gbr.planner", "gbr-demo");
        assertThat(driver.findElement(By.id("who")).getText()).contains("GBR");
        long loaded = (Long) js("return Garant.events.id.length");
        assertThat(loaded).isPositive();
        for (String id : hidden) {
            assertThat((Boolean) js("return Garant.events.index.has(arguments[0])", id)).as("event %s is REL TO UKR, FRA", id).isFalse();
        }
        // what the British user sees is exactly what the store releases to GBR
        assertThat(loaded).isLessThanOrEqualTo(visible("GBR").size());
        assertThat(visible("FRA").size()).isGreaterThan(visible("GBR").size());
        driver.findElement(By.id("tab-monitoring")).click();
        Thread.sleep(1500);
        for (WebElement badge : driver.findElements(By.cssSelector("#queue .rel"))) {
            assertThat(badge.getText()).doesNotContain("REL TO");
        }
        shot("5-gbr-monitoring");
        driver.findElement(By.id("tab-map")).click();
        shot("5-gbr-map");
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    @Order(6)
    void aPlannerRunsTheOptimiserAndSeesTheStationingWithItsJustification() throws Exception {
        // still logged in as gbr.planner
        driver.findElement(By.id("tab-planning")).click();
        await(20).until(d -> d.findElement(By.id("fill-rate")).getText().endsWith("%"));
        WebElement seconds = driver.findElement(By.id("solve-seconds"));
        seconds.clear();
        seconds.sendKeys("2");
        driver.findElement(By.id("solve")).click();
        await(10).until(d -> d.findElement(By.id("solve-progress")).isDisplayed());
        await(60).until(d -> d.findElement(By.id("solve-status")).getText().startsWith("Plan "));
        List<WebElement> rows = driver.findElements(By.cssSelector("#plan tbody tr"));
        assertThat(rows).isNotEmpty();
        assertThat(driver.findElement(By.id("solve-progress")).getAttribute("value")).isEqualTo("1");
        rows.get(0).sendKeys(org.openqa.selenium.Keys.ENTER); // keyboard: the justification of an assignment
        assertThat(driver.findElement(By.id("why")).getText()).contains(rows.get(0).findElements(By.tagName("td")).get(0).getText());
        shot("6-plan");
        driver.findElement(By.id("tab-map")).click();
        assertThat(driver.findElements(By.cssSelector("img.unit-icon"))).hasSizeGreaterThan(0);
        shot("6-plan-map");
        assertThat(consoleErrors()).isEmpty();
    }

    Set<String> visible(String nation) {
        Set<String> ids = new HashSet<>();
        server.store().located().points(nation, Located.Table.EVENTS, new Located.Query(null, Long.MIN_VALUE, Long.MAX_VALUE, null, null,
                null, 200_000, 0)).forEach(p -> ids.add(p.id()));
        return ids;
    }

    Set<String> restricted() {
        Set<String> ids = visible("FRA");
        ids.removeAll(visible("GBR"));
        return ids;
    }
}
