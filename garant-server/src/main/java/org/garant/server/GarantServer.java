package org.garant.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.garant.geo.LatLon;
import org.garant.geo.Site;
import org.garant.geo.Theatre;
import org.garant.geo.WeaponClass;
import org.garant.geo.demo.DemoTheatre;
import org.garant.geo.io.GeoJson;
import org.garant.monitor.report.DailyReport;
import org.garant.monitor.report.ReportWriter;
import org.garant.monitor.report.SpotReport;
import org.garant.monitor.sense.Detection;
import org.garant.monitor.sense.MonitorFiles;
import org.garant.monitor.sense.Sensor;
import org.garant.monitor.sense.SensorKind;
import org.garant.monitor.verify.ObservationFiles;
import org.garant.monitor.verify.VerifyFiles;
import org.garant.monitor.verify.Violation;
import org.garant.store.Audit;
import org.garant.store.Detections;
import org.garant.store.Documents;
import org.garant.store.Located;
import org.garant.store.Observations;
import org.garant.store.Principal;
import org.garant.store.Releasability;
import org.garant.store.Role;
import org.garant.store.Store;
import org.garant.store.StoreException;
import org.garant.store.Users;

/**
 * The Garant server: the HTTP API (JSON, GeoJSON for geometry, one error shape), bearer-token authentication, roles,
 * releasability on every read, the live feed, metrics and the OpenAPI document, over a {@link Store}. Ingested
 * detections are fused continuously in-process ({@link LiveFusion}). Binds 127.0.0.1 unless told otherwise.
 */
public final class GarantServer implements AutoCloseable {
    /** Largest request body accepted (bigger ones get 413). */
    public static final long DEFAULT_MAX_BODY = 16L * 1024 * 1024;
    /** Most records in one ingest request. */
    public static final int MAX_BATCH = 20_000;
    /** Who may send detections (a sensor gateway is a user) and observations, over HTTP or Kafka alike. */
    static final Set<Role> DETECTION_WRITERS = EnumSet.of(Role.MONITOR, Role.ANALYST, Role.ADMIN);
    static final Set<Role> OBSERVATION_WRITERS = EnumSet.of(Role.MONITOR, Role.ADMIN);

    /** How to run: the store ({@code db}: folder or JDBC URL), where to listen, the theatre and garrison sites. */
    /** {@code cotPort}: the Cursor-on-Target TCP port (0: any free one), or -1 for none. */
    public record Options(String db, String bind, int port, long maxBodyBytes, Theatre theatre, List<Site> sites, int cotPort,
                          KafkaIngest.Config kafka) {
        public Options(String db, String bind, int port, long maxBodyBytes, Theatre theatre, List<Site> sites, int cotPort) {
            this(db, bind, port, maxBodyBytes, theatre, sites, cotPort, null);
        }

        public static Options defaults(String db, int port) {
            return new Options(db, "127.0.0.1", port, DEFAULT_MAX_BODY, DemoTheatre.theatre(), DemoTheatre.cities().sites(), -1);
        }

        public Options withCotPort(int cotPort) {
            return new Options(db, bind, port, maxBodyBytes, theatre, sites, cotPort, kafka);
        }

        /** Also ingest from Kafka (null: no Kafka). */
        public Options withKafka(KafkaIngest.Config kafka) {
            return new Options(db, bind, port, maxBodyBytes, theatre, sites, cotPort, kafka);
        }
    }

    private record RouteDoc(String method, String path, String summary, Set<Role> roles, List<String> query, boolean body) {
    }

    private final Options options;
    private final Store store;
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter detectionsIngested;
    private final LiveFeed feed = new LiveFeed();
    private final LiveFusion fusion;
    /** Batches of detections being validated and stored now: while there are any, the live fusion waits (see LiveFusion). */
    private final java.util.concurrent.atomic.AtomicInteger detectionIngestsInFlight = new java.util.concurrent.atomic.AtomicInteger();
    private CotService cot;
    private KafkaIngest kafka;
    private final Jobs jobs;
    /** The registered sensors and their markings: an immutable snapshot, replaced whole when sensors are posted. */
    record Sensors(List<Sensor> list, Map<String, Releasability> markings) {
    }

    private volatile Sensors sensors;
    private final List<RouteDoc> routes = new ArrayList<>();
    private final Javalin app;

    private GarantServer(Options options, Store store) {
        this.options = options;
        this.store = store;
        this.detectionsIngested = Counter.builder("garant_ingest_detections").description("detections newly stored").register(metrics);
        List<Sensor> list = new ArrayList<>();
        Map<String, Releasability> markings = new LinkedHashMap<>();
        for (Documents.Doc d : store.documents().listAll("sensor")) {
            list.add(sensor(Json.tree(d.body()), ""));
            markings.put(d.id(), d.rel());
        }
        this.sensors = new Sensors(List.copyOf(list), Map.copyOf(markings));
        this.fusion = new LiveFusion(store, options.theatre(), options.sites(), () -> sensors.list(), feed, metrics,
                () -> detectionIngestsInFlight.get() > 0);
        this.jobs = new Jobs(store);
        this.app = Javalin.create(this::configure);
    }

    /** Opens the store and starts listening. */
    public static GarantServer start(Options options) {
        Store store = Store.open(options.db());
        GarantServer s = null;
        try {
            s = new GarantServer(options, store);
            s.app.start(options.bind(), options.port());
            if (options.kafka() != null) {
                s.kafka = new KafkaIngest(s, options.kafka(), s.metrics);
            }
            if (options.cotPort() >= 0) {
                try {
                    s.cot = new CotService(s, s.feed, options.bind(), options.cotPort(), s.metrics);
                } catch (java.io.IOException e) {
                    throw new IllegalArgumentException("cannot listen for Cursor-on-Target on " + options.bind() + ":" + options.cotPort()
                            + " (" + e.getMessage() + "); choose another --cot-port", e);
                }
            }
            return s;
        } catch (RuntimeException e) {
            if (s != null) {
                s.close(); // what was started stops, the store closes with it
            } else {
                store.close();
            }
            for (Throwable c = e; c != null && !(e instanceof IllegalArgumentException); c = c.getCause()) {
                if (c instanceof java.net.BindException) {
                    throw new IllegalArgumentException("cannot listen on " + options.bind() + ":" + options.port() + " (" + c.getMessage()
                            + "): another program holds it; choose another --port", e);
                }
            }
            throw e;
        }
    }

    public int port() {
        return app.port();
    }

    LiveFusion fusion() {
        return fusion;
    }

    long maxBodyBytes() {
        return options.maxBodyBytes();
    }

    /** The Cursor-on-Target port, or -1 when CoT is off. */
    public int cotPort() {
        return cot == null ? -1 : cot.port();
    }

    List<Site> sites() {
        return options.sites();
    }

    /** A unit of the newest stored plan the nation may see, at its site's position. */
    record StationedUnit(String plan, String pledge, String nation, String unit, String capability, String site, double lat, double lon) {
    }

    List<StationedUnit> stationedUnits(String nation) {
        Documents.Doc newest = null;
        for (Documents.Doc d : store.documents().list(nation, "plan")) {
            if (newest == null || d.createdNs() > newest.createdNs()) {
                newest = d;
            }
        }
        if (newest == null) {
            return List.of();
        }
        Map<String, org.garant.plan.domain.PlanSite> sites = new java.util.HashMap<>();
        Jobs.load(coalitionFiles(nation), theatreForPlanning()).coalition().sites().forEach(x -> sites.put(x.id(), x));
        List<StationedUnit> out = new ArrayList<>();
        for (JsonNode a : Json.tree(newest.body()).path("assignments")) {
            org.garant.plan.domain.PlanSite site = sites.get(a.path("site").asText(""));
            if (site != null) {
                out.add(new StationedUnit(newest.id(), a.path("pledge").asText(), a.path("nation").asText(), a.path("unit").asText(),
                        a.path("capability").asText(), site.name(), site.position().lat(), site.position().lon()));
            }
        }
        return out;
    }

