package org.garant.geo;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.MultiLineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.geom.util.GeometryFixer;
import org.locationtech.jts.geom.util.LinearComponentExtracter;
import org.locationtech.jts.geom.util.PolygonExtracter;
import org.locationtech.jts.operation.buffer.BufferOp;
import org.locationtech.jts.operation.distance.DistanceOp;
import org.locationtech.jts.operation.linemerge.LineMerger;
import org.locationtech.jts.operation.overlayng.OverlayNG;
import org.locationtech.jts.operation.overlayng.OverlayNGRobust;
import org.locationtech.jts.operation.polygonize.Polygonizer;
import org.locationtech.jts.operation.union.UnaryUnionOp;

/**
 * The theatre on one date: Ukraine's outline, the occupied area and grey zone, and the contact line between
 * them, with fast side-and-distance queries and the zones measured from the line.
 *
 * <p>All computation happens in the equal-area {@link TheatreProjection}; geometries handed out are lon/lat.
 * How the line is derived from an occupied area (and the rules that keep coasts, borders, water bodies and
 * hairline gaps out of it) is described on {@link #build} and in docs/ARCHITECTURE.md.
 *
 * <p>Immutable after construction and thread-safe: {@link #locate} may be called from many threads.
 */
public final class Theatre {
    /** Donetsk and Sevastopol: for a line given directly, the side that contains them is the occupied side. */
    static final LatLon[] OCCUPIED_REFERENCE = {new LatLon(48.0159, 37.8028), new LatLon(44.6167, 33.5254)};

    private static final GeometryFactory GF = new GeometryFactory();

    private final LocalDate date;
    private final String source;
    private final List<String> warnings;
    private final Geometry ukraineP;
    private final Geometry occupiedP;
    private final Geometry greyP;
    private final Geometry heldP;
    private final MultiLineString lineP;
    private final TheatreLocator locator;
    private final ConcurrentHashMap<Double, Zone> zones = new ConcurrentHashMap<>();

    private Theatre(LocalDate date, String source, List<String> warnings, Geometry ukraineP, Geometry occupiedP,
                    Geometry greyP, MultiLineString lineP) {
        this.date = date;
        this.source = source;
        this.warnings = List.copyOf(warnings);
        this.ukraineP = ukraineP;
        this.occupiedP = occupiedP;
        this.greyP = greyP;
        this.heldP = OverlayNGRobust.overlay(ukraineP, occupiedP, OverlayNG.DIFFERENCE);
        this.lineP = lineP;
        this.locator = new TheatreLocator(ukraineP, occupiedP, greyP, lineP);
    }

