package org.garant.geo;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.MultiLineString;

/**
 * What a source says about control of territory on one date, before the theatre is derived from it: either the
 * occupied area (polygons, possibly with a grey zone) or the contact line itself (lines). Geometries are in
 * lon/lat, as read; they are repaired, clipped to Ukraine and projected when a {@link Theatre} is built.
 *
 * @param occupied  polygonal occupied territory, or {@code null} when the source gives the line directly
 * @param greyZone  polygonal territory of unknown status (may be empty, never {@code null} with {@code occupied})
 * @param line      the contact line as given, or {@code null} when it is to be derived from {@code occupied}
 * @param date      the date the picture is valid for ({@code null} when the source does not say)
 * @param source    where it came from (a file name, or "demo")
 * @param warnings  what was repaired or skipped while reading, one line each
 */
public record Occupation(Geometry occupied, Geometry greyZone, MultiLineString line, LocalDate date, String source,
                         List<String> warnings) {
    public Occupation {
        Objects.requireNonNull(source, "source");
        if ((occupied == null) == (line == null)) {
            throw new IllegalArgumentException("an occupation is given either as occupied polygons or as a line");
        }
        warnings = List.copyOf(warnings);
    }

    public static Occupation ofArea(Geometry occupied, Geometry greyZone, LocalDate date, String source,
                                    List<String> warnings) {
        return new Occupation(occupied, Objects.requireNonNull(greyZone), null, date, source, warnings);
    }

    public static Occupation ofLine(MultiLineString line, LocalDate date, String source, List<String> warnings) {
        return new Occupation(null, null, line, date, source, warnings);
    }

    public Occupation withDate(LocalDate d) {
        return new Occupation(occupied, greyZone, line, d, source, warnings);
    }
}