    public Store store() {
        return store;
    }

    /** The live feed (tests publish through it to check its filter). */
    LiveFeed feed() {
        return feed;
    }

    /** Waits until every detection acknowledged so far has been fused and its results stored (tests, benchmarks). */
    public void awaitFusion(boolean flush) {
        fusion.drain(flush);
    }

    @Override
    public void close() {
        if (kafka != null) {
            kafka.close();
        }
        if (cot != null) {
            cot.close();
        }
        feed.closeAll();
        app.stop();
        fusion.close();
        jobs.close();
        store.close();
    }

    // ------------------------------------------------------------------------------------------- configuration

    private void configure(JavalinConfig config) {
        config.http.maxRequestSize = options.maxBodyBytes();
        config.startup.showJavalinBanner = false;
        config.routes.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.error(), e.getMessage()));
        config.routes.exception(StoreException.class, (e, ctx) -> error(ctx, switch (e.kind()) {
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case INVALID -> 400;
        }, e.kind().name().toLowerCase(Locale.ROOT), e.getMessage()));
        config.routes.exception(IllegalArgumentException.class, (e, ctx) -> error(ctx, 400, "bad_request", e.getMessage()));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(),
                e.getStatus() == 413 ? "too_large" : "http_" + e.getStatus(), e.getStatus() == 413
                        ? "the request body is larger than " + options.maxBodyBytes() + " bytes" : e.getMessage()));
        config.routes.exception(Exception.class, (e, ctx) -> {
            org.slf4j.LoggerFactory.getLogger(GarantServer.class).error("request failed: {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal", "the server failed on this request; nothing already stored is lost: " + e.getClass().getSimpleName());
        });
        config.routes.error(404, "*", ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                error(ctx, 404, "not_found", "no such resource: " + ctx.method() + " " + ctx.path());
            }
        });
        config.routes.error(405, "*", ctx -> error(ctx, 405, "method_not_allowed", ctx.method() + " is not allowed on " + ctx.path()));

        Set<Role> anyone = EnumSet.noneOf(Role.class);
        Set<Role> planners = EnumSet.of(Role.PLANNER, Role.ADMIN);
        Set<Role> admin = EnumSet.of(Role.ADMIN);

        // the web UI (static files; its libraries are fetched from the npm registry at build time) and its basemap
        config.staticFiles.add("/public", io.javalin.http.staticfiles.Location.CLASSPATH);
        config.routes.before(ctx -> ctx.header("X-Content-Type-Options", "nosniff").header("Referrer-Policy", "no-referrer")
                .header("Content-Security-Policy", "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
                        + "frame-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'"));
        route(config, HandlerType.GET, "/basemap.geojson", "Ukraine and its neighbours (the map's offline basemap, GeoJSON)", null,
                List.of(), false, ctx -> json(ctx, 200, basemap()));
        route(config, HandlerType.GET, "/health", "Liveness and store status", null, List.of(), false, this::health);
        route(config, HandlerType.GET, "/metrics", "Prometheus metrics: ingest rate, fusion lag, request latency", null, List.of(), false,
                ctx -> ctx.contentType("text/plain; version=0.0.4").result(metrics.scrape()));
        route(config, HandlerType.GET, "/openapi.json", "This OpenAPI document", null, List.of(), false,
                ctx -> json(ctx, 200, openApi()));
        route(config, HandlerType.POST, "/api/login", "Password login; answers a bearer token", null, List.of(), true, this::login);
        route(config, HandlerType.GET, "/api/me", "The caller: name, nation, roles", anyone, List.of(), false, ctx -> {
            Principal p = principal(ctx);
            ObjectNode o = Json.MAPPER.createObjectNode().put("name", p.name()).put("nation", p.nation());
            p.roles().stream().sorted().forEach(r -> o.withArray("roles").add(r.name()));
            json(ctx, 200, o);
        });

        route(config, HandlerType.GET, "/api/theatre", "The theatre: contact line and occupied area (GeoJSON); with date, the "
                + "stored contact line in force that day", anyone, List.of("date"), false, this::theatre);
        route(config, HandlerType.GET, "/api/theatre/versions", "Dated contact lines stored", anyone, List.of(), false, this::theatreVersions);
        route(config, HandlerType.POST, "/api/theatre/versions", "Store a dated contact line (GeoJSON LineString or MultiLineString)",
                EnumSet.of(Role.ANALYST, Role.ADMIN), List.of(), true, this::postTheatreVersion);
        route(config, HandlerType.GET, "/api/theatre/zones", "Buffer and weapons-withdrawal zones (GeoJSON)", anyone,
                List.of("buffer_km"), false, this::zones);
        route(config, HandlerType.GET, "/api/sites", "Garrison sites (GeoJSON)", anyone, List.of(), false, this::sites);
        route(config, HandlerType.POST, "/api/sites", "Add or update sites", planners, List.of(), true, ctx -> putDocuments(ctx, "site", "sites"));
        route(config, HandlerType.GET, "/api/sensors", "Sensors of the monitoring network (GeoJSON)", anyone, List.of(), false, this::listSensors);
        route(config, HandlerType.POST, "/api/sensors", "Register sensors", EnumSet.of(Role.ANALYST, Role.ADMIN), List.of(), true, this::postSensors);

        route(config, HandlerType.POST, "/api/ingest/detections", "Ingest a batch of detections (idempotent by id)",
                DETECTION_WRITERS, List.of(), true, this::ingestDetections);
        route(config, HandlerType.POST, "/api/ingest/observations", "Submit monitors' observations (idempotent by id)",
                OBSERVATION_WRITERS, List.of(), true, this::ingestObservations);
        route(config, HandlerType.POST, "/api/ingest/sightings", "Submit weapon sightings (idempotent by id)",
                EnumSet.of(Role.MONITOR, Role.ADMIN), List.of(), true, ctx -> putDocuments(ctx, "sighting", "sightings"));

        List<String> located = List.of("bbox", "from", "to", "kind", "side", "page", "size");
        route(config, HandlerType.GET, "/api/events", "Fused events (GeoJSON), newest first, paged", anyone, located, false,
                ctx -> located(ctx, Located.Table.EVENTS, null));
        route(config, HandlerType.GET, "/api/events/points", "Events as columns without bodies (id, time, lon, lat, kind, side), newest "
                + "first: the map's overview of many events", anyone, List.of("bbox", "from", "to", "kind", "side", "limit"), false,
                ctx -> points(ctx, Located.Table.EVENTS));
        route(config, HandlerType.GET, "/api/events/{id}", "One event with its evidence (detections)", anyone, List.of(), false, this::event);
        route(config, HandlerType.GET, "/api/violations", "Violations (GeoJSON), newest first, paged", anyone, located, false,
                ctx -> located(ctx, Located.Table.VIOLATIONS, false));
        route(config, HandlerType.GET, "/api/alerts", "Force-protection alerts (GeoJSON), newest first, paged", anyone, located, false,
                ctx -> located(ctx, Located.Table.VIOLATIONS, true));
        route(config, HandlerType.GET, "/api/observations", "Observations (latest versions), filter by review state", anyone,
                List.of("review", "from", "to", "page", "size"), false, this::observations);
        route(config, HandlerType.GET, "/api/observations/{id}", "Every version of an observation with its reviews", anyone,
                List.of(), false, this::observation);
        route(config, HandlerType.POST, "/api/observations/{id}/review", "Verify or reject an observation (with a reason)",
                EnumSet.of(Role.ANALYST, Role.ADMIN), List.of(), true, this::review);
        route(config, HandlerType.POST, "/api/observations/{id}/corrections", "Correct an observation: a new version linked to the old",
                EnumSet.of(Role.MONITOR, Role.ANALYST, Role.ADMIN), List.of(), true, this::correct);
        route(config, HandlerType.GET, "/api/reports/daily", "The daily report (json, csv or html)", anyone,
                List.of("date", "format"), false, this::dailyReport);
        route(config, HandlerType.GET, "/api/reports/spot/{id}", "A spot report of one violation or alert", anyone, List.of(), false, this::spotReport);

        route(config, HandlerType.GET, "/api/coalition", "The coalition data (CSV files as a JSON object)", anyone, List.of(), false, this::coalition);
        route(config, HandlerType.PUT, "/api/coalition", "Replace the coalition data (a new version)", planners, List.of(), true, this::putCoalition);
        route(config, HandlerType.POST, "/api/plans/evaluate", "Fill rate and shortfalls under a scenario", anyone, List.of(), true, ctx -> jobs.evaluate(ctx, this));
        route(config, HandlerType.POST, "/api/plans/compare", "Compare two scenarios", anyone, List.of(), true, ctx -> jobs.compare(ctx, this));
        route(config, HandlerType.POST, "/api/plans/solve", "Optimise the stationing (an asynchronous job)", planners, List.of(), true, ctx -> jobs.solve(ctx, this));
        route(config, HandlerType.POST, "/api/plans/rotations", "Rotations that sustain the force under a scenario: tours and gaps",
                anyone, List.of(), true, ctx -> jobs.rotations(ctx, this));
        route(config, HandlerType.GET, "/api/jobs/{id}", "A job's state and progress", anyone, List.of(), false, ctx -> jobs.status(ctx));
        route(config, HandlerType.GET, "/api/plans/{id}", "A solved plan", anyone, List.of(), false, ctx -> jobs.plan(ctx, this));

        route(config, HandlerType.GET, "/api/users", "Users", admin, List.of(), false, this::users);
        route(config, HandlerType.POST, "/api/users", "Create a user (answers a token once)", admin, List.of(), true, this::createUser);
        route(config, HandlerType.POST, "/api/tokens", "Issue a token (for oneself, or any user as admin)", anyone, List.of(), true, this::issueToken);
        route(config, HandlerType.DELETE, "/api/tokens/{id}", "Revoke a token (one's own, or any as admin)", anyone, List.of(), false, this::revokeToken);
        route(config, HandlerType.GET, "/api/audit/verify", "Recompute the audit chain", EnumSet.of(Role.ADMIN, Role.OFFICIAL), List.of(), false, ctx -> {
            Audit.Verification v = store.audit().verify();
            json(ctx, 200, Json.MAPPER.valueToTree(v));
        });
        route(config, HandlerType.GET, "/api/audit", "The newest audit entries", admin, List.of("limit"), false,
                ctx -> json(ctx, 200, Json.MAPPER.valueToTree(store.audit().latest(principal(ctx).nation(), intParam(ctx, "limit", 100, 1, 10_000)))));

        // the live feed (EventSource cannot send headers: the token may come as ?access_token=)
        routes.add(new RouteDoc("get", "/api/live", "Server-Sent Events: event, violation, alert (releasable ones only)", anyone,
                List.of("access_token"), false));
        config.routes.sse("/api/live", client -> {
            Principal p = authenticate(client.ctx());
            feed.subscribe(client, p);
        });
    }

    private void route(JavalinConfig config, HandlerType method, String path, String summary, Set<Role> roles, List<String> query,
                       boolean body, Handler handler) {
        routes.add(new RouteDoc(method.name().toLowerCase(Locale.ROOT), path, summary, roles, query, body));
        // the route's timer for each status, registered once (registering looks the meter up by its tags: kilobytes of
        // garbage on every request)
        java.util.concurrent.ConcurrentHashMap<Integer, Timer> timers = new java.util.concurrent.ConcurrentHashMap<>();
        config.routes.addHttpHandler(method, path, ctx -> {
            long t0 = System.nanoTime();
            int status = 500;
            try {
                if (roles != null) {
                    Principal p = authenticate(ctx);
                    if (!roles.isEmpty() && p.roles().stream().noneMatch(roles::contains)) {
                        throw ApiError.forbidden(p.name() + " (" + p.roles() + ") may not " + method + " " + path + "; it needs one of " + roles);
                    }
                    ctx.attribute("principal", p);
                }
                handler.handle(ctx);
                status = ctx.status().getCode();
            } catch (ApiError e) {
                status = e.status();
                throw e;
            } finally {
                timers.computeIfAbsent(status, st -> Timer.builder("garant_http_request").description("request latency")
                                .publishPercentiles(0.5, 0.99).tag("method", method.name()).tag("route", path).tag("status", Integer.toString(st))
                                .register(metrics))
                        .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
            }
        });
    }

    private Principal authenticate(Context ctx) {
        String h = ctx.header("Authorization");
        String token = null;
        if (h != null && h.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = h.substring(7).trim();
        } else if (ctx.path().equals("/api/live")) {
            token = ctx.queryParam("access_token");
        }
        if (token == null) {
            throw ApiError.unauthorized("send 'Authorization: Bearer <token>' (POST /api/login gives one)");
        }
        return store.users().authenticate(token).orElseThrow(() -> ApiError.unauthorized("the token is unknown or revoked"));
    }

    private static Principal principal(Context ctx) {
        return ctx.attribute("principal");
    }

    static void json(Context ctx, int status, Object body) {
        ctx.status(status).contentType("application/json").result(body instanceof String s ? s : Json.write(body));
    }

    private static void error(Context ctx, int status, String error, String detail) {
        json(ctx, status, Json.MAPPER.createObjectNode().put("error", error).put("detail", detail));
    }

    // ------------------------------------------------------------------------------------------- parameters

    static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String s = ctx.queryParam(name);
        if (s == null || s.isEmpty()) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(s);
            if (v < min || v > max) {
                throw ApiError.badRequest(name + ": " + v + " is outside " + min + "–" + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name + ": '" + s + "' is not a whole number");
        }
    }

    static long instantParam(Context ctx, String name, long dflt) {
        String s = ctx.queryParam(name);
        if (s == null || s.isEmpty()) {
            return dflt;
        }
        try {
            Instant t = Instant.parse(s);
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(name + ": '" + s + "' is not an ISO-8601 instant such as 2026-05-01T12:00:00Z");
        }
    }

    static String sideParam(Context ctx) {
        String side = ctx.queryParam("side");
        if (side != null && !side.matches("UKRAINE_HELD|OCCUPIED|GREY_ZONE|OUTSIDE")) {
            throw ApiError.badRequest("side: '" + side + "' is not UKRAINE_HELD, OCCUPIED, GREY_ZONE or OUTSIDE");
        }
        return side;
    }

    static String kindParam(Context ctx) {
        String kind = ctx.queryParam("kind");
        if (kind != null && !kind.matches("[A-Z_]{1,40}")) {
            throw ApiError.badRequest("kind: '" + kind + "' is not an event kind (LAUNCH, IMPACT, UNKNOWN) or rule name");
        }
        return kind;
    }

    static double[] bboxParam(Context ctx) {
        String s = ctx.queryParam("bbox");
        if (s == null || s.isEmpty()) {
            return null;
        }
        String[] p = s.split(",");
        if (p.length != 4) {
            throw ApiError.badRequest("bbox: '" + s + "' is not minLon,minLat,maxLon,maxLat");
        }
        double[] b = new double[4];
        for (int i = 0; i < 4; i++) {
            try {
                b[i] = Double.parseDouble(p[i].trim());
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("bbox: '" + p[i] + "' is not a number");
            }
        }
        if (!(b[0] < b[2] && b[1] < b[3]) || b[0] < -180 || b[2] > 180 || b[1] < -90 || b[3] > 90) {
            throw ApiError.badRequest("bbox: '" + s + "' must be minLon,minLat,maxLon,maxLat within ±180, ±90 with min < max");
        }
        return b;
    }

    private static Releasability marking(ObjectNode body, Principal p) {
        String m = Json.text(body, "releasability", "COALITION");
        try {
            return Releasability.parse(m).withOriginator(p.nation());
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("releasability: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------- handlers

    private void health(Context ctx) {
        ObjectNode o = Json.MAPPER.createObjectNode().put("status", "ok").put("database", store.dialect().vendor())
                .put("sensors", sensors.list().size()).put("live_clients", feed.size());
        json(ctx, 200, o);
    }

    private void login(Context ctx) {
        ObjectNode b = Json.object(ctx.body());
        Json.onlyKnown(b, "", Set.of("name", "password"));
        String name = Json.text(b, "name", null);
        String password = Json.text(b, "password", null);
        if (name == null || password == null) {
            throw ApiError.badRequest("name and password are required");
        }
        Users.IssuedToken t = store.users().login(name, password).orElseThrow(() -> ApiError.unauthorized("wrong name or password"));
        json(ctx, 200, Json.MAPPER.createObjectNode().put("token", t.secret()).put("token_id", t.id()).put("user", t.user()));
    }

    private void theatre(Context ctx) {
        String ds = ctx.queryParam("date");
        if (ds != null) {
            LocalDate date = dateParam(ds, "date");
            Documents.Doc in = null;
            for (Documents.Doc d : store.documents().list(principal(ctx).nation(), "theatre")) {
                if (!LocalDate.parse(d.id()).isAfter(date) && (in == null || d.id().compareTo(in.id()) > 0)) {
                    in = d;
                }
            }
            if (in != null) {
                ObjectNode b = Json.tree(in.body());
                ObjectNode f = Json.MAPPER.createObjectNode().put("type", "Feature");
                f.set("geometry", b.get("contact_line"));
                f.putObject("properties").put("kind", "contact_line").put("date", in.id()).put("km", b.path("km").asDouble())
                        .put("releasability", in.rel().marking()).put("version", in.version());
                json(ctx, 200, collection(List.of(f)));
                return;
            }
        }
        Theatre t = options.theatre();
        List<ObjectNode> fs = List.of(
                GeoJson.feature(t.contactLine(), Map.of("kind", "contact_line", "km", Math.round(t.contactLineKm()),
                        "date", String.valueOf(t.date()), "source", t.source())),
                GeoJson.feature(t.occupied(), Map.of("kind", "occupied", "km2", Math.round(t.occupiedKm2()))));
        json(ctx, 200, collection(fs));
    }

    private static LocalDate dateParam(String s, String name) {
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw ApiError.badRequest(name + ": '" + s + "' is not a date such as 2026-05-01");
        }
    }

    private void theatreVersions(Context ctx) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        for (Documents.Doc d : store.documents().list(principal(ctx).nation(), "theatre")) {
            a.addObject().put("date", d.id()).put("version", d.version()).put("km", Json.tree(d.body()).path("km").asDouble())
                    .put("releasability", d.rel().marking()).put("author", d.author());
        }
        json(ctx, 200, a);
    }

    private void postTheatreVersion(Context ctx) {
        Principal p = principal(ctx);
        ObjectNode b = Json.object(ctx.body());
        Json.onlyKnown(b, "", Set.of("date", "contact_line", "releasability"));
        String ds = Json.text(b, "date", null);
        if (ds == null) {
            throw ApiError.badRequest("date: missing (the day the contact line holds, e.g. 2026-05-01)");
        }
        LocalDate date = dateParam(ds, "date");
        JsonNode g = b.get("contact_line");
        if (g == null || !g.isObject()) {
            throw ApiError.badRequest("contact_line: missing (a GeoJSON LineString or MultiLineString, lon/lat)");
        }
        org.locationtech.jts.geom.Geometry line;
        try {
            line = GeoJson.geometry(g, "request", "contact_line");
        } catch (org.garant.geo.GeoInputException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        if (!(line instanceof org.locationtech.jts.geom.LineString || line instanceof org.locationtech.jts.geom.MultiLineString)
                || line.isEmpty()) {
            throw ApiError.badRequest("contact_line: a " + line.getGeometryType() + "; a contact line is a LineString or MultiLineString");
        }
        for (org.locationtech.jts.geom.Coordinate c : line.getCoordinates()) {
            if (!(c.x >= -180 && c.x <= 180 && c.y >= -90 && c.y <= 90)) {
                throw ApiError.badRequest("contact_line: coordinate " + c.x + ", " + c.y + " is not lon, lat");
            }
        }
        double km = org.garant.geo.TheatreProjection.project(line).getLength() / 1000;
        ObjectNode body = Json.MAPPER.createObjectNode().put("date", date.toString()).put("km", Math.round(km * 10) / 10.0);
        body.set("contact_line", GeoJson.toJson(line));
        Documents.Put put = store.documents().put(p.name(), "theatre", date.toString(), Json.write(body), marking(b, p));
        json(ctx, put.changed() ? 201 : 200, Json.MAPPER.createObjectNode().put("date", date.toString()).put("version", put.doc().version())
                .put("km", Math.round(km * 10) / 10.0));
    }

    private void zones(Context ctx) {
        String b = ctx.queryParam("buffer_km");
        double bufferKm = WeaponClass.DEFAULT_BUFFER_KM;
        if (b != null) {
            try {
                bufferKm = Double.parseDouble(b);
            } catch (NumberFormatException e) {
                throw ApiError.badRequest("buffer_km: '" + b + "' is not a number");
            }
            if (!(bufferKm > 0 && bufferKm <= 200)) {
                throw ApiError.badRequest("buffer_km: " + b + " must be in (0, 200]");
            }
        }
        List<ObjectNode> fs = new ArrayList<>();
        for (org.garant.geo.io.GeoFeature f : org.garant.geo.io.ZoneFeatures.of(options.theatre(), bufferKm)) {
            fs.add(GeoJson.feature(f.geometry(), f.properties()));
        }
        json(ctx, 200, collection(fs));
    }

    static ObjectNode collection(List<ObjectNode> features) {
        ObjectNode fc = Json.MAPPER.createObjectNode().put("type", "FeatureCollection");
        ArrayNode a = fc.putArray("features");
        features.forEach(a::add);
        return fc;
    }

    private static ObjectNode point(double lon, double lat, ObjectNode properties) {
        ObjectNode f = Json.MAPPER.createObjectNode().put("type", "Feature");
        ObjectNode g = f.putObject("geometry").put("type", "Point");
        g.putArray("coordinates").add(Math.round(lon * 1e6) / 1e6).add(Math.round(lat * 1e6) / 1e6);
        f.set("properties", properties);
        return f;
    }

    private void sites(Context ctx) {
        Principal p = principal(ctx);
        List<ObjectNode> fs = new ArrayList<>();
        for (Site s : options.sites()) {
            fs.add(point(s.position().lon(), s.position().lat(), Json.MAPPER.createObjectNode().put("id", s.name()).put("name", s.name())
                    .put("kind", s.kind()).put("oblast", s.oblast()).put("population", s.population()).put("mgrs", s.position().mgrs())
                    .put("releasability", "COALITION").put("source", "theatre")));
        }
        for (Documents.Doc d : store.documents().list(p.nation(), "site")) {
            ObjectNode b = Json.tree(d.body());
            fs.add(point(b.path("lon").asDouble(), b.path("lat").asDouble(), b.put("releasability", d.rel().marking()).put("version", d.version())));
        }
        json(ctx, 200, collection(fs));
    }

    /** Stores sites or sightings as documents (each validated; the whole batch refused on the first bad one). */
    private void putDocuments(Context ctx, String kind, String field) {
        Principal p = principal(ctx);
        ObjectNode b = Json.object(ctx.body());
        Json.onlyKnown(b, "", Set.of("releasability", field));
        Releasability rel = marking(b, p);
        ArrayNode items = Json.array(b, field, MAX_BATCH);
        List<ObjectNode> canonical = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String where = field + "[" + i + "]";
            JsonNode n = items.get(i);
            if (!n.isObject()) {
                throw ApiError.badRequest(where + ": must be an object");
            }
            canonical.add(kind.equals("site") ? site((ObjectNode) n, where) : sighting((ObjectNode) n, where));
        }
        int stored = 0;
        int unchanged = 0;
        for (ObjectNode c : canonical) {
            if (store.documents().put(p.name(), kind, c.get("id").asText(), Json.write(c), rel).changed()) {
                stored++;
            } else {
                unchanged++;
            }
        }
        if (kind.equals("sighting")) {
            List<org.garant.monitor.verify.Sighting> ss = new ArrayList<>();
            canonical.forEach(c -> ss.add(VerifyFiles.parseSighting(Json.write(c))));
            fusion.sightings(ss, rel);
        }
        json(ctx, 200, Json.MAPPER.createObjectNode().put("received", canonical.size()).put("stored", stored).put("unchanged", unchanged));
    }

    private static ObjectNode site(ObjectNode n, String where) {
        Json.onlyKnown(n, where + ".", Set.of("id", "name", "kind", "lat", "lon", "mgrs", "capacity", "oblast", "population"));
        if (!n.path("id").isTextual() || n.get("id").asText().isBlank()) {
            throw ApiError.badRequest(where + ".id: missing (a string)");
        }
        LatLon pos = position(n, where);
        ObjectNode c = n.deepCopy();
        c.remove("mgrs");
        c.put("lat", pos.lat()).put("lon", pos.lon()).put("mgrs", pos.mgrs());
        if (c.has("capacity") && !(c.get("capacity").canConvertToInt() && c.get("capacity").asInt() >= 0)) {
            throw ApiError.badRequest(where + ".capacity: must be a whole number ≥ 0");
        }
        return c;
    }

    private static ObjectNode sighting(ObjectNode n, String where) {
        Json.onlyKnown(n, where + ".", Set.of("id", "time", "lat", "lon", "mgrs", "weapon", "count", "source"));
        try {
            VerifyFiles.parseSighting(Json.write(n));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(where + ": " + e.getMessage());
        }
        LatLon pos = position(n, where);
        ObjectNode c = n.deepCopy();
        c.remove("mgrs");
        return c.put("lat", pos.lat()).put("lon", pos.lon()).put("mgrs", pos.mgrs());
    }

    static LatLon position(JsonNode n, String where) {
        try {
            return VerifyFiles.position(n);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(where + ": " + e.getMessage());
        }
    }

    private void listSensors(Context ctx) {
        Principal p = principal(ctx);
        List<ObjectNode> fs = new ArrayList<>();
        for (Documents.Doc d : store.documents().list(p.nation(), "sensor")) {
            ObjectNode b = Json.tree(d.body());
            fs.add(point(b.path("lon").asDouble(), b.path("lat").asDouble(), b.put("releasability", d.rel().marking())));
        }
        json(ctx, 200, collection(fs));
    }

    private static final Set<String> SENSOR_FIELDS = Set.of("id", "kind", "lat", "lon", "mgrs", "clock_sigma_ms", "range_km",
            "pd_near", "false_alarms_per_hour", "bearing_sigma_deg");

    static Sensor sensor(JsonNode n, String where) {
        Json.onlyKnown(n, where.isEmpty() ? "" : where + ".", SENSOR_FIELDS);
        String id = n.path("id").asText("");
        if (id.isBlank()) {
            throw ApiError.badRequest(where + ".id: missing");
        }
        SensorKind kind;
        try {
            kind = SensorKind.valueOf(n.path("kind").asText("").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(where + ".kind: '" + n.path("kind").asText("") + "' is not one of "
                    + java.util.Arrays.toString(SensorKind.values()));
        }
        LatLon pos = position(n, where);
        double clock = number(n, "clock_sigma_ms", where, Double.NaN) / 1000;
        double range = number(n, "range_km", where, Double.NaN) * 1000;
        double pd = number(n, "pd_near", where, 0.95);
        double fa = number(n, "false_alarms_per_hour", where, 0);
        double bs = number(n, "bearing_sigma_deg", where, Double.NaN);
        try {
            return Sensor.of(id, pos, kind, clock, range, pd, fa, bs);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(where + ": " + e.getMessage());
        }
    }

    private static double number(JsonNode n, String field, String where, double dflt) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (Double.isNaN(dflt) && !field.equals("bearing_sigma_deg")) {
                throw ApiError.badRequest(where + "." + field + ": missing (a number)");
            }
            return dflt;
        }
        if (!v.isNumber()) {
            throw ApiError.badRequest(where + "." + field + ": must be a number, not " + v.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        return v.asDouble();
    }

    /** A sensor in the JSON form POST /api/sensors takes and GET /api/sensors gives. */
    public static ObjectNode sensorJson(Sensor s) {
        ObjectNode o = Json.MAPPER.createObjectNode().put("id", s.id()).put("kind", s.kind().name()).put("lat", s.position().lat())
                .put("lon", s.position().lon()).put("mgrs", s.position().mgrs()).put("clock_sigma_ms", s.clockSigmaS() * 1000)
                .put("range_km", s.rangeM() / 1000).put("pd_near", s.pdNear()).put("false_alarms_per_hour", s.falseAlarmsPerHour());
        if (s.reportsBearing()) {
            o.put("bearing_sigma_deg", s.bearingSigmaDeg());
        }
        return o;
    }

    private void postSensors(Context ctx) {
        Principal p = principal(ctx);
        ObjectNode b = Json.object(ctx.body());
        Json.onlyKnown(b, "", Set.of("releasability", "sensors"));
        Releasability rel = marking(b, p);
        ArrayNode items = Json.array(b, "sensors", MAX_BATCH);
        List<Sensor> parsed = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            Sensor s = sensor(items.get(i), "sensors[" + i + "]");
            if (!ids.add(s.id())) {
                throw ApiError.badRequest("sensors[" + i + "].id: '" + s.id() + "' appears twice in this request");
            }
            parsed.add(s);
        }
        synchronized (this) {
            Map<String, Sensor> byId = new LinkedHashMap<>();
            sensors.list().forEach(s -> byId.put(s.id(), s));
            Map<String, Releasability> markings = new LinkedHashMap<>(sensors.markings());
            for (Sensor s : parsed) {
                store.documents().put(p.name(), "sensor", s.id(), Json.write(sensorJson(s)), rel);
                byId.put(s.id(), s);
                markings.put(s.id(), rel);
            }
            sensors = new Sensors(List.copyOf(byId.values()), Map.copyOf(markings));
        }
        json(ctx, 200, Json.MAPPER.createObjectNode().put("received", parsed.size()).put("sensors", sensors.list().size()));
    }

    /**
     * Ingest of detections, the hot path: the body is read with a streaming parser (no tree), each detection is parsed
     * strictly from its own text and stored as received (the original is the evidence).
     */
    private void ingestDetections(Context ctx) {
        json(ctx, 200, ingestDetections(principal(ctx), ctx.body()));
    }

    /** A batch of detections from any transport (HTTP, Kafka): validated whole, stored idempotently, fused live. */
    ObjectNode ingestDetections(Principal p, String body) {
        detectionIngestsInFlight.incrementAndGet();
        try {
            return ingestDetectionBatch(p, body);
        } finally {
            detectionIngestsInFlight.decrementAndGet();
        }
    }

    private ObjectNode ingestDetectionBatch(Principal p, String body) {
        String marking = null;
        List<String> texts = new ArrayList<>();
        List<Detection> parsed = new ArrayList<>();
        try (com.fasterxml.jackson.core.JsonParser jp = Json.MAPPER.getFactory().createParser(body)) {
            if (jp.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                throw ApiError.badRequest("the body must be a JSON object");
            }
            boolean sawDetections = false;
            while (jp.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String field = jp.currentName();
                com.fasterxml.jackson.core.JsonToken v = jp.nextToken();
                switch (field) {
                    case "releasability" -> {
                        if (v != com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
                            throw ApiError.badRequest("releasability: must be a string");
                        }
                        marking = jp.getText();
                    }
                    case "detections" -> {
                        if (v != com.fasterxml.jackson.core.JsonToken.START_ARRAY) {
                            throw ApiError.badRequest("detections: must be an array, not " + kindOf(v));
                        }
                        sawDetections = true;
                        for (com.fasterxml.jackson.core.JsonToken t = jp.nextToken(); t != com.fasterxml.jackson.core.JsonToken.END_ARRAY;
                             t = jp.nextToken()) {
                            String where = "detections[" + parsed.size() + "]";
                            if (t != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                                throw ApiError.badRequest(where + ": must be an object");
                            }
                            if (parsed.size() == MAX_BATCH) {
                                throw ApiError.badRequest("detections: more than " + MAX_BATCH + " items; at most " + MAX_BATCH + " per request");
                            }
                            int start = (int) jp.currentTokenLocation().getCharOffset();
                            Detection d;
                            try {
                                d = MonitorFiles.parseDetection(jp, true); // in the batch's one pass
                            } catch (IllegalArgumentException e) {
                                throw ApiError.badRequest(where + ": " + e.getMessage());
                            }
                            String text = body.substring(start, (int) jp.currentLocation().getCharOffset());
                            if (d.id().length() > 128) {
                                throw ApiError.badRequest(where + ".id: longer than 128 characters");
                            }
                            texts.add(text);
                            parsed.add(d);
                        }
                    }
                    default -> throw ApiError.badRequest(field + ": unknown field (known: detections, releasability)");
                }
            }
            if (!sawDetections) {
                throw ApiError.badRequest("detections: missing (an array)");
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiError.badRequest("malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage().split("\n")[0]);
        } catch (java.io.IOException e) {
            throw ApiError.badRequest("the body could not be read: " + e.getMessage());
        }
        Releasability rel;
        try {
            rel = Releasability.parse(marking == null ? "COALITION" : marking).withOriginator(p.nation());
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("releasability: " + e.getMessage());
        }
        Map<String, Detection> byId = new LinkedHashMap<>();
        List<Detections.Row> rows = new ArrayList<>(parsed.size());
        for (int i = 0; i < parsed.size(); i++) {
            Detection d = parsed.get(i);
            Releasability sensorRel = sensors.markings().get(d.sensorId());
            if (sensorRel == null) {
                throw ApiError.badRequest("detections[" + i + "].sensor: unknown sensor '" + d.sensorId() + "' (register it with POST /api/sensors)");
            }
            if (!rel.within(sensorRel)) {
                throw ApiError.badRequest("detections[" + i + "].sensor: the batch is marked " + rel.marking() + ", wider than sensor '"
                        + d.sensorId() + "' (" + sensorRel.marking() + "); a detection may be seen only where its sensor may");
            }
            rows.add(new Detections.Row(d.id(), d.sensorId(), d.arrivalNs(), texts.get(i), rel));
            byId.putIfAbsent(d.id(), d);
        }
        Detections.Ingested r = store.detections().ingest(p.name(), rows);
        detectionsIngested.increment(r.stored().size());
        List<Detection> fresh = new ArrayList<>(r.stored().size());
        r.stored().forEach(row -> fresh.add(byId.get(row.id())));
        fresh.sort(Comparator.comparingLong(Detection::arrivalNs));
        if (options.kafka() == null || !options.kafka().fusedOutside()) {
            fusion.submit(fresh, rel); // else the Flink job fuses them, and its events come back through Kafka
        }
        return Json.MAPPER.createObjectNode().put("received", parsed.size()).put("stored", r.stored().size()).put("duplicates", r.duplicates());
    }

    private static String kindOf(com.fasterxml.jackson.core.JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "object";
            case VALUE_STRING -> "string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
            case VALUE_TRUE, VALUE_FALSE -> "boolean";
            case VALUE_NULL -> "null";
            default -> t.name().toLowerCase(Locale.ROOT);
        };
    }

    private static final Set<String> OBSERVATION_FIELDS = Set.of("id", "lat", "lon", "mgrs", "from", "to", "what", "count",
            "direction", "distance", "heading", "weapon", "text");

    Observations.Row observationRow(JsonNode n, String where, Releasability rel) {
        if (!n.isObject()) {
            throw ApiError.badRequest(where + ": must be an object");
        }
        Json.onlyKnown(n, where + ".", OBSERVATION_FIELDS);
        org.garant.monitor.verify.Observation o;
        try {
            o = ObservationFiles.parse(n.toString());
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(where + ": " + e.getMessage());
        }
        ObjectNode c = ((ObjectNode) n).deepCopy();
        c.remove("mgrs");
        c.put("lat", o.observer().lat()).put("lon", o.observer().lon()).put("mgrs", o.observer().mgrs());
        return new Observations.Row(o.id(), o.fromNs(), o.observer().lon(), o.observer().lat(), Json.write(c), rel);
    }

    private void ingestObservations(Context ctx) {
        json(ctx, 200, ingestObservations(principal(ctx), ctx.body()));
    }

    /** A batch of observations from any transport (HTTP, Kafka): validated whole, stored idempotently. */
    ObjectNode ingestObservations(Principal p, String body) {
        ObjectNode b = Json.object(body);
        Json.onlyKnown(b, "", Set.of("releasability", "observations"));
        Releasability rel = marking(b, p);
        ArrayNode items = Json.array(b, "observations", MAX_BATCH);
        List<Observations.Row> rows = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            rows.add(observationRow(items.get(i), "observations[" + i + "]", rel));
        }
        Observations.Submitted s = store.observations().submit(p.name(), rows);
        return Json.MAPPER.createObjectNode().put("received", items.size()).put("stored", s.stored().size()).put("duplicates", s.duplicates());
    }

    private void located(Context ctx, Located.Table table, Boolean alert) {
        Principal p = principal(ctx);
        int size = intParam(ctx, "size", 100, 1, 1000);
        int page = intParam(ctx, "page", 0, 0, 1_000_000);
        String kind = kindParam(ctx);
        String side = sideParam(ctx);
        long from = instantParam(ctx, "from", Long.MIN_VALUE);
        long to = instantParam(ctx, "to", Long.MAX_VALUE);
        List<Located.Row> rows = store.located().find(p.nation(), table, new Located.Query(bboxParam(ctx), from, to, kind, side,
                alert, size, page * size));
        // written as text: each stored body is already a JSON object (the hot path of the map; no tree per row, and no
        // copy of a body but the one appended)
        int chars = 256;
        for (Located.Row r : rows) {
            chars += r.body().length() + 160;
        }
        StringBuilder sb = new StringBuilder(chars).append("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int i = 0; i < rows.size(); i++) {
            Located.Row r = rows.get(i);
            String body = r.body();
            int open = body.indexOf('{');
            int close = body.lastIndexOf('}');
            boolean empty = true;
            for (int k = open + 1; k < close && empty; k++) {
                empty = Character.isWhitespace(body.charAt(k));
            }
            sb.append(i == 0 ? "" : ",").append("{\"type\":\"Feature\",\"geometry\":{\"type\":\"Point\",\"coordinates\":[")
                    .append(Math.round(r.lon() * 1e6) / 1e6).append(',').append(Math.round(r.lat() * 1e6) / 1e6)
                    .append("]},\"properties\":").append(body, open, close).append(empty ? "" : ",").append("\"releasability\":\"")
                    .append(r.rel().marking()).append("\"}}");
        }
        sb.append("],\"page\":").append(page).append(",\"size\":").append(size).append(",\"returned\":").append(rows.size()).append('}');
        json(ctx, 200, sb.toString());
    }

    /** The largest overview {@code /api/events/points} answers. */
    static final int MAX_POINTS = 200_000;

    private void points(Context ctx, Located.Table table) {
        Principal p = principal(ctx);
        int limit = intParam(ctx, "limit", 10_000, 1, MAX_POINTS);
        String side = sideParam(ctx);
        String kind = kindParam(ctx);
        List<Located.Point> pts = store.located().points(p.nation(), table, new Located.Query(bboxParam(ctx),
                instantParam(ctx, "from", Long.MIN_VALUE), instantParam(ctx, "to", Long.MAX_VALUE), kind, side, null, limit, 0));
        // columns, not features: 100,000 events are ~5 MB and parse in the browser in tens of milliseconds
        StringBuilder sb = new StringBuilder(64 + pts.size() * 64).append("{\"count\":").append(pts.size())
                .append(",\"truncated\":").append(pts.size() == limit).append(",\"id\":[");
        for (int i = 0; i < pts.size(); i++) {
            sb.append(i == 0 ? "\"" : ",\"").append(pts.get(i).id().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        sb.append("],\"time_ms\":[");
        for (int i = 0; i < pts.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(Math.floorDiv(pts.get(i).timeNs(), 1_000_000L));
        }
        sb.append("],\"lon\":[");
        for (int i = 0; i < pts.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(Math.round(pts.get(i).lon() * 1e5) / 1e5);
        }
        sb.append("],\"lat\":[");
        for (int i = 0; i < pts.size(); i++) {
            sb.append(i == 0 ? "" : ",").append(Math.round(pts.get(i).lat() * 1e5) / 1e5);
        }
        sb.append("],\"kind\":[");
        for (int i = 0; i < pts.size(); i++) {
            sb.append(i == 0 ? "\"" : ",\"").append(pts.get(i).kind()).append('"');
        }
        sb.append("],\"side\":[");
        for (int i = 0; i < pts.size(); i++) {
            sb.append(i == 0 ? "\"" : ",\"").append(pts.get(i).side()).append('"');
        }
        json(ctx, 200, sb.append("]}").toString());
    }

    private static volatile ObjectNode basemap;

    /** Ukraine and its neighbours from the demo theatre's authored outline (Natural Earth, public domain). */
    private static ObjectNode basemap() {
        ObjectNode b = basemap;
        if (b == null) {
            List<ObjectNode> fs = new ArrayList<>();
            DemoTheatre.outlines().forEach((name, g) -> fs.add(GeoJson.feature(g, Map.of("name", name))));
            basemap = b = collection(fs);
        }
        return b;
    }

    private void event(Context ctx) {
        Principal p = principal(ctx);
        Located.Row r = store.located().get(p.nation(), Located.Table.EVENTS, ctx.pathParam("id"))
                .orElseThrow(() -> ApiError.notFound("no event '" + ctx.pathParam("id") + "'"));
        ObjectNode body = Json.tree(r.body()).put("releasability", r.rel().marking());
        List<String> ids = new ArrayList<>();
        body.path("detections").forEach(x -> ids.add(x.asText()));
        ArrayNode ev = body.putArray("evidence");
        store.detections().bodies(p.nation(), ids).forEach(x -> ev.add(Json.tree(x)));
        json(ctx, 200, point(r.lon(), r.lat(), body));
    }

    private static ObjectNode versionJson(Observations.Version v) {
        ObjectNode o = Json.tree(v.body());
        o.put("version", v.version());
        if (v.corrects() != null) {
            o.put("corrects", v.corrects());
        }
        o.put("review", v.review());
        if (v.reviewer() != null) {
            o.put("reviewed_by", v.reviewer()).put("review_reason", v.reviewReason());
        }
        o.put("submitted_by", v.author()).put("releasability", v.rel().marking());
        return o;
    }

    private void observations(Context ctx) {
        Principal p = principal(ctx);
        String review = ctx.queryParam("review");
        if (review != null && !review.matches("UNVERIFIED|VERIFIED|REJECTED")) {
            throw ApiError.badRequest("review: '" + review + "' is not UNVERIFIED, VERIFIED or REJECTED");
        }
        int size = intParam(ctx, "size", 100, 1, 1000);
        int page = intParam(ctx, "page", 0, 0, 1_000_000);
        List<ObjectNode> fs = new ArrayList<>();
        for (Observations.Version v : store.observations().latest(p.nation(), review, instantParam(ctx, "from", Long.MIN_VALUE),
                instantParam(ctx, "to", Long.MAX_VALUE), size, page * size)) {
            ObjectNode o = versionJson(v);
            fs.add(point(o.path("lon").asDouble(), o.path("lat").asDouble(), o));
        }
        json(ctx, 200, collection(fs));
    }

    private void observation(Context ctx) {
        Principal p = principal(ctx);
        List<Observations.Version> h = store.observations().history(p.nation(), ctx.pathParam("id"));
        if (h.isEmpty()) {
            throw ApiError.notFound("no observation '" + ctx.pathParam("id") + "'");
        }
        ArrayNode a = Json.MAPPER.createArrayNode();
        h.forEach(v -> a.add(versionJson(v)));
        json(ctx, 200, Json.MAPPER.createObjectNode().put("id", ctx.pathParam("id")).set("versions", a));
    }

    private void review(Context ctx) {
        Principal p = principal(ctx);
        ObjectNode b = Json.object(ctx.body());
        Json.onlyKnown(b, "", Set.of("decision", "reason", "version"));
        String d = Json.text(b, "decision", null);
        if (d == null || !d.matches("VERIFIED|REJECTED")) {
            throw ApiError.badRequest("decision: must be VERIFIED or REJECTED");
        }
        Integer version = null;
        if (b.has("version")) {
            if (!b.get("version").canConvertToInt()) {
                throw ApiError.badRequest("version: must be a whole number");
            }
            version = b.get("version").asInt();
        }
        Observations.Version v = store.observations().review(p.name(), p.nation(), ctx.pathParam("id"), version,
                Observations.Decision.valueOf(d), Json.text(b, "reason", ""));
        if (v.review().equals("VERIFIED")) {
            fusion.observation(ObservationFiles.parse(v.body()), v.rel());
        }
        json(ctx, 200, versionJson(v));
    }

    private void correct(Context ctx) {
        Principal p = principal(ctx);
        ObjectNode b = Json.object(ctx.body());
        Json.onlyKnown(b, "", Set.of("releasability", "observation"));
        Releasability rel = marking(b, p);
        JsonNode n = b.get("observation");
        if (n == null) {
            throw ApiError.badRequest("observation: missing (the corrected observation)");
        }
        Observations.Row row = observationRow(n, "observation", rel);
        if (!row.id().equals(ctx.pathParam("id"))) {
            throw ApiError.badRequest("observation.id: '" + row.id() + "' is not the observation being corrected ('" + ctx.pathParam("id") + "')");
        }
        if (store.observations().history(p.nation(), row.id()).isEmpty()) {
            throw ApiError.notFound("no observation '" + row.id() + "'");
        }
        int v = store.observations().correct(p.name(), row);
        json(ctx, 201, Json.MAPPER.createObjectNode().put("id", row.id()).put("version", v).put("corrects", v - 1));
    }

    private List<Violation> violations(String nation, boolean alerts, long from, long to) {
        List<Violation> out = new ArrayList<>();
        int page = 0;
        while (true) {
            List<Located.Row> rows = store.located().find(nation, Located.Table.VIOLATIONS, new Located.Query(null, from, to, null, null,
                    alerts, 1000, page * 1000));
            rows.forEach(r -> out.add(VerifyFiles.parseViolation(r.body())));
            if (rows.size() < 1000) {
                break;
            }
            page++;
        }
        out.sort(Comparator.comparingLong(Violation::timeNs));
        return out;
    }

    private void dailyReport(Context ctx) {
        Principal p = principal(ctx);
        String ds = ctx.queryParam("date");
        LocalDate date = ds == null ? LocalDate.now(DailyReport.KYIV) : dateParam(ds, "date");
        String format = ctx.queryParam("format") == null ? "json" : ctx.queryParam("format");
        long from = date.minusDays(2).atTime(DailyReport.CUTOFF).atZone(DailyReport.KYIV).toInstant().getEpochSecond() * 1_000_000_000L;
        long to = date.atTime(DailyReport.CUTOFF).atZone(DailyReport.KYIV).toInstant().getEpochSecond() * 1_000_000_000L;
        DailyReport r = DailyReport.build(date, violations(p.nation(), false, from, to), violations(p.nation(), true, from, to),
                DailyReport.KYIV, DailyReport.CUTOFF);
        switch (format) {
            case "json" -> json(ctx, 200, ReportWriter.json(r));
            case "csv" -> ctx.contentType("text/csv; charset=utf-8").result(ReportWriter.csv(r));
            case "html" -> ctx.contentType("text/html; charset=utf-8").result(ReportWriter.html(r, options.theatre()));
            default -> throw ApiError.badRequest("format: '" + format + "' is not json, csv or html");
        }
    }

    private void spotReport(Context ctx) {
        Principal p = principal(ctx);
        Located.Row r = store.located().get(p.nation(), Located.Table.VIOLATIONS, ctx.pathParam("id"))
                .orElseThrow(() -> ApiError.notFound("no violation or alert '" + ctx.pathParam("id") + "'"));
        Violation v = VerifyFiles.parseViolation(r.body());
        List<Violation> related = violations(p.nation(), false, v.timeNs() - 3_600_000_000_000L, v.timeNs() + 3_600_000_000_000L);
        related.removeIf(x -> x.id().equals(v.id()) || Math.hypot(x.position().lat() - v.position().lat(),
                (x.position().lon() - v.position().lon()) * Math.cos(Math.toRadians(v.position().lat()))) > 0.1);
        ctx.contentType("text/plain; charset=utf-8").result(SpotReport.text(v, related));
    }

    // ------------------------------------------------------------------------------------------- coalition

    /** The coalition files stored (latest version visible to the nation), or the demo coalition's. */
    Map<String, String> coalitionFiles(String nation) {
        return store.documents().get(nation, "coalition", "current").map(d -> {
            Map<String, String> files = new LinkedHashMap<>();
            Json.tree(d.body()).fields().forEachRemaining(e -> files.put(e.getKey(), e.getValue().asText()));
            return files;
        }).orElse(null);
    }

    Theatre theatreForPlanning() {
        return options.theatre();
    }

    private void coalition(Context ctx) {
        Map<String, String> files = coalitionFiles(principal(ctx).nation());
        json(ctx, 200, files == null ? Json.MAPPER.createObjectNode().put("demo", true) : Json.MAPPER.valueToTree(files));
    }

    private void putCoalition(Context ctx) {
        Principal p = principal(ctx);
        ObjectNode b = Json.object(ctx.body());
        Json.onlyKnown(b, "", Set.of("releasability", "files"));
        Releasability rel = marking(b, p);
        JsonNode files = b.get("files");
        if (files == null || !files.isObject()) {
            throw ApiError.badRequest("files: missing (an object of file name → CSV text: nations.csv, conditions.csv, sites.csv, "
                    + "requirements.csv, pledges.csv, caveats.csv)");
        }
        Map<String, String> map = new LinkedHashMap<>();
        files.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual()) {
                throw ApiError.badRequest("files." + e.getKey() + ": must be the CSV text");
            }
            map.put(e.getKey(), e.getValue().asText());
        });
        List<String> warnings = Jobs.load(map, options.theatre()).warnings(); // validates; errors name file, line and field
        Documents.Doc d = store.documents().put(p.name(), "coalition", "current", Json.write(map), rel).doc();
        ObjectNode o = Json.MAPPER.createObjectNode().put("version", d.version());
        warnings.forEach(w -> o.withArray("warnings").add(w));
        json(ctx, 200, o);
    }

    // ------------------------------------------------------------------------------------------- users

    private void users(Context ctx) {
        json(ctx, 200, Json.MAPPER.valueToTree(store.users().list()));
    }

    private void createUser(Context ctx) {
        Principal p = principal(ctx);
        ObjectNode b = Json.object(ctx.body());
        Json.onlyKnown(b, "", Set.of("name", "nation", "roles", "password"));
        JsonNode roles = b.get("roles");
        if (roles == null || !roles.isArray()) {
            throw ApiError.badRequest("roles: missing (an array of PLANNER, MONITOR, ANALYST, OFFICIAL, ADMIN)");
        }
        List<String> rs = new ArrayList<>();
        roles.forEach(r -> rs.add(r.asText()));
        Users.User u = store.users().create(p.name(), Json.text(b, "name", null), Json.text(b, "nation", ""),
                Users.parseRoles(String.join(",", rs)), Json.text(b, "password", null));
        Users.IssuedToken t = store.users().issueToken(p.name(), u.name(), "created");
        json(ctx, 201, Json.MAPPER.createObjectNode().put("name", u.name()).put("nation", u.nation()).put("token", t.secret())
                .put("token_id", t.id()));
    }

    private void issueToken(Context ctx) {
        Principal p = principal(ctx);
        ObjectNode b = ctx.body().isBlank() ? Json.MAPPER.createObjectNode() : Json.object(ctx.body());
        Json.onlyKnown(b, "", Set.of("user", "label"));
        String user = Json.text(b, "user", p.name());
        if (!user.equals(p.name()) && !p.has(Role.ADMIN)) {
            throw ApiError.forbidden("only an administrator issues tokens for another user");
        }
        Users.IssuedToken t = store.users().issueToken(p.name(), user, Json.text(b, "label", ""));
        json(ctx, 201, Json.MAPPER.createObjectNode().put("token", t.secret()).put("token_id", t.id()).put("user", t.user()));
    }

    private void revokeToken(Context ctx) {
        Principal p = principal(ctx);
        String id = ctx.pathParam("id");
        String owner = store.users().tokenOwner(id).orElseThrow(() -> ApiError.notFound("no token '" + id + "'"));
        if (!owner.equals(p.name()) && !p.has(Role.ADMIN)) {
            throw ApiError.forbidden("only the token's owner or an administrator may revoke it");
        }
        store.users().revoke(p.name(), id);
        ctx.status(204);
    }

    // ------------------------------------------------------------------------------------------- OpenAPI

    private ObjectNode openApi() {
        ObjectNode o = Json.MAPPER.createObjectNode().put("openapi", "3.0.3");
        o.putObject("info").put("title", "Garant API").put("version", "0.1.0").put("description",
                "Ceasefire verification and force planning. Every record carries a releasability marking (COALITION or REL TO "
                        + "nations); every read returns only what is releasable to the caller's nation. Errors: "
                        + "{\"error\": ..., \"detail\": ...} with the HTTP status.");
        o.putObject("components").putObject("securitySchemes").putObject("bearer").put("type", "http").put("scheme", "bearer");
        ObjectNode error = ((ObjectNode) o.get("components")).putObject("schemas").putObject("Error").put("type", "object");
        error.putObject("properties").putObject("error").put("type", "string");
        ((ObjectNode) error.get("properties")).putObject("detail").put("type", "string");
        ObjectNode paths = o.putObject("paths");
        for (RouteDoc r : routes) {
            ObjectNode op = (paths.has(r.path()) ? (ObjectNode) paths.get(r.path()) : paths.putObject(r.path())).putObject(r.method());
            op.put("summary", r.summary() + (r.roles() != null && !r.roles().isEmpty() ? " (roles: " + r.roles() + ")" : ""));
            if (r.roles() != null) {
                op.putArray("security").addObject().putArray("bearer");
            }
            ArrayNode params = op.putArray("parameters");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{(\\w+)}").matcher(r.path());
            while (m.find()) {
                params.addObject().put("name", m.group(1)).put("in", "path").put("required", true).putObject("schema").put("type", "string");
            }
            for (String q : r.query()) {
                params.addObject().put("name", q).put("in", "query").put("required", false).putObject("schema").put("type", "string");
            }
            if (r.body()) {
                op.putObject("requestBody").put("required", true).putObject("content").putObject("application/json")
                        .putObject("schema").put("type", "object");
            }
            ObjectNode responses = op.putObject("responses");
            responses.putObject("200").put("description", "OK");
            responses.putObject("400").put("description", "bad input; detail names the field").putObject("content")
                    .putObject("application/json").putObject("schema").put("$ref", "#/components/schemas/Error");
            if (r.roles() != null) {
                responses.putObject("401").put("description", "no valid token");
                responses.putObject("403").put("description", "the role does not allow it");
            }
        }
        return o;
    }

    /** The registered routes (method and path), for tests that walk every read endpoint. */
    public List<String[]> routeTable() {
        List<String[]> out = new ArrayList<>();
        routes.forEach(r -> out.add(new String[] {r.method(), r.path()}));
        return out;
    }
}