    /**
     * Derives the theatre from Ukraine's outline and a source of occupation.
     *
     * <p>From an occupied area (all in the theatre projection):
     * <ol>
     *   <li>Invalid polygons are repaired (reported by the importer); hairline gaps between touching polygons are
     *       closed by a morphological closing of {@code gapClosingM}; the result is clipped to Ukraine.</li>
     *   <li>The non-occupied part of Ukraine is split into connected pieces; only the largest — the body of
     *       Ukraine-held territory — can face a contact line. Other pieces that border the occupied area are
     *       enclaves surrounded by occupied territory and the sea: in practice water that the outline counts as
     *       land and the source does not (bays, limans, lagoons, reservoir shores), which is no front, or land
     *       the source left undrawn behind the line; they are counted as occupied. (An encircled Ukrainian pocket,
     *       such as Mariupol in April 2022, is therefore behind the line too.) Pieces that touch no occupied
     *       territory (islands such as Zmiinyi) stay Ukraine-held.</li>
     *   <li>The contact line is the part of the occupied area's boundary that touches that body, minus everything
     *       within {@code borderToleranceKm} of Ukraine's international border or coast.</li>
     *   <li>The pieces are merged; pieces shorter than {@code minPartKm} are slivers and are dropped.</li>
     * </ol>
     * From a line given directly: the line is clipped to Ukraine, ends within {@code lineSnapKm} of the border or
     * coast are extended to it, and the side of the line that contains Donetsk or Sevastopol is the occupied area.
     *
     * @throws GeoInputException when the source does not overlap Ukraine
     */
    public static Theatre build(Geometry ukraineLonLat, Occupation occupation, DerivationOptions options) {
        Geometry ukraineP = TheatreProjection.project(ukraineLonLat);
        List<String> warnings = new ArrayList<>(occupation.warnings());
        if (occupation.line() != null) {
            return fromLine(ukraineP, occupation, options, warnings);
        }
        Geometry occ = TheatreProjection.project(occupation.occupied());
        if (!occ.isValid()) {
            occ = GeometryFixer.fix(occ);
        }
        if (options.gapClosingM() > 0) {
            // closing with few segments per quadrant: corners move by less than the gap width, and the boundary
            // does not gain thousands of arc vertices
            occ = BufferOp.bufferOp(BufferOp.bufferOp(occ, options.gapClosingM(), 2), -options.gapClosingM(), 2);
        }
        occ = polygonal(OverlayNGRobust.overlay(occ, ukraineP, OverlayNG.INTERSECTION));
        if (occ.isEmpty()) {
            throw new GeoInputException(occupation.source(), "no overlap with Ukraine: the occupied polygons lie"
                    + " entirely outside Ukraine's borders (are the coordinates longitude, latitude in WGS84?)");
        }
        Geometry grey = TheatreProjection.project(occupation.greyZone());
        if (!grey.isEmpty()) {
            if (!grey.isValid()) {
                grey = GeometryFixer.fix(grey);
            }
            grey = polygonal(OverlayNGRobust.overlay(
                    OverlayNGRobust.overlay(grey, ukraineP, OverlayNG.INTERSECTION), occ, OverlayNG.DIFFERENCE));
        }
        Geometry nonOccupied = OverlayNGRobust.overlay(ukraineP, occ, OverlayNG.DIFFERENCE);
        // the body of Ukraine-held territory: the largest piece of the non-occupied area after an opening of the
        // gap width, so that hairline corridors (where two sources draw a shared border or coast differently)
        // cannot join a bay or liman to it
        double g = options.gapClosingM();
        Geometry opened = g > 0 ? BufferOp.bufferOp(BufferOp.bufferOp(nonOccupied, -g, 2), g, 2) : nonOccupied;
        Polygon core = largest(opened);
        if (core == null) {
            core = largest(nonOccupied);
        }
        Geometry line;
        if (core == null) {
            line = GF.createMultiLineString();
            warnings.add("the whole of Ukraine is occupied in this source: there is no contact line");
        } else {
            Geometry body = core.buffer(1.5 * g + 1.0, 2);
            Geometry occBoundary = occ.getBoundary();
            Geometry facing = OverlayNGRobust.overlay(occBoundary, body, OverlayNG.INTERSECTION);
            Geometry nearBorder = ukraineP.getBoundary().buffer(options.borderToleranceKm() * 1000);
            line = OverlayNGRobust.overlay(facing, nearBorder, OverlayNG.DIFFERENCE);
            // enclaves: what is left of the non-occupied area away from the body, where it borders occupied land
            List<Geometry> enclaves = new ArrayList<>();
            double enclaveKm2 = 0;
            @SuppressWarnings("unchecked")
            List<Polygon> rest = PolygonExtracter.getPolygons(OverlayNGRobust.overlay(nonOccupied, body, OverlayNG.DIFFERENCE));
            for (Polygon piece : rest) {
                if (OverlayNGRobust.overlay(piece.getBoundary(), occ.buffer(1.0, 2), OverlayNG.INTERSECTION).getLength() > 0) {
                    enclaves.add(piece);
                    enclaveKm2 += piece.getArea() / 1e6;
                }
            }
            if (!enclaves.isEmpty()) {
                if (enclaveKm2 >= 1) {
                    warnings.add(String.format(Locale.ROOT, "%d enclave(s) of non-occupied Ukraine cut off from Ukraine-held"
                            + " territory by the occupied area, the border and the coast (limans, bays, lagoons; land left"
                            + " undrawn behind the line) are counted as occupied: %.0f km²", enclaves.size(), enclaveKm2));
                }
                enclaves.add(occ);
                occ = polygonal(UnaryUnionOp.union(enclaves));
                if (!grey.isEmpty()) {
                    grey = polygonal(OverlayNGRobust.overlay(grey, occ, OverlayNG.DIFFERENCE));
                }
            }
        }
        MultiLineString merged = mergeAndDropSlivers(line, options.minPartKm() * 1000, warnings);
        return new Theatre(occupation.date(), occupation.source(), warnings, ukraineP, occ, grey, merged);
    }

