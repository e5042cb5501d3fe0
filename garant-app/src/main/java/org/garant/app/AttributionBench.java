package org.garant.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.garant.geo.LatLon;
import org.garant.geo.Side;
import org.garant.geo.Theatre;
import org.garant.geo.TheatreProjection;
import org.garant.geo.demo.DemoTheatre;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.KindHint;
import org.garant.monitor.sense.Sensor;
import org.garant.monitor.simulate.FireSimulator;
import org.garant.monitor.simulate.Intensity;
import org.garant.monitor.simulate.SensorNetwork;
import org.garant.monitor.simulate.TruthRecord;
import org.garant.monitor.verify.Attribution;
import org.garant.monitor.verify.Attributor;
import org.garant.monitor.verify.Observation;
import org.garant.monitor.verify.Reliability;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "attribution", mixinStandardHelpOptions = true,
        description = {"Calibration of attribution: monitors' observations of the simulated launches of a peak day",
                "(observer 1-8 km away, bearing error sigma 5 degrees, 3 km distance bands) are attributed, and the",
                "reliability table compares confidence with the share attributed right."})
final class AttributionBench implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--observers", defaultValue = "8", description = "observations per launch (default: ${DEFAULT-VALUE})")
    int observers;

    @Option(names = "--seed", defaultValue = "5")
    long seed;

    @Option(names = "--gaussian", description = "attribute with the Gaussian approximation Φ(d/σn) instead of the observation's own model")
    boolean gaussian;

    @Option(names = "--json", description = "print only the JSON line")
    boolean json;

    @Override
    public Integer call() {
        Theatre t = DemoTheatre.theatre();
        List<Sensor> sensors = SensorNetwork.place(t, SensorNetwork.Options.defaults());
        List<TruthRecord> truth = new ArrayList<>();
        FireSimulator sim = new FireSimulator(t, sensors, Intensity.PEAK, 24, 7, Instant.parse("2026-05-01T00:00:00Z"), 10, truth::add);
        sim.forEachRemaining(d -> { });
        Attributor attributor = new Attributor(t, 0.5);
        Reliability rel = new Reliability();
        SplittableRandom rnd = new SplittableRandom(seed);
        long n = 0;
        long right = 0;
        double[] ll = new double[2];
        for (TruthRecord tr : truth) {
            if (tr.kind() != KindHint.LAUNCH) {
                continue;
            }
            for (int k = 0; k < observers; k++) {
                double dist = 1_000 + rnd.nextDouble() * 7_000;
                double az = rnd.nextDouble() * 2 * Math.PI;
                double ox = tr.x() - Math.sin(az) * dist;
                double oy = tr.y() - Math.cos(az) * dist;
                TheatreProjection.inverse(ox, oy, ll);
                double bearing = (Math.toDegrees(az) + 5 * rnd.nextGaussian() + 720) % 360;
                double lo = Math.floor(dist / 1000 - rnd.nextDouble() * 3);   // a 3 km band holding the true distance
                lo = Math.max(0, lo);
                Observation o = new Observation("o" + n, new LatLon(ll[1], ll[0]), tr.timeNs(), tr.timeNs(),
                        Observation.What.MUZZLE_FLASH, 1, bearing, 5, lo, lo + 3, Observation.Heading.OUTGOING, "", "",
                        Observation.Review.VERIFIED, "bench", "");
                Attribution a;
                if (gaussian) {
                    Event e = o.toEvent();
                    a = attributor.attribute(e.x(), e.y(), e.cxx(), e.cxy(), e.cyy());
                } else {
                    a = attributor.attribute(o);
                }
                if (!a.determined()) {
                    continue;
                }
                n++;
                boolean ok = a.side() == tr.side();
                if (ok) {
                    right++;
                }
                rel.add(a.confidence(), ok);
            }
        }
        ObjectNode out = Json.object();
        out.put("benchmark", "attribution");
        out.put("model", gaussian ? "gaussian" : "observation");
        out.put("observations", n);
        out.put("accuracy", Json.round(right / (double) n, 4));
        ArrayNode table = out.putArray("reliability");
        double worst = 0;
        for (Reliability.Bin b : rel.bins()) {
            if (b.count() == 0) {
                continue;
            }
            ObjectNode bn = table.addObject();
            bn.put("from", b.from());
            bn.put("to", b.to());
            bn.put("count", b.count());
            bn.put("mean_confidence", Json.round(b.meanConfidence(), 4));
            bn.put("accuracy", Json.round(b.accuracy(), 4));
            if (b.count() >= 200) {
                worst = Math.max(worst, Math.abs(b.accuracy() - b.meanConfidence()));
            }
        }
        out.put("max_bin_gap_points", Json.round(100 * worst, 2));
        spec.commandLine().getOut().println(Json.line(out));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
