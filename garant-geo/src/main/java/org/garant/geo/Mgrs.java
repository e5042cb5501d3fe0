package org.garant.geo;

import java.text.ParseException;
import java.util.Locale;
import mil.nga.grid.features.Point;
import mil.nga.mgrs.MGRS;

/**
 * MGRS grid references, via NGA's mgrs library. Formatting is at 1 m precision (the library truncates, so the
 * reference names the 1 m square that contains the point). Parsing accepts any precision from 100 km to 1 m, with
 * or without spaces, and returns the centre of the square the reference names, so that a coarse reference is not
 * biased towards its south-west corner. Thread-safe (stateless).
 */
public final class Mgrs {
    private Mgrs() {
    }

    public static String format(LatLon p) {
        MGRS m = MGRS.from(p.lon(), p.lat());
        // as m.coordinate(GridType.METER) writes it, without the formatter it uses for the digits (a third of the cost)
        StringBuilder sb = new StringBuilder(15).append(m.getZone()).append(m.getBand()).append(m.getColumn()).append(m.getRow());
        appendDigits5(sb, m.getEasting());
        appendDigits5(sb, m.getNorthing());
        return sb.toString();
    }

    private static void appendDigits5(StringBuilder sb, long v) {
        String d = Long.toString(v);
        for (int k = d.length(); k < 5; k++) {
            sb.append('0');
        }
        sb.append(d);
    }

    /** True when the text looks like an MGRS reference (it may still fail to parse). */
    public static boolean looksLikeMgrs(String text) {
        String t = text.replace(" ", "").toUpperCase(Locale.ROOT);
        return t.matches("\\d{1,2}[C-X][A-Z]{2}(\\d{2}){0,5}");
    }

    /**
     * Parses a grid reference such as {@code 36U UA 23422 34526} or {@code 36UUA2342234526}.
     *
     * @throws IllegalArgumentException naming the reference and what is wrong with it
     */
    public static LatLon parse(String text) {
        String t = text == null ? "" : text.replace(" ", "").toUpperCase(Locale.ROOT);
        if (!looksLikeMgrs(t)) {
            throw new IllegalArgumentException("'" + text + "' is not an MGRS grid reference"
                    + " (expected zone, band, 100 km square and an even number of digits, e.g. 36UUA2342234526)");
        }
        try {
            MGRS m = MGRS.parse(t);
            int digits = t.replaceFirst("^\\d{1,2}[A-Z]{3}", "").length();
            double squareM = Math.pow(10, 5 - digits / 2);
            MGRS centre = squareM > 1
                    ? MGRS.create(m.getZone(), m.getBand(), m.getColumn(), m.getRow(),
                    m.getEasting() + (long) (squareM / 2), m.getNorthing() + (long) (squareM / 2))
                    : m;
            Point p = centre.toPoint();
            return new LatLon(p.getLatitude(), p.getLongitude());
        } catch (ParseException | RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a valid MGRS grid reference: " + e.getMessage());
        }
    }
}
