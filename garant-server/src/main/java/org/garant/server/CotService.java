package org.garant.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.garant.geo.LatLon;
import org.garant.geo.Site;
import org.garant.geo.TheatreProjection;
import org.garant.server.cot.Cot;
import org.garant.store.Observations;
import org.garant.store.Principal;
import org.garant.store.Releasability;
import org.garant.store.Role;
import org.garant.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cursor-on-Target over TCP for TAK clients (ATAK, WinTAK, iTAK). A client first authenticates as TAK Server's input
 * does, with {@code <auth><cot username="…" password="…"/></auth>}; the session then belongs to that Garant user.
 *
 * <p><b>Out:</b> the garrison sites and the stationed units of the newest plan (friendly ground installations and
 * units, 2525 type strings), then every new event, violation and alert releasable to the user's nation, as they are
 * stored (the live feed's own filter), with {@code ce} from their uncertainty, {@code stale} times, and remarks
 * carrying attribution, confidence and evidence links.
 *
 * <p><b>In:</b> a monitor's markers ({@code b-m-p-s-m} spot markers, {@code b-d…} detections, {@code a-?-X-i}
 * incidents) become observations for review, marked COALITION (with the sender's nation), idempotent by the marker's
 * uid (a changed marker is a correction, a new version). The sender's own position reports ({@code a-f-…} with the
 * session's first uid) place the observer; without one the observation is placed at the marker. Anything else is
 * rejected and logged; the connection is kept. A message over {@link #MAX_MESSAGE} characters, a flood beyond
 * {@link #RATE_PER_S} messages a second (sustained), or no authentication within {@link #AUTH_TIMEOUT_MS} closes
 * the connection; nothing accepted before is lost. Thread-safe.
 */
final class CotService implements AutoCloseable {
    static final int MAX_MESSAGE = 65_536;
    static final int MAX_CLIENTS = 100;
    static final int AUTH_TIMEOUT_MS = 10_000;
    static final double RATE_PER_S = 50;
    static final int BURST = 200;
    /** Dropped messages after which a flooding client is disconnected. */
    static final int FLOOD_LIMIT = 500;
    private static final Logger LOG = LoggerFactory.getLogger(CotService.class);
    private static final Set<Role> SUBMITTERS = EnumSet.of(Role.MONITOR, Role.ADMIN);

    /** 2525 function of each capability, as CoT atoms write it (the UI's milsymbol codes use the same functions). */
    static final Map<String, String> UNIT_TYPES = Map.ofEntries(
            Map.entry("INFANTRY_BATTALION", "a-f-G-U-C-I"), Map.entry("ARMOURED_BATTALION", "a-f-G-U-C-A"),
            Map.entry("AIR_DEFENCE_BATTERY", "a-f-G-U-C-D"), Map.entry("ENGINEER_COMPANY", "a-f-G-U-C-E"),
            Map.entry("ROLE2_MEDICAL", "a-f-G-U-S-M"), Map.entry("LOGISTICS_BATTALION", "a-f-G-U-S-S"),
            Map.entry("ISR_COMPANY", "a-f-G-U-C-R"), Map.entry("HEADQUARTERS", "a-f-G-U-H"),
            Map.entry("MILITARY_POLICE_COMPANY", "a-f-G-U-U-M"), Map.entry("CBRN_COMPANY", "a-f-G-U-U-A"),
            Map.entry("AIR_POLICING_SQUADRON", "a-f-G-U-C-V-F"), Map.entry("MINE_COUNTERMEASURES_GROUP", "a-f-G-U-C-E"));

    private final GarantServer server;
    private final LiveFeed feed;
    private final ServerSocket listener;
    private final ExecutorService sessions = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "garant-cot-session");
        t.setDaemon(true);
        return t;
    });
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger clients = new AtomicInteger();
    private final Counter accepted;
    private final Counter rejected;
    private final Counter dropped;
    private final Counter sent;
    private volatile boolean running = true;

    CotService(GarantServer server, LiveFeed feed, String bind, int port, MeterRegistry metrics) throws IOException {
        this.server = server;
        this.feed = feed;
        this.listener = new ServerSocket(port, 50, InetAddress.getByName(bind));
        this.accepted = metrics.counter("garant_cot_in_messages", "result", "accepted");
        this.rejected = metrics.counter("garant_cot_in_messages", "result", "rejected");
        this.dropped = metrics.counter("garant_cot_in_messages", "result", "dropped");
        this.sent = metrics.counter("garant_cot_out_messages");
        metrics.gauge("garant_cot_clients", clients);
        Thread t = new Thread(this::accept, "garant-cot-listener");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (running) {
            try {
                Socket s = listener.accept();
                if (clients.get() >= MAX_CLIENTS) {
                    LOG.warn("CoT: refused {}: {} clients already connected", s.getRemoteSocketAddress(), MAX_CLIENTS);
                    s.close();
                    continue;
                }
                open.add(s);
                clients.incrementAndGet();
                sessions.execute(() -> {
                    try (s) {
                        new Session(s).run();
                    } catch (IOException | RuntimeException e) {
                        if (running) {
                            LOG.info("CoT: {} ended: {}", s.getRemoteSocketAddress(), e.toString());
                        }
                    } finally {
                        open.remove(s);
                        clients.decrementAndGet();
                    }
                });
            } catch (IOException e) {
                if (running) {
                    LOG.warn("CoT: accept failed: {}", e.toString());
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
        sessions.shutdownNow();
    }

    // ------------------------------------------------------------------------------------------- one connection

    private final class Session implements LiveFeed.Sink {
        private final Socket socket;
        private final OutputStream out;
        private Principal principal;
        private String selfUid;
        private LatLon self;
        private volatile boolean closed;
        private double tokens = BURST;
        private long lastRefill = System.nanoTime();
        private int droppedHere;

        Session(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
        }

        void run() throws IOException {
            socket.setSoTimeout(AUTH_TIMEOUT_MS);
            Reader in = new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8);
            Framer framer = new Framer(in);
            Runnable unsubscribe = null;
            try {
                while (running && !closed) {
                    String text;
                    try {
                        text = framer.next();
                    } catch (SocketTimeoutException e) {
                        if (principal == null) {
                            LOG.warn("CoT: {} sent no <auth> within {} ms; closed", socket.getRemoteSocketAddress(), AUTH_TIMEOUT_MS);
                            return;
                        }
                        continue;
                    } catch (Framer.FrameException e) {
                        rejected.increment();
                        LOG.warn("CoT: {} ({}): {}; closed", socket.getRemoteSocketAddress(), who(), e.getMessage());
                        return;
                    }
                    if (text == null) {
                        return; // the client closed
                    }
                    if (!allow()) {
                        dropped.increment();
                        if (++droppedHere == 1 || droppedHere % 100 == 0) {
                            LOG.warn("CoT: {} ({}) sends faster than {} messages/s: {} dropped", socket.getRemoteSocketAddress(), who(),
                                    (int) RATE_PER_S, droppedHere);
                        }
                        if (droppedHere >= FLOOD_LIMIT) {
                            LOG.warn("CoT: {} ({}) flooded ({} dropped); closed", socket.getRemoteSocketAddress(), who(), droppedHere);
                            return;
                        }
                        continue;
                    }
                    Cot.Message m;
                    try {
                        m = Cot.parse(text);
                    } catch (Cot.CotException e) {
                        rejected.increment();
                        LOG.warn("CoT: {} ({}): rejected: {}", socket.getRemoteSocketAddress(), who(), e.getMessage());
                        continue;
                    }
                    if (principal == null) {
                        if (m.auth() == null) {
                            rejected.increment();
                            LOG.warn("CoT: {}: the first message must be <auth><cot username=… password=…/></auth>; closed",
                                    socket.getRemoteSocketAddress());
                            return;
                        }
                        Optional<Principal> p = server.store().users().checkPassword(m.auth().username(), m.auth().password());
                        if (p.isEmpty()) {
                            rejected.increment();
                            LOG.warn("CoT: {}: wrong name or password for '{}'; closed", socket.getRemoteSocketAddress(), m.auth().username());
                            return;
                        }
                        principal = p.get();
                        socket.setSoTimeout(0);
                        LOG.info("CoT: {} is {} ({})", socket.getRemoteSocketAddress(), principal.name(), principal.nation());
                        snapshot();
                        unsubscribe = feed.subscribe(this, principal);
                        continue;
                    }
                    if (m.event() == null) {
                        rejected.increment();
                        LOG.warn("CoT: {} ({}): a second <auth> ignored", socket.getRemoteSocketAddress(), who());
                        continue;
                    }
                    receive(m.event());
                }
            } finally {
                closed = true;
                if (unsubscribe != null) {
                    unsubscribe.run();
                }
            }
        }

        private String who() {
            return principal == null ? "not authenticated" : principal.name();
        }

        /** Token bucket: {@link #RATE_PER_S} a second, bursts of {@link #BURST}. */
        private boolean allow() {
            long now = System.nanoTime();
            tokens = Math.min(BURST, tokens + (now - lastRefill) / 1e9 * RATE_PER_S);
            lastRefill = now;
            if (tokens >= 1) {
                tokens -= 1;
                return true;
            }
            return false;
        }

        private void receive(Cot.Event e) {
            String type = e.type();
            if (type.startsWith("a-f-")) {
                if (selfUid == null) {
                    selfUid = e.uid();
                }
                if (e.uid().equals(selfUid)) {
                    self = new LatLon(e.lat(), e.lon());
                    accepted.increment();
                    return;
                }
            }
            boolean marker = type.equals("b-m-p-s-m") || type.equals("b-d") || type.startsWith("b-d-") || type.matches("a-[a-z.]-X-i");
            if (!marker) {
                rejected.increment();
                LOG.warn("CoT: {} ({}): type '{}' is not taken (observations come as b-m-p-s-m, b-d or a-?-X-i markers); uid {}",
                        socket.getRemoteSocketAddress(), who(), type, e.uid());
                return;
            }
            if (principal.roles().stream().noneMatch(SUBMITTERS::contains)) {
                rejected.increment();
                LOG.warn("CoT: {} ({}, {}) may not submit observations (it needs MONITOR); marker {} rejected",
                        socket.getRemoteSocketAddress(), who(), principal.roles(), e.uid());
                return;
            }
            try {
                ObjectNode o = observation(e);
                List<Observations.Version> h = server.store().observations().history(principal.nation(), o.path("id").asText());
                if (!h.isEmpty() && sameSighting(Json.tree(h.get(h.size() - 1).body()), o)) {
                    accepted.increment(); // TAK re-sends markers with new times: the same sighting, nothing new
                    return;
                }
                Observations.Row row = server.observationRow(o, "cot " + e.uid(), Releasability.COALITION.withOriginator(principal.nation()));
                Observations.Submitted s = server.store().observations().submit(principal.name(), List.of(row));
                accepted.increment();
                LOG.info("CoT: {} ({}): marker {} → observation {} ({})", socket.getRemoteSocketAddress(), who(), e.uid(), row.id(),
                        s.stored().isEmpty() ? "already stored" : "stored");
            } catch (StoreException x) {
                if (x.kind() == StoreException.Kind.CONFLICT) { // the marker moved or changed: a correction, a new version
                    Observations.Row row = server.observationRow(observation(e), "cot " + e.uid(),
                            Releasability.COALITION.withOriginator(principal.nation()));
                    server.store().observations().correct(principal.name(), row);
                    accepted.increment();
                    LOG.info("CoT: {} ({}): marker {} changed → new version of observation {}", socket.getRemoteSocketAddress(), who(),
                            e.uid(), row.id());
                } else {
                    rejected.increment();
                    LOG.warn("CoT: {} ({}): marker {} rejected: {}", socket.getRemoteSocketAddress(), who(), e.uid(), x.getMessage());
                }
            } catch (ApiError x) {
                rejected.increment();
                LOG.warn("CoT: {} ({}): marker {} rejected: {}", socket.getRemoteSocketAddress(), who(), e.uid(), x.getMessage());
            }
        }

        /** The same place, kind and words (the time of a re-sent marker does not make a new sighting). */
        private static boolean sameSighting(JsonNode stored, ObjectNode o) {
            for (String f : List.of("lat", "lon", "what", "direction", "distance", "text")) {
                if (!stored.path(f).asText().equals(o.path(f).asText())) {
                    return false;
                }
            }
            return true;
        }

        /** A marker as an observation: seen from the sender's position if known (within 50 km), else at the marker. */
        private ObjectNode observation(Cot.Event e) {
            double errKm = e.ce() < Cot.UNKNOWN ? Math.max(0.05, e.ce() / 1000) : 0.25;
            double[] m = new double[2];
            TheatreProjection.forward(e.lon(), e.lat(), m);
            LatLon observer;
            double bearing;
            double near;
            double far;
            double[] o = new double[2];
            if (self != null) {
                TheatreProjection.forward(self.lon(), self.lat(), o);
            }
            double km = self == null ? Double.NaN : Math.hypot(m[0] - o[0], m[1] - o[1]) / 1000;
            if (self != null && km > 0.05 && km <= 49) {
                observer = self;
                bearing = (Math.toDegrees(Math.atan2(m[0] - o[0], m[1] - o[1])) + 360) % 360;
                near = Math.max(0, km - errKm);
                far = Math.min(50, km + errKm);
            } else { // the observer 'errKm' south of the marker, looking north: the observation lands on the marker
                double[] ll = new double[2];
                TheatreProjection.inverse(m[0], m[1] - errKm * 1000, ll);
                observer = new LatLon(ll[1], ll[0]);
                bearing = 0;
                near = 0;
                far = 2 * errKm;
            }
            Instant t = e.time();
            String text = (e.callsign() == null ? "" : e.callsign() + ": ") + (e.remarks() == null ? "" : e.remarks());
            String lower = text.toLowerCase(Locale.ROOT);
            String what = lower.contains("flare") ? "ILLUMINATION_FLARE" : lower.contains("shot") || lower.contains("small arms") ? "SHOTS"
                    : lower.contains("burst") ? "BURST" : lower.contains("flash") ? "MUZZLE_FLASH" : "EXPLOSION";
            String id = "cot-" + e.uid().replaceAll("[^A-Za-z0-9._:-]", "_");
            return Json.MAPPER.createObjectNode().put("id", id.length() > 128 ? id.substring(0, 128) : id)
                    .put("lat", Math.round(observer.lat() * 1e6) / 1e6).put("lon", Math.round(observer.lon() * 1e6) / 1e6)
                    .put("from", t.minusSeconds(60).toString()).put("to", t.plusSeconds(60).toString()).put("what", what).put("count", 1)
                    .put("direction", Math.round(bearing * 10) / 10.0 % 360)
                    .put("distance", String.format(Locale.ROOT, "%.2f–%.2f km", near, far))
                    .put("text", ("TAK marker " + e.uid() + " (" + e.type() + "). " + text).trim());
        }

        /** The sites and the newest plan's units, as friendly ground installations and units. */
        private void snapshot() {
            Instant now = Instant.now();
            for (Site s : server.sites()) {
                write(new Cot.Event("garant-site-" + s.name(), "a-f-G-I", "h-e", now, now, now.plusSeconds(86_400), s.position().lat(),
                        s.position().lon(), Cot.UNKNOWN, 100, Cot.UNKNOWN, s.name(), "Garrison site " + s.name() + " (" + s.oblast() + ")",
                        List.of()));
            }
            for (GarantServer.StationedUnit u : server.stationedUnits(principal.nation())) {
                write(new Cot.Event("garant-unit-" + u.pledge(), UNIT_TYPES.getOrDefault(u.capability(), "a-f-G-U"), "h-e", now, now,
                        now.plusSeconds(86_400), u.lat(), u.lon(), Cot.UNKNOWN, 1000, Cot.UNKNOWN, u.nation() + " " + u.unit(),
                        u.unit() + " (" + u.nation() + ", " + u.capability() + ") at " + u.site() + " — plan " + u.plan(), List.of()));
            }
        }

        @Override
        public void send(String type, String json) {
            Cot.Event e;
            try {
                e = cotOf(type, Json.tree(json));
            } catch (RuntimeException x) { // a record CoT cannot carry is skipped, the session goes on
                LOG.warn("CoT: a {} could not be written as CoT: {}", type, x.toString());
                return;
            }
            write(e);
        }

        private synchronized void write(Cot.Event e) {
            if (closed) {
                return;
            }
            try {
                out.write(Cot.xml(e).getBytes(StandardCharsets.UTF_8));
                out.write('\n');
                out.flush();
                sent.increment();
            } catch (IOException x) {
                closed = true;
                throw new IllegalStateException(x);
            }
        }

        @Override
        public boolean closed() {
            return closed;
        }

        @Override
        public void close() {
            closed = true;
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    /**
     * An event, violation or alert (its stored JSON) as CoT: events are {@code b-d} (detection), violations {@code b-d}
     * too with the rule in the remarks, alerts {@code b-l} (alarm); {@code ce} is the radius holding 90 % of the position
     * error (2.146 × the root-mean-square of the ellipse's 1σ axes), stale after an hour (events) or a day.
     */
    static Cot.Event cotOf(String type, JsonNode b) {
        Instant t = Instant.parse(b.path("time").asText());
        Instant now = Instant.now();
        Instant start = t.isAfter(now) ? t : now;
        String id = b.path("id").asText();
        List<Cot.Link> links = new ArrayList<>();
        if (type.equals("event")) {
            double major = b.path("ellipse").path("major_m").asDouble(Double.NaN);
            double minor = b.path("ellipse").path("minor_m").asDouble(Double.NaN);
            double ce = Double.isNaN(major) ? Cot.UNKNOWN : Math.round(2.146 * Math.sqrt((major * major + minor * minor) / 2) * 10) / 10.0;
            links.add(new Cot.Link(null, null, null, "/api/events/" + id));
            if (!b.path("paired_with").isMissingNode()) {
                links.add(new Cot.Link("garant-" + b.path("paired_with").asText(), "b-d", "r-p", null));
            }
            String remarks = String.format(Locale.ROOT, "%s%s at %s; %s%s; CEP50 %.0f m from %d sensors. Evidence: /api/events/%s",
                    b.path("kind").asText(), b.has("weapon_class") ? " (" + b.path("weapon_class").asText() + ")" : "", t,
                    b.has("attribution") ? "attributed to " + b.path("attribution").asText() : "not attributed",
                    b.has("confidence") ? String.format(Locale.ROOT, " (confidence %.0f %%)", 100 * b.path("confidence").asDouble()) : "",
                    b.path("cep50_m").asDouble(), b.path("sensors").asInt(), id);
            return new Cot.Event("garant-" + id, "b-d", "m-f", now, start, start.plusSeconds(3600), b.path("lat").asDouble(),
                    b.path("lon").asDouble(), Cot.UNKNOWN, ce, Cot.UNKNOWN, "Garant " + b.path("kind").asText().toLowerCase(Locale.ROOT),
                    remarks, links);
        }
        for (JsonNode e : b.path("evidence")) {
            links.add(new Cot.Link("garant-" + e.asText(), "b-d", "p-p", null));
        }
        String remarks = String.format(Locale.ROOT, "%s%s: %s. %s, attributed to %s (confidence %.0f %%)%s. Spot report: /api/reports/spot/%s",
                type.equals("alert") ? "ALERT " : "", b.path("rule").asText(), b.path("detail").asText(), b.path("side").asText(),
                b.path("attribution").asText(), 100 * b.path("confidence").asDouble(),
                b.has("site") ? ", " + b.path("site_km").asDouble() + " km from " + b.path("site").asText() : "", id);
        return new Cot.Event("garant-" + id, type.equals("alert") ? "b-l" : "b-d", "m-f", now, start, start.plusSeconds(86_400),
                b.path("lat").asDouble(), b.path("lon").asDouble(), Cot.UNKNOWN, Cot.UNKNOWN, Cot.UNKNOWN,
                (type.equals("alert") ? "Garant alert " : "Garant violation ") + b.path("rule").asText(), remarks, links);
    }

    // ------------------------------------------------------------------------------------------- framing

    /** Splits a TCP stream into CoT messages: XML documents one after another, each an {@code <event>} or {@code <auth>}. */
    static final class Framer {
        static final class FrameException extends Exception {
            FrameException(String message) {
                super(message);
            }
        }

        private final Reader in;
        private final StringBuilder buf = new StringBuilder();
        private final char[] chunk = new char[8192];

        Framer(Reader in) {
            this.in = in;
        }

        /** The next message, or null at the end of the stream; FrameException for text that cannot be framed. */
        String next() throws IOException, FrameException {
            while (true) {
                String m = cut();
                if (m != null) {
                    return m;
                }
                if (buf.length() > MAX_MESSAGE) {
                    throw new FrameException("a message longer than " + MAX_MESSAGE + " characters");
                }
                int n = in.read(chunk);
                if (n < 0) {
                    return null;
                }
                buf.append(chunk, 0, n);
            }
        }

        private String cut() throws FrameException {
            while (true) {
                int i = 0;
                while (i < buf.length() && Character.isWhitespace(buf.charAt(i))) {
                    i++;
                }
                buf.delete(0, i);
                if (buf.length() == 0) {
                    return null;
                }
                if (buf.charAt(0) != '<') {
                    throw new FrameException("text outside any element: '" + preview() + "'");
                }
                if (buf.length() < 2) {
                    return null;
                }
                if (buf.charAt(1) == '?') { // an XML declaration before a message
                    int end = buf.indexOf("?>");
                    if (end < 0) {
                        return null;
                    }
                    buf.delete(0, end + 2);
                    continue;
                }
                int j = 1;
                while (j < buf.length() && (Character.isLetterOrDigit(buf.charAt(j)) || buf.charAt(j) == '_' || buf.charAt(j) == ':')) {
                    j++;
                }
                if (j == buf.length()) {
                    return null;
                }
                if (j == 1) {
                    throw new FrameException(buf.charAt(1) == '!' ? "a DTD or other declaration is not allowed ('" + preview() + "')"
                            : "'" + preview() + "' does not start an element");
                }
                String name = buf.substring(1, j);
                int gt = buf.indexOf(">", j);
                if (gt < 0) {
                    return null;
                }
                int end;
                if (buf.charAt(gt - 1) == '/') {
                    end = gt + 1;
                } else {
                    int close = buf.indexOf("</" + name + ">", gt);
                    if (close < 0) {
                        return null;
                    }
                    end = close + name.length() + 3;
                }
                String m = buf.substring(0, end);
                buf.delete(0, end);
                return m;
            }
        }

        private String preview() {
            String p = buf.substring(0, Math.min(30, buf.length())).replaceAll("\\p{Cntrl}", "?");
            return p;
        }
    }
}