    private static Theatre fromLine(Geometry ukraineP, Occupation occupation, DerivationOptions options,
                                    List<String> warnings) {
        Geometry given = TheatreProjection.project(occupation.line());
        Geometry clipped = OverlayNGRobust.overlay(given, ukraineP, OverlayNG.INTERSECTION);
        if (clipped.isEmpty()) {
            throw new GeoInputException(occupation.source(), "no overlap with Ukraine: the contact line lies"
                    + " entirely outside Ukraine's borders (are the coordinates longitude, latitude in WGS84?)");
        }
        Geometry border = ukraineP.getBoundary();
        List<LineString> parts = new ArrayList<>();
        for (Object o : LinearComponentExtracter.getLines(clipped)) {
            Coordinate[] cs = ((LineString) o).getCoordinates();
            List<Coordinate> ext = new ArrayList<>(List.of(cs));
            List<Coordinate> before = new ArrayList<>(overshoot(cs[0], cs[Math.min(1, cs.length - 1)], border, options.lineSnapKm() * 1000));
            List<Coordinate> after = overshoot(cs[cs.length - 1], cs[Math.max(0, cs.length - 2)], border, options.lineSnapKm() * 1000);
            java.util.Collections.reverse(before);
            ext.addAll(0, before);
            ext.addAll(after);
            parts.add(GF.createLineString(ext.toArray(new Coordinate[0])));
        }
        // the extended line overshoots the border by a few metres so that noding with the border is certain;
        // the contact line itself is the extended line clipped to Ukraine again
        Geometry extended = GF.createMultiLineString(parts.toArray(new LineString[0]));
        MultiLineString line = mergeAndDropSlivers(OverlayNGRobust.overlay(extended, ukraineP, OverlayNG.INTERSECTION), 0, warnings);
        Polygonizer polygonizer = new Polygonizer();
        polygonizer.add(UnaryUnionOp.union(GF.createGeometryCollection(new Geometry[] {border, extended})));
        List<Geometry> occupiedFaces = new ArrayList<>();
        @SuppressWarnings("unchecked")
        java.util.Collection<Polygon> faces = polygonizer.getPolygons();
        double[] xy = new double[2];
        for (Polygon face : faces) {
            for (LatLon ref : OCCUPIED_REFERENCE) {
                TheatreProjection.forward(ref.lon(), ref.lat(), xy);
                Point p = GF.createPoint(new Coordinate(xy[0], xy[1]));
                if (face.contains(p)) {
                    occupiedFaces.add(face);
                    break;
                }
            }
        }
        Geometry occ = polygonal(OverlayNGRobust.overlay(UnaryUnionOp.union(occupiedFaces.isEmpty()
                ? List.of(GF.createPolygon()) : occupiedFaces), ukraineP, OverlayNG.INTERSECTION));
        if (faces.size() < 2 || occ.isEmpty() || occ.getArea() > 0.95 * ukraineP.getArea()) {
            warnings.add("the contact line does not divide Ukraine into two sides (do its ends reach the border or"
                    + " coast?): no point can be classed as occupied");
            occ = GF.createMultiPolygon();
        }
        return new Theatre(occupation.date(), occupation.source(), warnings, ukraineP, occ, GF.createMultiPolygon(), line);
    }

    /**
     * For a line end within {@code maxM} of the border: the points that carry it to the border and 20 m beyond
     * (outwards from the line); otherwise nothing.
     */
    private static List<Coordinate> overshoot(Coordinate end, Coordinate previous, Geometry border, double maxM) {
        Point p = GF.createPoint(end);
        double d = border.distance(p);
        if (d > maxM) {
            return List.of();
        }
        Coordinate onBorder = DistanceOp.nearestPoints(border, p)[0];
        double dx = d > 1e-3 ? onBorder.x - end.x : end.x - previous.x;
        double dy = d > 1e-3 ? onBorder.y - end.y : end.y - previous.y;
        double len = Math.hypot(dx, dy);
        if (len == 0) {
            return List.of();
        }
        Coordinate beyond = new Coordinate(onBorder.x + dx / len * 20, onBorder.y + dy / len * 20);
        return d > 1e-3 ? List.of(onBorder, beyond) : List.of(beyond);
    }

    private static Polygon largest(Geometry g) {
        @SuppressWarnings("unchecked")
        List<Polygon> ps = PolygonExtracter.getPolygons(g);
        return ps.stream().max(Comparator.comparingDouble(Geometry::getArea)).orElse(null);
    }

    private static Geometry polygonal(Geometry g) {
        @SuppressWarnings("unchecked")
        List<Polygon> ps = PolygonExtracter.getPolygons(g);
        return GF.createMultiPolygon(ps.toArray(new Polygon[0]));
    }

