package org.garant.app;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.garant.geo.io.GeoJson;
import org.garant.geo.io.NaturalEarthOutline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "outline", mixinStandardHelpOptions = true,
        description = {"Derive Ukraine's outline (Crimea included) and its neighbours from Natural Earth countries",
                "TopoJSON (the world-atlas package's countries-50m.json). Used by tools/derive-outline."})
final class OutlineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--topojson", required = true, paramLabel = "FILE", description = "world-atlas countries-50m.json")
    Path topojson;

    @Option(names = "--out", required = true, paramLabel = "FILE.geojson")
    Path out;

    @Override
    public Integer call() {
        NaturalEarthOutline.Outlines o = NaturalEarthOutline.derive(topojson);
        GeoJson.write(out, NaturalEarthOutline.features(o));
        spec.commandLine().getOut().printf("wrote %s: Ukraine and %d neighbours%n", out, o.neighbours().size());
        return 0;
    }
}
