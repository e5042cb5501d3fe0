package org.garant.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.garant.geo.GeoInputException;
import org.garant.geo.LatLon;
import org.garant.geo.Mgrs;
import org.garant.geo.Placement;
import org.garant.geo.Theatre;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "where", mixinStandardHelpOptions = true,
        description = "Which side of the contact line a position is on, and how far from it.")
final class WhereCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "POSITION",
            description = "<lat> <lon> in decimal degrees, or an MGRS grid reference (spaces allowed)")
    List<String> position;

    @Mixin
    TheatreSource source;

    @Option(names = "--json", description = "print one JSON object")
    boolean json;

    @Override
    public Integer call() {
        LatLon p = parsePosition(position);
        Theatre t = source.load();
        Placement pl = t.locate(p);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = Json.object();
            o.put("side", pl.side().name());
            o.put("distance_km", Json.round(pl.distanceKm(), 3));
            o.put("mgrs", p.mgrs());
            o.put("lat", Json.round(p.lat(), 6));
            o.put("lon", Json.round(p.lon(), 6));
            o.put("theatre_date", t.date() == null ? null : t.date().toString());
            out.println(Json.line(o));
        } else {
            out.printf(Locale.ROOT, "%s  (%.5f, %.5f)%n  side: %s%n  distance to the contact line: %.1f km%n",
                    p.mgrs(), p.lat(), p.lon(), pl.side(), pl.distanceKm());
        }
        out.flush();
        return 0;
    }

    /** Two numbers are latitude and longitude; anything else is read as one MGRS reference. */
    static LatLon parsePosition(List<String> args) {
        if (args.size() == 2 && isNumber(args.get(0)) && isNumber(args.get(1))) {
            double lat = Double.parseDouble(args.get(0));
            double lon = Double.parseDouble(args.get(1));
            if (!(lat >= -90 && lat <= 90)) {
                throw new GeoInputException("<lat>", "latitude " + args.get(0) + " is out of range (-90 to 90)");
            }
            if (!(lon >= -180 && lon <= 180)) {
                throw new GeoInputException("<lon>", "longitude " + args.get(1) + " is out of range (-180 to 180)");
            }
            return new LatLon(lat, lon);
        }
        String joined = String.join(" ", args);
        if (args.size() == 1 && isNumber(args.get(0))) {
            throw new GeoInputException("POSITION", "'" + joined + "' is one number: give <lat> <lon> or an MGRS reference");
        }
        try {
            return Mgrs.parse(joined);
        } catch (IllegalArgumentException e) {
            throw new GeoInputException("POSITION", e.getMessage());
        }
    }

    private static boolean isNumber(String s) {
        return s.matches("[-+]?\\d+(\\.\\d*)?|[-+]?\\.\\d+");
    }
}
