package org.garant.app;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.garant.geo.Theatre;
import org.garant.geo.demo.DemoTheatre;
import org.garant.monitor.simulate.Intensity;
import org.garant.server.GarantServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Show all of Garant working: the server on 127.0.0.1 with the embedded store, the demo theatre and",
                "coalition, demo users of three nations, and a simulated monitored ceasefire fed live (accelerated) into the",
                "ingest API, so that events, violations and alerts appear on the map as they happen. Open the printed URL.",
                "Ctrl-C stops it cleanly; starting it again resumes from the stored data."})
final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--db", defaultValue = "garant-data", paramLabel = "DIR|URL", description = "the store (default: ${DEFAULT-VALUE})")
    String db;

    @Option(names = "--port", defaultValue = "8080", description = "TCP port (0 picks a free one; default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--cot-port", defaultValue = "-1", paramLabel = "N",
            description = "also serve Cursor-on-Target to TAK clients on this TCP port (e.g. 8087; default: off)")
    int cotPort;

    @Option(names = "--scenario", defaultValue = "tense", description = "quiet, tense, peak or war (default: ${DEFAULT-VALUE})")
    String scenario;

    @Option(names = "--speed", defaultValue = "60", description = "simulated seconds per real second (default: ${DEFAULT-VALUE})")
    double speed;

    @Option(names = "--seed", defaultValue = "7", description = "simulator seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--minutes", defaultValue = "0", description = "stop after this many minutes (default: run until Ctrl-C)")
    double minutes;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("--port " + port + " is not a TCP port (0–65535)");
        }
        if (!(speed > 0 && speed <= 10_000)) {
            throw new IllegalArgumentException("--speed " + speed + " must be in (0, 10000]");
        }
        Intensity intensity = Intensity.parse(scenario);
        PrintWriter out = spec.commandLine().getOut();
        Theatre t = DemoTheatre.theatre();
        out.printf(Locale.ROOT, "Garant demo: the demo theatre (contact line %.0f km, occupied %,.0f km², %d garrison sites)%n",
                t.contactLineKm(), t.occupiedKm2(), DemoTheatre.cities().sites().size());
        out.flush();
        GarantServer server = GarantServer.start(GarantServer.Options.defaults(db, port).withCotPort(cotPort));
        LiveDemo demo = new LiveDemo(server, t, intensity, speed, seed);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            demo.close();
            server.close();
            stopped.countDown();
        }, "garant-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        demo.prepare();
        Instant start = demo.resumeAt();
        demo.start(start);
        out.printf(Locale.ROOT, "Store: %s%n", server.store().url());
        out.printf(Locale.ROOT, "Simulating a %s ceasefire from %s at %.0f× real time, %d sensors along the line%n",
                intensity.name().toLowerCase(Locale.ROOT), start, speed, demo.sensors());
        out.println("Demo logins (name / password, nation, roles):");
        for (LiveDemo.Login l : LiveDemo.LOGINS) {
            out.printf(Locale.ROOT, "  %-12s / %-9s %s %s%n", l.name(), l.password(), l.nation(), l.roles());
        }
        out.printf(Locale.ROOT, "Sensors west of %.1f°E and every third observation are %s: gbr.planner does not see them.%n",
                LiveDemo.RESTRICTED_WEST_OF_LON, LiveDemo.RESTRICTED);
        if (server.cotPort() >= 0) {
            out.printf(Locale.ROOT, "TAK clients: Cursor-on-Target on tcp://127.0.0.1:%d (authenticate with a demo login)%n", server.cotPort());
        }
        out.printf(Locale.ROOT, "%nOpen http://127.0.0.1:%d/  (Ctrl-C stops)%n", server.port());
        out.flush();
        if (minutes > 0) {
            if (!stopped.await((long) (minutes * 60_000), TimeUnit.MILLISECONDS)) {
                Runtime.getRuntime().removeShutdownHook(hook);
                hook.run();
            }
            out.printf(Locale.ROOT, "Stopped after %.1f min: %,d detections and %,d observations sent%n", minutes, demo.detectionsSent(),
                    demo.observationsSent());
            out.flush();
            return 0;
        }
        stopped.await();
        return 0;
    }
}
