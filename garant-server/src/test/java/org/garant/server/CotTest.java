package org.garant.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.garant.geo.demo.DemoTheatre;
import org.garant.server.cot.Cot;
import org.garant.store.Observations;
import org.garant.store.Releasability;
import org.garant.store.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Cursor-on-Target over real TCP connections on loopback: out to TAK clients by releasability, in as observations, hostile input. */
class CotTest {
    @TempDir
    static Path dir;
    static GarantServer server;

    @BeforeAll
    static void start() {
        server = GarantServer.start(GarantServer.Options.defaults(dir.toString(), 0).withCotPort(0));
        server.store().users().create("test", "fra.monitor", "FRA", EnumSet.of(Role.MONITOR), "fra password");
        server.store().users().create("test", "gbr.official", "GBR", EnumSet.of(Role.OFFICIAL), "gbr password");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A TAK client: a socket, its framer, and what it sends. */
    static final class Tak implements AutoCloseable {
        final Socket socket;
        final OutputStream out;
        final CotService.Framer in;

        Tak() throws IOException {
            this(server.cotPort());
        }

        Tak(int port) throws IOException {
            socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(5000);
            out = socket.getOutputStream();
            in = new CotService.Framer(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        }

        Tak auth(String user, String password) throws IOException {
            return send("<auth><cot username=\"" + user + "\" password=\"" + password + "\"/></auth>");
        }

        Tak send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return this;
        }

        /** The next event, or null when the server closed the connection. */
        Cot.Event next() throws Exception {
            String m = in.next();
            return m == null ? null : Cot.parse(m).event();
        }

        /** Reads until the server closes the connection; false if it stays open for the timeout. */
        boolean closedByServer() throws Exception {
            try {
                while (in.next() != null) {
                    // what was still sent
                }
                return true;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true; // reset
            }
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static String marker(String uid, String type, double lat, double lon, String remarks) {
        Instant now = Instant.now();
        return Cot.xml(new Cot.Event(uid, type, "h-e", now, now, now.plusSeconds(600), lat, lon, Cot.UNKNOWN, 30, Cot.UNKNOWN, "FRA-OP2",
                remarks, List.of()));
    }

    @Test
    void takClientsGetTheSitesThenWhatIsReleasableToThem() throws Exception {
        try (Tak fra = new Tak().auth("fra.monitor", "fra password"); Tak gbr = new Tak().auth("gbr.official", "gbr password")) {
            int sites = DemoTheatre.cities().sites().size();
            for (Tak t : List.of(fra, gbr)) {
                for (int i = 0; i < sites; i++) {
                    Cot.Event e = t.next();
                    assertThat(e.type()).isEqualTo("a-f-G-I");
                    assertThat(e.uid()).startsWith("garant-site-");
                }
            }
            long deadline = System.currentTimeMillis() + 5000;
            while (server.feed().size() < 2 && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            String restricted = "{\"id\":\"E-1\",\"time\":\"2026-05-01T10:00:00Z\",\"lat\":48.1,\"lon\":37.7,\"kind\":\"IMPACT\","
                    + "\"weapon_class\":\"MORTAR\",\"ellipse\":{\"major_m\":30.0,\"minor_m\":10.0,\"orientation_deg\":20.0},\"cep50_m\":15.0,"
                    + "\"sensors\":7,\"detections\":[\"d1\",\"d2\"],\"attribution\":\"OCCUPIED\",\"confidence\":0.97}";
            String coalition = restricted.replace("E-1", "E-2");
            String alert = "{\"id\":\"force_protection:E-2\",\"rule\":\"FORCE_PROTECTION\",\"time\":\"2026-05-01T10:00:00Z\",\"lat\":48.1,"
                    + "\"lon\":37.7,\"side\":\"UKRAINE_HELD\",\"attribution\":\"OCCUPIED\",\"confidence\":0.97,\"site\":\"Kramatorsk\","
                    + "\"site_km\":4.2,\"detail\":\"impact 4.2 km from Kramatorsk\",\"evidence\":[\"E-2\"]}";
            server.feed().publish("event", restricted, Releasability.parse("REL TO FRA"));
            server.feed().publish("event", coalition, Releasability.COALITION);
            server.feed().publish("alert", alert, Releasability.COALITION);

            Cot.Event a = fra.next();
            assertThat(a.uid()).isEqualTo("garant-E-1");
            assertThat(a.type()).isEqualTo("b-d");
            assertThat(a.how()).isEqualTo("m-f");
            assertThat(a.ce()).isCloseTo(2.146 * Math.sqrt((900 + 100) / 2.0), org.assertj.core.data.Offset.offset(0.1));
            assertThat(a.stale()).isAfter(a.start());
            assertThat(a.remarks()).contains("attributed to OCCUPIED").contains("97 %").contains("/api/events/E-1");
            assertThat(fra.next().uid()).isEqualTo("garant-E-2");
            Cot.Event al = fra.next();
            assertThat(al.type()).isEqualTo("b-l");
            assertThat(al.remarks()).startsWith("ALERT FORCE_PROTECTION").contains("Kramatorsk");
            assertThat(al.links()).anyMatch(l -> "garant-E-2".equals(l.uid()) && "p-p".equals(l.relation()));

            // the British client gets the coalition event and the alert, never the REL TO FRA one
            assertThat(gbr.next().uid()).isEqualTo("garant-E-2");
            assertThat(gbr.next().type()).isEqualTo("b-l");
            gbr.socket.setSoTimeout(500);
            try {
                assertThat(gbr.in.next()).as("nothing more for GBR").isNull();
            } catch (SocketTimeoutException expected) {
                // nothing more arrived
            }
        }
    }

    @Test
    void aMonitorsMarkersBecomeObservationsOnceAndCorrectionsWhenMoved() throws Exception {
        try (Tak fra = new Tak().auth("fra.monitor", "fra password")) {
            // its own position first (TAK's self report), then a marker ~3 km to the north-east
            fra.send(marker("ANDROID-fra-1", "a-f-G-U-C", 48.50, 37.50, null));
            fra.send(marker("marker-1", "b-m-p-s-m", 48.52, 37.53, "explosion, one round"));
            Observations.Version v = awaitObservation("cot-marker-1", 1);
            assertThat(v.rel().marking()).isEqualTo("COALITION");
            com.fasterxml.jackson.databind.JsonNode b = Json.tree(v.body());
            assertThat(b.path("lat").asDouble()).isCloseTo(48.50, org.assertj.core.data.Offset.offset(1e-6));
            assertThat(b.path("direction").asDouble()).isBetween(35.0, 55.0);
            assertThat(b.path("what").asText()).isEqualTo("EXPLOSION");
            assertThat(b.path("distance").asText()).matches("\\d\\.\\d\\d–\\d\\.\\d\\d km");
            // the same marker again (TAK re-sends): nothing new; moved: a new version that corrects the first
            String again = marker("marker-1", "b-m-p-s-m", 48.52, 37.53, "explosion, one round");
            fra.send(again);
            fra.send(marker("marker-1", "b-m-p-s-m", 48.53, 37.54, "explosion, one round"));
            Observations.Version v2 = awaitObservation("cot-marker-1", 2);
            assertThat(v2.corrects()).isEqualTo(1);
            assertThat(server.store().observations().history("FRA", "cot-marker-1")).hasSize(2);
        }
    }

    @Test
    void hostileInputIsRejectedAndLoggedAndNothingElseIsLost() throws Exception {
        try (Tak fra = new Tak().auth("fra.monitor", "fra password")) {
            fra.send("<event uid=\"x\" type=\"b-m-p-s-m\"><point lat=\"48\" lon=</event>"); // malformed: rejected, connection kept
            fra.send("<event version=\"2.0\" uid=\"no-time\" type=\"b-m-p-s-m\"><point lat=\"48\" lon=\"37\"/></event>"); // no time
            fra.send(marker("chat-1", "b-t-f", 48.5, 37.5, "hello")); // a type Garant does not take
            fra.send(marker("after-junk", "b-d", 48.40, 37.60, "flare seen")); // still accepted after all that
            Observations.Version v = awaitObservation("cot-after-junk", 1);
            assertThat(Json.tree(v.body()).path("what").asText()).isEqualTo("ILLUMINATION_FLARE");
            // a DTD (here an external entity, XXE) is hostile: refused, and the connection closed
            fra.send("<?xml version=\"1.0\"?><!DOCTYPE event [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><event version=\"2.0\" "
                    + "uid=\"xxe\" type=\"b-m-p-s-m\" time=\"2026-05-01T10:00:00Z\" start=\"2026-05-01T10:00:00Z\" "
                    + "stale=\"2026-05-01T11:00:00Z\"><point lat=\"48\" lon=\"37\"/><detail><remarks>&x;</remarks></detail></event>");
            assertThat(fra.closedByServer()).isTrue();
            assertThat(server.store().observations().history("FRA", "cot-xxe")).isEmpty();
            assertThat(server.store().observations().history("FRA", "cot-chat-1")).isEmpty();
            assertThat(server.store().observations().history("FRA", "cot-x")).isEmpty();
            assertThat(server.store().observations().history("FRA", "cot-no-time")).isEmpty();
        }
        // an official may read but not submit: its marker is refused, its connection kept
        try (Tak gbr = new Tak().auth("gbr.official", "gbr password")) {
            gbr.send(marker("gbr-marker", "b-m-p-s-m", 48.5, 37.5, "explosion"));
            gbr.socket.setSoTimeout(1000);
            assertThat(gbr.closedByServer()).isFalse();
            assertThat(server.store().observations().history("GBR", "cot-gbr-marker")).isEmpty();
        }
        // no auth first, a wrong password, an oversized message, a flood: each closes its connection
        try (Tak t = new Tak()) {
            t.send(marker("m", "b-m-p-s-m", 48.5, 37.5, "x"));
            assertThat(t.closedByServer()).isTrue();
        }
        try (Tak t = new Tak().auth("fra.monitor", "wrong")) {
            assertThat(t.closedByServer()).isTrue();
        }
        try (Tak t = new Tak().auth("fra.monitor", "fra password")) {
            t.send("<event uid=\"big\" type=\"b-d\"><detail><remarks>" + "A".repeat(CotService.MAX_MESSAGE + 10));
            assertThat(t.closedByServer()).isTrue();
        }
        try (Tak t = new Tak().auth("fra.monitor", "fra password")) {
            String self = marker("ANDROID-flood", "a-f-G-U-C", 48.5, 37.5, null);
            StringBuilder flood = new StringBuilder();
            for (int i = 0; i < CotService.BURST + CotService.FLOOD_LIMIT + 100; i++) {
                flood.append(self);
            }
            try {
                t.send(flood.toString());
            } catch (IOException closedWhileSending) {
                // the server may close before it has read everything
            }
            assertThat(t.closedByServer()).isTrue();
        }
        // and the server still serves a well-behaved client
        try (Tak fra = new Tak().auth("fra.monitor", "fra password")) {
            assertThat(fra.next().type()).isEqualTo("a-f-G-I");
        }
    }

    static Observations.Version awaitObservation(String id, int versions) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        List<Observations.Version> h = new ArrayList<>();
        while (System.currentTimeMillis() < deadline) {
            h = server.store().observations().history("FRA", id);
            if (h.size() >= versions) {
                return h.get(h.size() - 1);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("observation " + id + " has " + h.size() + " versions, not " + versions);
    }
}
