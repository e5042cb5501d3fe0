package org.garant.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.garant.geo.DerivationOptions;
import org.garant.geo.Theatre;
import org.garant.geo.demo.DemoTheatre;
import org.garant.geo.io.OccupationImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks that print one JSON line of figures.",
        subcommands = {BenchCommand.TheatreBench.class, FusionBench.class, LocalizeBench.class, ReportBench.class,
                AttributionBench.class, PlanBench.class, ServerBench.class, FlinkBench.class})
final class BenchCommand {

    @Command(name = "theatre", mixinStandardHelpOptions = true,
            description = {"Side-and-distance queries per second against the contact line derived from a real",
                    "DeepStateMap file (default: ../shared/data/deepstate-daily/deepstatemap_data_20260101.geojson",
                    "when present, else the demo theatre), single thread and all cores."})
    static final class TheatreBench implements Callable<Integer> {
        static final String DEFAULT_FILE = "shared/data/deepstate-daily/deepstatemap_data_20260101.geojson";

        @Spec
        CommandSpec spec;

        @Option(names = "--occupied", paramLabel = "FILE", description = "DeepStateMap daily file (occupied polygons)")
        Path occupied;

        @Option(names = "--points", defaultValue = "1000000", description = "random query points (default: ${DEFAULT-VALUE})")
        int points;

        @Option(names = "--seconds", defaultValue = "3", description = "measured seconds per phase (default: ${DEFAULT-VALUE})")
        double seconds;

        @Option(names = "--seed", defaultValue = "42")
        long seed;

        @Option(names = "--json", description = "print only the JSON line")
        boolean json;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            Path file = occupied != null ? occupied : findSharedFile();
            long t0 = System.nanoTime();
            Theatre t = file == null ? DemoTheatre.theatre()
                    : Theatre.build(DemoTheatre.ukraine(), OccupationImport.occupiedPolygons(file), DerivationOptions.DEFAULT);
            double buildS = (System.nanoTime() - t0) / 1e9;
            err.printf(Locale.ROOT, "theatre %s: contact line %.0f km, built in %.2f s%n",
                    file == null ? "demo" : file.getFileName(), t.contactLineKm(), buildS);
            // query points: uniform over Ukraine's bounding box (lon 22.1-40.3, lat 44.3-52.4), seeded
            SplittableRandom rnd = new SplittableRandom(seed);
            double[] lat = new double[points];
            double[] lon = new double[points];
            for (int i = 0; i < points; i++) {
                lat[i] = 44.3 + rnd.nextDouble() * 8.1;
                lon[i] = 22.1 + rnd.nextDouble() * 18.2;
            }
            err.println("warming up (every grid cell the points touch is prepared once) ...");
            run(t, lat, lon, 0, points, Math.max(1.0, seconds / 2));
            err.flush();
            double single = run(t, lat, lon, 0, points, seconds);
            int threads = Runtime.getRuntime().availableProcessors();
            double all = runParallel(t, lat, lon, threads, seconds);
            ObjectNode o = Json.object();
            o.put("benchmark", "theatre");
            o.put("theatre", file == null ? "demo" : file.getFileName().toString());
            o.put("contact_line_km", Json.round(t.contactLineKm(), 1));
            o.put("points", points);
            o.put("threads", threads);
            o.put("queries_per_s_single_thread", Math.round(single));
            o.put("queries_per_s", Math.round(all));
            o.put("queries_per_s_per_core", Math.round(all / threads));
            o.put("theatre_build_s", Json.round(buildS, 2));
            if (!json) {
                out.printf(Locale.ROOT, "single thread: %,.0f queries/s; %d threads: %,.0f queries/s (%,.0f per core)%n",
                        single, threads, all, all / threads);
            }
            out.println(Json.line(o));
            out.flush();
            return 0;
        }

        /** Queries per second of one thread cycling over points [from, to) for about {@code secs}. */
        static double run(Theatre t, double[] lat, double[] lon, int from, int to, double secs) {
            long deadline = System.nanoTime() + (long) (secs * 1e9);
            long n = 0;
            double sink = 0;
            long start = System.nanoTime();
            while (System.nanoTime() < deadline) {
                for (int i = from; i < to; i++) {
                    sink += t.locate(lat[i], lon[i]).distanceM();
                }
                n += to - from;
            }
            double elapsed = (System.nanoTime() - start) / 1e9;
            if (sink == 42.4242) {
                System.err.print("");
            }
            return n / elapsed;
        }

        static double runParallel(Theatre t, double[] lat, double[] lon, int threads, double secs) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Double>> fs = new ArrayList<>();
                int chunk = lat.length / threads;
                for (int k = 0; k < threads; k++) {
                    int from = k * chunk;
                    int to = k == threads - 1 ? lat.length : from + chunk;
                    fs.add(pool.submit(() -> run(t, lat, lon, from, to, secs)));
                }
                double total = 0;
                for (Future<Double> f : fs) {
                    total += f.get();
                }
                return total;
            } finally {
                pool.shutdown();
            }
        }

        /** The default real DeepState file, looked for beside the repository (../shared/data) and above. */
        static Path findSharedFile() {
            List<Path> bases = new ArrayList<>();
            String home = System.getProperty("garant.home");
            if (home != null) {
                bases.add(Path.of(home).toAbsolutePath().getParent());
            }
            Path cwd = Path.of("").toAbsolutePath();
            for (Path p = cwd; p != null; p = p.getParent()) {
                bases.add(p);
            }
            for (Path b : bases) {
                if (b != null && Files.isRegularFile(b.resolve(DEFAULT_FILE))) {
                    return b.resolve(DEFAULT_FILE);
                }
            }
            return null;
        }
    }
}
