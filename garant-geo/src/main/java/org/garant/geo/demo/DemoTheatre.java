package org.garant.geo.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.garant.geo.DerivationOptions;
import org.garant.geo.LatLon;
import org.garant.geo.Occupation;
import org.garant.geo.Theatre;
import org.garant.geo.io.Csv;
import org.garant.geo.io.GeoFeature;
import org.garant.geo.io.GeoJson;
import org.garant.geo.io.SiteImport;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;

/**
 * The theatre that ships with Garant, authored by the project (no third-party data with unclear terms):
 * <ul>
 *   <li>{@code outline.geojson}: Ukraine's internationally recognised outline and its neighbours, derived from
 *       public-domain Natural Earth 1:50m data by {@code tools/derive-outline} (Crimea restored to Ukraine);</li>
 *   <li>{@code contact-line.csv}: a generalised contact line drawn through the public coordinates of towns on
 *       or near the front as of 2025 — illustrative, not a current situation map;</li>
 *   <li>{@code cities.csv}: major Ukrainian cities with oblast, population (rounded pre-war estimates) and
 *       coordinates.</li>
 * </ul>
 * Loaded once, lazily; thread-safe.
 */
public final class DemoTheatre {
    private static final String BASE = "/org/garant/geo/demo/";
    private static final GeometryFactory GF = new GeometryFactory();
    private static volatile Theatre theatre;
    private static volatile Map<String, Geometry> outlines;

    private DemoTheatre() {
    }

    /** Ukraine's outline, Crimea included, in lon/lat. */
    public static Geometry ukraine() {
        return outlines().get("Ukraine");
    }

    /** Ukraine and its neighbours (clipped to the map extent), by English name, Ukraine first. */
    public static Map<String, Geometry> outlines() {
        Map<String, Geometry> o = outlines;
        if (o == null) {
            Map<String, Geometry> m = new LinkedHashMap<>();
            for (GeoFeature f : GeoJson.read(open("outline.geojson"), "demo outline.geojson")) {
                m.put(f.property("name"), f.geometry());
            }
            outlines = o = java.util.Collections.unmodifiableMap(m);
        }
        return o;
    }

    /** The authored contact line, as a source for {@link Theatre#build}. */
    public static Occupation contactLine() {
        List<Coordinate> cs = new ArrayList<>();
        try (InputStream in = open("contact-line.csv")) {
            Csv csv = new Csv(new InputStreamReader(in, StandardCharsets.UTF_8), "demo contact-line.csv");
            for (Csv.Row r = csv.next(); r != null; r = csv.next()) {
                LatLon p = new LatLon(r.number("lat"), r.number("lon"));
                cs.add(new Coordinate(p.lon(), p.lat()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LineString line = GF.createLineString(cs.toArray(new Coordinate[0]));
        return Occupation.ofLine(GF.createMultiLineString(new LineString[] {line}), null,
                "demo theatre (generalised line, authored)", List.of());
    }

    /** The demo theatre, built once. */
    public static Theatre theatre() {
        Theatre t = theatre;
        if (t == null) {
            synchronized (DemoTheatre.class) {
                t = theatre;
                if (t == null) {
                    theatre = t = Theatre.build(ukraine(), contactLine(), DerivationOptions.DEFAULT);
                }
            }
        }
        return t;
    }

    /** The authored list of major cities. */
    public static SiteImport.Result cities() {
        try (InputStream in = open("cities.csv")) {
            return SiteImport.cities(in, "demo cities.csv");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String name) {
        InputStream in = DemoTheatre.class.getResourceAsStream(BASE + name);
        if (in == null) {
            throw new IllegalStateException("demo resource " + name + " is missing from the build");
        }
        return in;
    }
}
