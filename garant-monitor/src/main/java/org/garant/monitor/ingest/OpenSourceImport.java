package org.garant.monitor.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.garant.geo.GeoInputException;
import org.garant.geo.LatLon;
import org.garant.geo.io.Csv;

/**
 * Importers for the real open-source formats. Every rejected record is reported with its line (or array index)
 * and reason, and the rest are kept.
 * <ul>
 *   <li>{@link #cirBellingcat}: the CIR / Bellingcat "Russia-Ukraine Monitor" CSV (entry, date, event_group,
 *       title, lat, lon, ...): uncertainty 1 km (geolocated to a place, not a crater);</li>
 *   <li>{@link #civilianHarm}: the Bellingcat civilian-harm TimeMap JSON export (id, date M/D/YYYY, time,
 *       latitude, longitude as strings): uncertainty 1 km;</li>
 *   <li>{@link #firms}: NASA FIRMS VIIRS 375 m active-fire CSV: uncertainty half the pixel diagonal,
 *       ½·√(scan² + track²) km (pixels grow from 375 m at nadir to ~0.8 km at the swath edge).</li>
 * </ul>
 */
public final class OpenSourceImport {
    private static final ObjectMapper M = new ObjectMapper();

    /** A record that was not imported: where it was and why. */
    public record Rejected(long line, String reason) {
    }

    private OpenSourceImport() {
    }

