package org.garant.app;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.garant.geo.DerivationOptions;
import org.garant.geo.GeoInputException;
import org.garant.geo.Occupation;
import org.garant.geo.Theatre;
import org.garant.geo.demo.DemoTheatre;
import org.garant.geo.io.GeoFeature;
import org.garant.geo.io.GeoJson;
import org.garant.geo.io.OccupationImport;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Polygonal;
import org.locationtech.jts.operation.union.UnaryUnionOp;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** The options that choose a theatre: a source of occupation (or the demo theatre), the border, the date. */
final class TheatreSource {
    static final class Input {
        @Option(names = {"--occupied", "--theatre"}, paramLabel = "FILE",
                description = "GeoJSON polygons of occupied territory, e.g. a DeepStateMap daily file (--theatre is the same)")
        Path occupied;
        @Option(names = "--raw", paramLabel = "FILE", description = "a raw DeepStateMap export (named polygons)")
        Path raw;
        @Option(names = "--line", paramLabel = "FILE", description = "the contact line itself, as GeoJSON or KML lines")
        Path line;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Input input;

    @Option(names = "--border", paramLabel = "FILE",
            description = "GeoJSON polygon of Ukraine's outline (default: the built-in Natural Earth outline with Crimea)")
    Path border;

    @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "the date the picture is valid for (default: from the file name)")
    String date;

    @Option(names = "--tolerance-km", paramLabel = "KM", defaultValue = "3",
            description = "boundary within this distance of the border or coast is not contact line (default: ${DEFAULT-VALUE})")
    double toleranceKm;

    @Option(names = "--min-part-km", paramLabel = "KM", defaultValue = "3",
            description = "line parts shorter than this are removed as slivers (default: ${DEFAULT-VALUE})")
    double minPartKm;

    @Option(names = "--gap-closing-m", paramLabel = "M", defaultValue = "100",
            description = "close hairline gaps narrower than twice this between occupied polygons (default: ${DEFAULT-VALUE})")
    double gapClosingM;

    boolean isDemo() {
        return input == null && border == null;
    }

    Theatre load() {
        LocalDate d = null;
        if (date != null) {
            try {
                d = LocalDate.parse(date);
            } catch (DateTimeParseException e) {
                throw new GeoInputException("--date", "'" + date + "' is not a date YYYY-MM-DD");
            }
        }
        if (isDemo() && d == null && new DerivationOptions(toleranceKm, minPartKm, gapClosingM, 25).equals(DerivationOptions.DEFAULT)) {
            return DemoTheatre.theatre();
        }
        Occupation occ;
        if (input == null) {
            occ = DemoTheatre.contactLine();
        } else if (input.occupied != null) {
            occ = OccupationImport.occupiedPolygons(input.occupied);
        } else if (input.raw != null) {
            occ = OccupationImport.deepStateRaw(input.raw);
        } else {
            occ = OccupationImport.contactLine(input.line);
        }
        if (d != null) {
            occ = occ.withDate(d);
        }
        Geometry ukraine = border == null ? DemoTheatre.ukraine() : readBorder(border);
        DerivationOptions opt = new DerivationOptions(toleranceKm, minPartKm, gapClosingM,
                DerivationOptions.DEFAULT.lineSnapKm());
        return Theatre.build(ukraine, occ, opt);
    }

    private static Geometry readBorder(Path file) {
        java.util.List<Geometry> ps = new java.util.ArrayList<>();
        for (GeoFeature f : GeoJson.read(file)) {
            if (f.geometry() instanceof Polygonal) {
                ps.add(f.geometry());
            }
        }
        if (ps.isEmpty()) {
            throw new GeoInputException(file.toString(), "contains no polygon; --border needs Ukraine's outline as a polygon");
        }
        Geometry g = UnaryUnionOp.union(ps);
        return g.isValid() ? g : org.locationtech.jts.geom.util.GeometryFixer.fix(g);
    }
}
