package org.garant.geo.io;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.garant.geo.GeoInputException;
import org.garant.geo.Occupation;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryCollection;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.operation.union.UnaryUnionOp;
import org.locationtech.jts.operation.valid.IsValidOp;
import org.locationtech.jts.operation.valid.TopologyValidationError;

/**
 * Importers for the sources of the occupied area and the contact line:
 * <ul>
 *   <li>{@link #occupiedPolygons}: any GeoJSON whose polygons are occupied territory — including the DeepStateMap
 *       daily format (one MultiPolygon, e.g. {@code deepstatemap_data_20260101.geojson});</li>
 *   <li>{@link #deepStateRaw}: the raw DeepStateMap export, whose polygons are named (occupied, liberated, grey
 *       zone "Unknown status", pre-2022 ORDLO, Crimea, and territories outside Ukraine);</li>
 *   <li>{@link #contactLine}: a contact line given directly as GeoJSON or KML lines.</li>
 * </ul>
 * Invalid polygons are repaired with JTS's {@link GeometryFixer} and a warning says what was repaired and where.
 * Features that are neither polygons nor lines (arrows, unit markers) are skipped without fuss. The date is taken
 * from the file name when it carries one ({@code YYYYMMDD}, or a Unix timestamp for the raw export).
 */
public final class OccupationImport {
    private static final GeometryFactory GF = new GeometryFactory();
    private static final Pattern YYYYMMDD = Pattern.compile("(20\\d{2})(\\d{2})(\\d{2})");
    private static final Pattern UNIX_TS = Pattern.compile("^(1\\d{9})\\.(geo)?json$");

    private OccupationImport() {
    }

    /** Any GeoJSON of occupied territory: the union of all its polygons. */
    public static Occupation occupiedPolygons(Path file) {
        String name = file.toString();
        List<GeoFeature> features = features(file, "occupied");
        List<String> warnings = new ArrayList<>();
        List<Geometry> polygons = new ArrayList<>();
        for (GeoFeature f : features) {
            polygons.addAll(polygonsOf(f, name, warnings));
        }
        if (polygons.isEmpty()) {
            throw new GeoInputException(name, noPolygonMessage(features, "--occupied needs polygons of occupied territory"));
        }
        return Occupation.ofArea(UnaryUnionOp.union(polygons), GF.createMultiPolygon(), dateOf(file), name, warnings);
    }

    /** The raw DeepStateMap export: polygons classified by their trilingual or Ukrainian names. */
    public static Occupation deepStateRaw(Path file) {
        String name = file.toString();
        List<GeoFeature> features = GeoJson.read(file);
        List<String> warnings = new ArrayList<>();
        List<Geometry> occupied = new ArrayList<>();
        List<Geometry> grey = new ArrayList<>();
        int polygonFeatures = 0;
        int unclassified = 0;
        for (GeoFeature f : features) {
            List<Geometry> ps = polygonsOf(f, name, warnings);
            if (ps.isEmpty()) {
                continue;
            }
            polygonFeatures++;
            switch (RawStatus.of(f.property("name"))) {
                case OCCUPIED -> occupied.addAll(ps);
                case GREY_ZONE -> grey.addAll(ps);
                case LIBERATED -> { }
                case UNKNOWN -> {
                    unclassified++;
                    warnings.add("feature " + f.index() + ": polygon named '" + oneLine(f.property("name"))
                            + "' is not a known status (occupied, liberated, unknown status); ignored");
                }
            }
        }
        if (polygonFeatures == 0) {
            throw new GeoInputException(name, noPolygonMessage(features, "--raw needs the named polygons of a DeepStateMap export"));
        }
        if (occupied.isEmpty()) {
            throw new GeoInputException(name, "no polygon is named as occupied ('Окуповано', 'Occupied', 'ОРДЛО', 'Крим'):"
                    + " is this a raw DeepStateMap export? " + unclassified + " polygons had unknown names");
        }
        return Occupation.ofArea(UnaryUnionOp.union(occupied), grey.isEmpty() ? GF.createMultiPolygon() : UnaryUnionOp.union(grey),
                dateOf(file), name, warnings);
    }

    /**
     * The features of a GeoJSON file, the point placemarks of a KML file, or the features of a GeoPackage (.gpkg): its
     * table named {@code table} if it has one (as Garant's own exports write them), else all its feature tables.
     */
    public static List<GeoFeature> features(Path file, String table) {
        String lower = file.toString().toLowerCase(Locale.ROOT);
        if (lower.endsWith(".kml")) {
            return KmlPoints.read(file);
        }
        if (!lower.endsWith(".gpkg")) {
            return GeoJson.read(file);
        }
        java.util.Map<String, List<GeoFeature>> tables = GeoPackageIo.read(file);
        if (tables.containsKey(table)) {
            return tables.get(table);
        }
        List<GeoFeature> all = new ArrayList<>();
        tables.values().forEach(all::addAll);
        return all;
    }