    public static void cirBellingcat(Path file, Consumer<Report> good, Consumer<Rejected> bad) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Csv csv = new Csv(r, file.toString());
            csv.requireColumns(List.of("entry", "date", "lat", "lon"), "not a CIR/Bellingcat events CSV");
            for (Csv.Row row = csv.next(); row != null; row = csv.next()) {
                try {
                    LatLon p = latLon(row.get("lat"), row.get("lon"));
                    long t = dateNs(row.get("date"), "date", DateTimeFormatter.ISO_LOCAL_DATE);
                    String kind = row.get("event_group");
                    good.accept(new Report(row.get("entry").isEmpty() ? file.getFileName() + ":" + row.line() : row.get("entry"),
                            "CIR/Bellingcat", t, p, 1_000, kind == null ? "" : kind, row.get("title"), row.line()));
                } catch (IllegalArgumentException e) {
                    bad.accept(new Rejected(row.line(), e.getMessage()));
                }
            }
        } catch (NoSuchFileException e) {
            throw new GeoInputException(file.toString(), "file not found");
        } catch (IOException e) {
            throw new GeoInputException(file.toString(), "cannot be read: " + e.getMessage());
        }
    }

    public static void civilianHarm(Path file, Consumer<Report> good, Consumer<Rejected> bad) {
        try (InputStream in = Files.newInputStream(file); JsonParser p = M.getFactory().createParser(in)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new GeoInputException(file.toString(), "not a Bellingcat civilian-harm export: the top level must be an array of events");
            }
            long index = 0;
            while (p.nextToken() == JsonToken.START_OBJECT) {
                JsonNode o = M.readTree(p);
                try {
                    LatLon pos = latLon(o.path("latitude").asText(""), o.path("longitude").asText(""));
                    long t = dateNs(o.path("date").asText(""), "date", DateTimeFormatter.ofPattern("M/d/yyyy"));
                    String time = o.path("time").asText("");
                    if (time.matches("\\d{1,2}:\\d{2}")) {
                        t += LocalTime.parse(time.length() == 4 ? "0" + time : time).toSecondOfDay() * 1_000_000_000L;
                    }
                    String id = o.path("id").asText("");
                    good.accept(new Report(id.isEmpty() ? file.getFileName() + ":" + index : id, "Bellingcat civilian harm", t, pos,
                            1_000, "civilian harm", o.path("description").asText(""), index));
                } catch (IllegalArgumentException e) {
                    bad.accept(new Rejected(index, e.getMessage()));
                }
                index++;
            }
        } catch (NoSuchFileException e) {
            throw new GeoInputException(file.toString(), "file not found");
        } catch (IOException e) {
            throw new GeoInputException(file.toString(), "not JSON: " + e.getMessage().split("\n")[0]);
        }
    }

    public static void firms(Path file, Consumer<Report> good, Consumer<Rejected> bad) {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Csv csv = new Csv(r, file.toString());
            csv.requireColumns(List.of("latitude", "longitude", "acq_date", "acq_time", "scan", "track"), "not a FIRMS VIIRS CSV");
            for (Csv.Row row = csv.next(); row != null; row = csv.next()) {
                try {
                    LatLon p = latLon(row.get("latitude"), row.get("longitude"));
                    long t = dateNs(row.get("acq_date"), "acq_date", DateTimeFormatter.ISO_LOCAL_DATE);
                    String hhmm = row.get("acq_time");
                    if (!hhmm.matches("\\d{1,4}") || Integer.parseInt(hhmm) % 100 > 59 || Integer.parseInt(hhmm) / 100 > 23) {
                        throw new IllegalArgumentException("column 'acq_time': '" + hhmm + "' is not HHMM");
                    }
                    int v = Integer.parseInt(hhmm);
                    t += ((v / 100) * 3600L + (v % 100) * 60L) * 1_000_000_000L;
                    double scan = number(row.get("scan"), "scan");
                    double track = number(row.get("track"), "track");
                    if (!(scan > 0 && scan < 10) || !(track > 0 && track < 10)) {
                        throw new IllegalArgumentException("columns 'scan'/'track': pixel size " + scan + " × " + track + " km is implausible");
                    }
                    String conf = row.get("confidence");
                    good.accept(new Report(file.getFileName() + ":" + row.line(), "NASA FIRMS VIIRS", t, p,
                            500 * Math.hypot(scan, track), "thermal anomaly" + (conf == null || conf.isEmpty() ? "" : " (confidence " + conf + ")"),
                            "FRP " + row.get("frp") + " MW, " + ("N".equals(row.get("daynight")) ? "night" : "day"), row.line()));
                } catch (IllegalArgumentException e) {
                    bad.accept(new Rejected(row.line(), e.getMessage()));
                }
            }
        } catch (NoSuchFileException e) {
            throw new GeoInputException(file.toString(), "file not found");
        } catch (IOException e) {
            throw new GeoInputException(file.toString(), "cannot be read: " + e.getMessage());
        }
    }

    private static LatLon latLon(String lat, String lon) {
        if (lat == null || lat.isBlank() || lon == null || lon.isBlank()) {
            throw new IllegalArgumentException("no coordinates (latitude/longitude empty)");
        }
        double a = number(lat, "lat");
        double b = number(lon, "lon");
        try {
            return new LatLon(a, b);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("coordinates: " + e.getMessage());
        }
    }

    private static double number(String s, String column) {
        try {
            double d = Double.parseDouble(s.trim());
            if (!Double.isFinite(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException | NullPointerException e) {
            throw new IllegalArgumentException("column '" + column + "': '" + s + "' is not a number");
        }
    }

    private static long dateNs(String s, String column, DateTimeFormatter f) {
        try {
            return LocalDate.parse(s.trim(), f).atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1_000_000_000L;
        } catch (DateTimeParseException | NullPointerException e) {
            throw new IllegalArgumentException("column '" + column + "': '" + s + "' is not a date");
        }
    }

    /** The JSON line of a report, with its side and distance to the contact line. */
    public static String line(Report r, String side, double distanceKm) {
        var o = M.createObjectNode();
        o.put("id", r.id());
        o.put("source", r.source());
        o.put("time", java.time.Instant.ofEpochSecond(0, r.timeNs()).toString());
        o.put("lat", r.position().lat());
        o.put("lon", r.position().lon());
        o.put("mgrs", r.position().mgrs());
        o.put("uncertainty_m", Math.round(r.uncertaintyM()));
        o.put("kind", r.kind());
        o.put("description", r.description());
        o.put("side", side);
        o.put("distance_km", Math.round(distanceKm * 10) / 10.0);
        o.put("source_line", r.line());
        try {
            return M.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
