package org.garant.app;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.garant.geo.Placement;
import org.garant.geo.Site;
import org.garant.geo.Theatre;
import org.garant.geo.WeaponClass;
import org.garant.geo.Zone;
import org.garant.geo.demo.DemoTheatre;
import org.garant.geo.io.GeoJson;
import org.garant.geo.io.SiteImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "theatre", mixinStandardHelpOptions = true,
        description = {"Derive the theatre: contact line, occupied area, buffer and withdrawal zones, sites.",
                "Without an input it uses the demo theatre."})
final class TheatreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TheatreSource source;

    @Option(names = "--cities", paramLabel = "FILE", description = "cities CSV (name, population, lat, lon[, held by])")
    Path cities;

    @Option(names = "--demo-cities", description = "list the built-in demo cities (as --cities does for a file)")
    boolean demoCities;

    @Option(names = "--min-population", paramLabel = "N", defaultValue = "0", description = "only cities with at least N inhabitants")
    long minPopulation;

    @Option(names = "--buffer-km", paramLabel = "KM", defaultValue = "" + WeaponClass.DEFAULT_BUFFER_KM,
            description = "width of the buffer zone on each side of the line (default: ${DEFAULT-VALUE})")
    double bufferKm;

    @Option(names = "--out-line", paramLabel = "FILE.geojson", description = "write the contact line as GeoJSON")
    Path outLine;

    @Option(names = "--out-zones", paramLabel = "FILE.geojson", description = "write the buffer and withdrawal zones as GeoJSON")
    Path outZones;

    @Option(names = "--json", description = "print one JSON object on the last line")
    boolean json;

    @Override
    public Integer call() {
        if (!(bufferKm > 0)) {
            throw new IllegalArgumentException("--buffer-km must be positive, was " + bufferKm);
        }
        if (minPopulation < 0) {
            throw new IllegalArgumentException("--min-population must not be negative, was " + minPopulation);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Theatre t = source.load();
        Zone buffer = t.bufferZone(bufferKm);
        List<Zone> withdrawal = t.withdrawalZones(WeaponClass.MINSK_II);

        List<Map<String, Object>> cityRows = new ArrayList<>();
        if (cities != null || demoCities) {
            SiteImport.Result r = cities != null ? SiteImport.cities(cities) : DemoTheatre.cities();
            r.rejected().forEach(m -> err.println("garant: warning: rejected " + m));
            for (Site s : r.sites()) {
                if (s.population() < minPopulation) {
                    continue;
                }
                Placement p = t.locate(s.position());
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("name", s.name());
                row.put("population", s.population());
                row.put("side", p.side().name());
                row.put("distance_km", Json.round(p.distanceKm(), 1));
                row.put("mgrs", s.position().mgrs());
                if (!s.controlStatus().isEmpty()) {
                    row.put("source_status", s.controlStatus());
                }
                cityRows.add(row);
            }
        }
        if (outLine != null) {
            GeoJson.write(outLine, List.of(GeoJson.feature(t.contactLine(), Map.of(
                    "kind", "contact_line", "date", String.valueOf(t.date()), "source", t.source(),
                    "length_km", Json.round(t.contactLineKm(), 1), "parts", t.contactLineParts()))));
        }
        if (outZones != null) {
            List<ObjectNode> fs = new ArrayList<>();
            List<Zone> all = new ArrayList<>();
            all.add(buffer);
            all.addAll(withdrawal);
            for (Zone z : all) {
                String kind = z == buffer ? "buffer_zone" : "withdrawal_zone";
                fs.add(GeoJson.feature(z.ukraineSide(), Map.of("kind", kind, "class", z.name(), "km", z.widthKm(),
                        "side", "UKRAINE_HELD", "area_km2", Json.round(z.ukraineSideKm2(), 0))));
                fs.add(GeoJson.feature(z.occupiedSide(), Map.of("kind", kind, "class", z.name(), "km", z.widthKm(),
                        "side", "OCCUPIED", "area_km2", Json.round(z.occupiedSideKm2(), 0))));
            }
            GeoJson.write(outZones, fs);
        }

        if (!json) {
            out.printf(Locale.ROOT, "Theatre%s — %s%n", t.date() == null ? "" : " of " + t.date(), t.source());
            out.printf(Locale.ROOT, "  contact line      %,.0f km in %d part%s%n", t.contactLineKm(), t.contactLineParts(),
                    t.contactLineParts() == 1 ? "" : "s");
            out.printf(Locale.ROOT, "  occupied          %,.0f km² (%.1f %% of Ukraine's %,.0f km²)%n", t.occupiedKm2(),
                    100 * t.occupiedKm2() / t.ukraineKm2(), t.ukraineKm2());
            if (t.greyZoneKm2() > 0) {
                out.printf(Locale.ROOT, "  grey zone         %,.0f km²%n", t.greyZoneKm2());
            }
            out.printf(Locale.ROOT, "  buffer zone       %.0f km each side: %,.0f km² Ukraine-held side, %,.0f km² occupied side%n",
                    bufferKm, buffer.ukraineSideKm2(), buffer.occupiedSideKm2());
            out.println("  withdrawal zones (Minsk II table), Ukraine-held side / occupied side:");
            for (Zone z : withdrawal) {
                out.printf(Locale.ROOT, "    %-36s %4.0f km  %,9.0f km² / %,9.0f km²%n", z.name(), z.widthKm(),
                        z.ukraineSideKm2(), z.occupiedSideKm2());
            }
            if (!cityRows.isEmpty()) {
                out.printf(Locale.ROOT, "  cities (population ≥ %,d): %d%n", minPopulation, cityRows.size());
                for (Map<String, Object> c : cityRows) {
                    out.printf(Locale.ROOT, "    %-24s %,10d  %-12s %7.1f km  %s%n", c.get("name"), c.get("population"),
                            c.get("side"), c.get("distance_km"), c.get("mgrs"));
                }
            }
            for (String w : t.warnings()) {
                out.println("  warning: " + w);
            }
            if (outLine != null) {
                out.println("  wrote " + outLine);
            }
            if (outZones != null) {
                out.println("  wrote " + outZones);
            }
            out.flush();
            return 0;
        }
        t.warnings().forEach(w -> err.println("garant: warning: " + w));
        err.flush();
        ObjectNode o = Json.object();
        o.put("date", t.date() == null ? null : t.date().toString());
        o.put("source", t.source());
        o.put("contact_line_km", Json.round(t.contactLineKm(), 1));
        o.put("contact_line_parts", t.contactLineParts());
        o.put("occupied_km2", Json.round(t.occupiedKm2(), 0));
        o.put("occupied_pct_of_ukraine", Json.round(100 * t.occupiedKm2() / t.ukraineKm2(), 2));
        o.put("ukraine_km2", Json.round(t.ukraineKm2(), 0));
        o.put("grey_zone_km2", Json.round(t.greyZoneKm2(), 0));
        o.put("buffer_zone_km", bufferKm);
        o.put("buffer_zone_km2", Json.round(buffer.ukraineSideKm2(), 0));
        o.put("buffer_zone_occupied_side_km2", Json.round(buffer.occupiedSideKm2(), 0));
        ArrayNode wz = o.putArray("withdrawal_zones");
        for (Zone z : withdrawal) {
            ObjectNode zn = wz.addObject();
            zn.put("class", z.name());
            zn.put("km", z.widthKm());
            zn.put("ukraine_side_km2", Json.round(z.ukraineSideKm2(), 0));
            zn.put("occupied_side_km2", Json.round(z.occupiedSideKm2(), 0));
        }
        if (cities != null || demoCities) {
            o.set("cities", Json.MAPPER.valueToTree(cityRows));
        }
        o.set("warnings", Json.MAPPER.valueToTree(t.warnings()));
        out.println(Json.line(o));
        out.flush();
        return 0;
    }
}