    /** A contact line given directly: the LineStrings of a GeoJSON (.geojson/.json), KML (.kml) or GeoPackage (.gpkg) file. */
    public static Occupation contactLine(Path file) {
        String name = file.toString();
        String lower = name.toLowerCase(Locale.ROOT);
        MultiLineString line;
        if (lower.endsWith(".kml")) {
            line = KmlLines.read(file);
        } else {
            List<GeoFeature> features = features(file, "contact_line");
            List<LineString> lines = new ArrayList<>();
            for (GeoFeature f : features) {
                Geometry g = f.geometry();
                for (int i = 0; i < g.getNumGeometries(); i++) {
                    if (g.getGeometryN(i) instanceof LineString ls && !ls.isEmpty()) {
                        lines.add(ls);
                    }
                }
            }
            if (lines.isEmpty()) {
                throw new GeoInputException(name, noPolygonMessage(features, "--line needs LineString or MultiLineString features")
                        .replace("contains no polygon", "contains no line"));
            }
            line = GF.createMultiLineString(lines.toArray(new LineString[0]));
        }
        return Occupation.ofLine(line, dateOf(file), name, List.of());
    }

    /** The status a raw DeepStateMap polygon name stands for. */
    enum RawStatus {
        OCCUPIED, LIBERATED, GREY_ZONE, UNKNOWN;

        static RawStatus of(String name) {
            if (name == null) {
                return UNKNOWN;
            }
            String n = name.toLowerCase(Locale.ROOT);
            if (n.contains("звільнено") || n.contains("liberated") || n.contains("відсутні")) {
                return LIBERATED;
            }
            if (n.contains("невідом") || n.contains("unknown status") || n.contains("під питанням")) {
                return GREY_ZONE;
            }
            if (n.contains("окупова") || n.contains("occupied") || n.contains("ордло") || n.contains("cadr")
                    || n.contains("крим") || n.contains("crimea") || n.contains("зайняті ворогом")) {
                return OCCUPIED;
            }
            return UNKNOWN;
        }
    }

    private static List<Geometry> polygonsOf(GeoFeature f, String name, List<String> warnings) {
        List<Geometry> out = new ArrayList<>();
        collectPolygons(f.geometry(), out);
        List<Geometry> fixed = new ArrayList<>(out.size());
        for (Geometry p : out) {
            IsValidOp op = new IsValidOp(p);
            if (op.isValid()) {
                fixed.add(p);
                continue;
            }
            TopologyValidationError err = op.getValidationError();
            Geometry repaired = GeometryFixer.fix(p);
            double before = Math.abs(p.getArea());
            double change = before == 0 ? 0 : Math.abs(repaired.getArea() - before) / before * 100;
            warnings.add(String.format(Locale.ROOT, "feature %d: repaired invalid polygon (%s at %.5f, %.5f); area changed by %.2f %%",
                    f.index(), err.getMessage(), err.getCoordinate().y, err.getCoordinate().x, change));
            if (!repaired.isEmpty()) {
                fixed.add(repaired);
            }
        }
        return fixed;
    }

    private static void collectPolygons(Geometry g, List<Geometry> out) {
        if (g instanceof Polygon p) {
            if (!p.isEmpty()) {
                out.add(p);
            }
        } else if (g instanceof GeometryCollection gc) {
            for (int i = 0; i < gc.getNumGeometries(); i++) {
                collectPolygons(gc.getGeometryN(i), out);
            }
        }
    }

    private static String noPolygonMessage(List<GeoFeature> features, String need) {
        if (features.isEmpty()) {
            return "is empty: it has no features; " + need;
        }
        java.util.Set<String> types = new java.util.TreeSet<>();
        features.forEach(f -> types.add(f.geometry().isEmpty() && f.geometry().getNumGeometries() == 0 ? "no geometry" : f.geometry().getGeometryType()));
        return "contains no polygon (found " + String.join(", ", types) + " in " + features.size() + " features); " + need;
    }

    private static String oneLine(String s) {
        String t = s == null ? "" : s.replaceAll("\\s+", " ").trim();
        return t.length() > 60 ? t.substring(0, 57) + "..." : t;
    }

    /** The date a file name carries: {@code ...YYYYMMDD...} or a raw export's Unix timestamp; else null. */
    public static LocalDate dateOf(Path file) {
        String fn = file.getFileName().toString();
        Matcher ts = UNIX_TS.matcher(fn);
        if (ts.find()) {
            return Instant.ofEpochSecond(Long.parseLong(ts.group(1))).atZone(ZoneOffset.UTC).toLocalDate();
        }
        Matcher m = YYYYMMDD.matcher(fn);
        if (m.find()) {
            try {
                return LocalDate.parse(m.group(), DateTimeFormatter.BASIC_ISO_DATE);
            } catch (RuntimeException e) {
                return null;
            }
        }
        return null;
    }
}