    private static MultiLineString mergeAndDropSlivers(Geometry lines, double minPartM, List<String> warnings) {
        LineMerger merger = new LineMerger();
        merger.add(lines);
        List<LineString> kept = new ArrayList<>();
        int dropped = 0;
        double droppedM = 0;
        for (Object o : merger.getMergedLineStrings()) {
            LineString ls = (LineString) o;
            if (ls.getLength() >= minPartM) {
                kept.add(ls);
            } else {
                dropped++;
                droppedM += ls.getLength();
            }
        }
        if (dropped > 0) {
            warnings.add(String.format(Locale.ROOT, "removed %d sliver(s) of the contact line shorter than %.1f km (%.1f km in all)",
                    dropped, minPartM / 1000, droppedM / 1000));
        }
        kept.sort(Comparator.comparingDouble(LineString::getLength).reversed());
        return GF.createMultiLineString(kept.toArray(new LineString[0]));
    }

    // ------------------------------------------------------------------ queries

    /** Side and distance to the contact line of a position. Thread-safe, allocation-light. */
    public Placement locate(LatLon p) {
        return locate(p.lat(), p.lon());
    }

    public Placement locate(double lat, double lon) {
        double[] xy = new double[2];
        TheatreProjection.forward(lon, lat, xy);
        return locator.locate(xy[0], xy[1]);
    }

    /** The same answer as {@link #locate}, computed by brute force (every segment, plain point-in-polygon). */
    public Placement locateBruteForce(double lat, double lon) {
        double[] xy = new double[2];
        TheatreProjection.forward(lon, lat, xy);
        return new Placement(locator.sideOf(xy[0], xy[1]), locator.distanceBruteForce(xy[0], xy[1]));
    }

    // ------------------------------------------------------------------ figures

    public LocalDate date() {
        return date;
    }

    public String source() {
        return source;
    }

    /** What was repaired, skipped or removed while building this theatre, one line each. */
    public List<String> warnings() {
        return warnings;
    }

    public double contactLineKm() {
        return lineP.getLength() / 1000;
    }

    public int contactLineParts() {
        return lineP.getNumGeometries();
    }

    public double ukraineKm2() {
        return ukraineP.getArea() / 1e6;
    }

    public double occupiedKm2() {
        return occupiedP.getArea() / 1e6;
    }

    public double greyZoneKm2() {
        return greyP.getArea() / 1e6;
    }

    /** The contact line in lon/lat. */
    public Geometry contactLine() {
        return TheatreProjection.unproject(lineP);
    }

    /** The occupied area in lon/lat, clipped to Ukraine. */
    public Geometry occupied() {
        return TheatreProjection.unproject(occupiedP);
    }

    public Geometry greyZone() {
        return TheatreProjection.unproject(greyP);
    }

    public Geometry ukraine() {
        return TheatreProjection.unproject(ukraineP);
    }

    /** The contact line in the theatre projection (metres). */
    public Geometry contactLineProjected() {
        return lineP;
    }

    public Geometry occupiedProjected() {
        return occupiedP;
    }

    public Geometry ukraineProjected() {
        return ukraineP;
    }

    /** Ukraine minus the occupied area (the grey zone included), in the theatre projection. */
    public Geometry heldProjected() {
        return heldP;
    }

    /**
     * The zone within {@code widthKm} of the contact line on each side (computed once per width, then cached).
     */
    public Zone zone(String name, double widthKm) {
        Zone z = zones.computeIfAbsent(widthKm, w -> {
            Geometry band = lineP.buffer(w * 1000, 16);
            Geometry held = OverlayNGRobust.overlay(band, heldP, OverlayNG.INTERSECTION);
            Geometry occ = OverlayNGRobust.overlay(band, occupiedP, OverlayNG.INTERSECTION);
            return new Zone(name, w, TheatreProjection.unproject(held), TheatreProjection.unproject(occ),
                    held.getArea() / 1e6, occ.getArea() / 1e6);
        });
        return z.name().equals(name) ? z : new Zone(name, z.widthKm(), z.ukraineSide(), z.occupiedSide(),
                z.ukraineSideKm2(), z.occupiedSideKm2());
    }

    public Zone bufferZone(double widthKm) {
        return zone("buffer zone", widthKm);
    }

    public List<Zone> withdrawalZones(List<WeaponClass> table) {
        List<Zone> out = new ArrayList<>();
        for (WeaponClass c : table) {
            out.add(zone(c.name(), c.withdrawKm()));
        }
        return out;
    }
}
