package org.garant.monitor.sense;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.garant.geo.GeoInputException;
import org.garant.geo.LatLon;
import org.garant.geo.io.Csv;

/**
 * The monitoring network's file formats.
 * <ul>
 *   <li>{@code sensors.csv}: {@code id,kind,lat,lon,clock_sigma_ms,range_km,pd_near,false_alarms_per_hour,bearing_sigma_deg}
 *       (bearing σ empty for sensors without a bearing);</li>
 *   <li>{@code detections.jsonl}: one JSON object per line,
 *       {@code {"id","sensor","time","bearing_deg","bearing_sigma_deg","kind","amplitude"}}, {@code time} an ISO-8601
 *       instant with up to nanosecond digits, bearing fields absent without a bearing, {@code kind} LAUNCH, IMPACT
 *       or UNKNOWN.</li>
 * </ul>
 * Readers report each bad record with its line and reason and go on; nothing is dropped silently.
 */
public final class MonitorFiles {
    private static final JsonFactory JSON = JsonFactory.builder().enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private MonitorFiles() {
    }

    // ------------------------------------------------------------------ sensors

    public static void writeSensors(Path file, List<Sensor> sensors) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("id,kind,lat,lon,clock_sigma_ms,range_km,pd_near,false_alarms_per_hour,bearing_sigma_deg\n");
            for (Sensor s : sensors) {
                w.write(String.format(Locale.ROOT, "%s,%s,%.6f,%.6f,%.3f,%.3f,%.3f,%.3f,%s%n", s.id(), s.kind(),
                        s.position().lat(), s.position().lon(), s.clockSigmaS() * 1000, s.rangeM() / 1000, s.pdNear(),
                        s.falseAlarmsPerHour(), s.reportsBearing() ? String.format(Locale.ROOT, "%.3f", s.bearingSigmaDeg()) : ""));
            }
        }
    }

    /** Reads sensors; a bad row refuses the whole file (a network with a wrong sensor would mislead). */
    public static List<Sensor> readSensors(Path file) {
        String name = file.toString();
        List<Sensor> out = new ArrayList<>();
        java.util.Set<String> ids = new java.util.HashSet<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Csv csv = new Csv(r, name);
            csv.requireColumns(List.of("id", "kind", "lat", "lon", "clock_sigma_ms", "range_km"),
                    "a sensors file needs id, kind, lat, lon, clock_sigma_ms, range_km");
            for (Csv.Row row = csv.next(); row != null; row = csv.next()) {
                String id = row.get("id");
                if (id.isEmpty()) {
                    throw row.error("id", "is empty");
                }
                if (!ids.add(id)) {
                    throw row.error("id", "duplicate sensor id '" + id + "'");
                }
                SensorKind kind;
                try {
                    kind = SensorKind.valueOf(row.get("kind").toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw row.error("kind", "'" + row.get("kind") + "' is not one of ACOUSTIC_ARRAY, MICROPHONE, RADAR, CAMERA");
                }
                LatLon p;
                try {
                    p = new LatLon(row.number("lat"), row.number("lon"));
                } catch (IllegalArgumentException e) {
                    throw row.error("lat", e.getMessage());
                }
                String bs = row.get("bearing_sigma_deg");
                double bearingSigma = bs == null || bs.isEmpty() ? Double.NaN : row.number("bearing_sigma_deg");
                double pd = row.get("pd_near") == null || row.get("pd_near").isEmpty() ? 0.95 : row.number("pd_near");
                double fa = row.get("false_alarms_per_hour") == null || row.get("false_alarms_per_hour").isEmpty() ? 0
                        : row.number("false_alarms_per_hour");
                try {
                    out.add(Sensor.of(id, p, kind, row.number("clock_sigma_ms") / 1000, row.number("range_km") * 1000, pd, fa, bearingSigma));
                } catch (IllegalArgumentException e) {
                    throw row.error("clock_sigma_ms", e.getMessage());
                }
            }
        } catch (NoSuchFileException e) {
            throw new GeoInputException(name, "file not found");
        } catch (IOException e) {
            throw new GeoInputException(name, "cannot be read: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new GeoInputException(name, "has no sensors");
        }
        return out;
    }

    // ------------------------------------------------------------------ detections

    public static String detectionLine(Detection d) {
        StringWriter sw = new StringWriter(160);
        try (JsonGenerator g = JSON.createGenerator(sw)) {
            g.writeStartObject();
            g.writeStringField("id", d.id());
            g.writeStringField("sensor", d.sensorId());
            g.writeStringField("time", Instant.ofEpochSecond(0, d.arrivalNs()).toString());
            if (d.hasBearing()) {
                double bearing = Math.round(d.bearingDeg() * 1000) / 1000.0;
                // 359.9996 rounds to 360.0, which no reader takes (bearings are in [0, 360)): it is north, 0
                g.writeNumberField("bearing_deg", bearing >= 360 ? bearing - 360 : bearing);
                g.writeNumberField("bearing_sigma_deg", d.bearingSigmaDeg());
            }
            g.writeStringField("kind", d.kindHint().name());
            g.writeNumberField("amplitude", Math.round(d.amplitude() * 10) / 10.0);
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return sw.toString();
    }

    /** One event as a JSON line (see docs/ARCHITECTURE.md for the keys). */
    public static String eventLine(Event e) {
        return eventLine(e, g -> { });
    }

    /** Keys a caller adds to an event's line (the server: side and attribution). */
    @FunctionalInterface
    public interface MoreFields {
        void write(JsonGenerator g) throws IOException;
    }

    /** As {@link #eventLine(Event)}, with the caller's keys after the event's own. */
    public static String eventLine(Event e, MoreFields more) {
        StringWriter sw = new StringWriter(256);
        try (JsonGenerator g = JSON.createGenerator(sw)) {
            double[] el = e.ellipse();
            g.writeStartObject();
            g.writeStringField("id", e.id());
            g.writeStringField("time", Instant.ofEpochSecond(0, e.timeNs()).toString());
            g.writeNumberField("lat", Math.round(e.position().lat() * 1e7) / 1e7);
            g.writeNumberField("lon", Math.round(e.position().lon() * 1e7) / 1e7);
            g.writeStringField("mgrs", e.position().mgrs());
            g.writeStringField("kind", e.kind().name());
            if (e.weaponClass() != null) {
                g.writeStringField("weapon_class", e.weaponClass().name());
            }
            if (e.pairedWith() != null) {
                g.writeStringField("paired_with", e.pairedWith());
            }
            g.writeArrayFieldStart("cov_m2");
            g.writeNumber(round3(e.cxx()));
            g.writeNumber(round3(e.cxy()));
            g.writeNumber(round3(e.cyy()));
            g.writeEndArray();
            g.writeObjectFieldStart("ellipse");
            g.writeNumberField("major_m", round3(el[0]));
            g.writeNumberField("minor_m", round3(el[1]));
            g.writeNumberField("orientation_deg", Math.round(el[2] * 10) / 10.0);
            g.writeEndObject();
            g.writeNumberField("cep50_m", round3(e.cep50M()));
            g.writeNumberField("crlb_sigma_m", round3(e.crlbSigmaM()));
            g.writeNumberField("residual_rms_ms", round3(e.residualRmsS() * 1000));
            g.writeNumberField("sensors", e.sensors());
            g.writeArrayFieldStart("detections");
            for (String id : e.detectionIds()) {
                g.writeString(id);
            }
            g.writeEndArray();
            more.write(g);
            g.writeEndObject();
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        return sw.toString();
    }

    /** Reads events written by {@link #eventLine}; bad lines go to {@code bad} with their number. */
    public static List<Event> readEvents(Path file, Consumer<JsonLines.BadLine> bad) {
        List<Event> out = new ArrayList<>();
        JsonLines.read(file, MonitorFiles::parseEvent, out::add, bad);
        return out;
    }

    /** One event line as {@link #eventLine} writes it; IllegalArgumentException saying what is wrong. */
    public static Event parseEvent(String line) {
        try {
            com.fasterxml.jackson.databind.JsonNode o = JSON_MAPPER.readTree(line);
            Instant t = Instant.parse(o.path("time").asText());
            LatLon p = new LatLon(o.path("lat").asDouble(Double.NaN), o.path("lon").asDouble(Double.NaN));
            double[] xy = new double[2];
            org.garant.geo.TheatreProjection.forward(p.lon(), p.lat(), xy);
            com.fasterxml.jackson.databind.JsonNode cov = o.path("cov_m2");
            List<String> ids = new ArrayList<>();
            o.path("detections").forEach(d -> ids.add(d.asText()));
            return new Event(o.path("id").asText(), t.getEpochSecond() * 1_000_000_000L + t.getNano(), p, xy[0], xy[1],
                    cov.path(0).asDouble(1e4), cov.path(1).asDouble(0), cov.path(2).asDouble(1e4),
                    KindHint.valueOf(o.path("kind").asText("UNKNOWN")),
                    o.hasNonNull("weapon_class") ? WeaponClass.valueOf(o.get("weapon_class").asText()) : null,
                    ids, o.path("residual_rms_ms").asDouble(0) / 1000, o.path("crlb_sigma_m").asDouble(Double.NaN),
                    o.hasNonNull("paired_with") ? o.get("paired_with").asText() : null);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not an event: " + e.getMessage());
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON_MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    private static double round3(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /**
     * Reads detections line by line, handing each good one to {@code good} and each bad one (malformed JSON, missing
     * or mistyped fields, non-finite numbers, bad times) to {@code bad}; blank lines are skipped.
     */
    public static void readDetections(Path file, Consumer<Detection> good, Consumer<JsonLines.BadLine> bad) {
        JsonLines.read(file, MonitorFiles::parseDetection, good, bad);
    }

    /** Parses one detection line; IllegalArgumentException naming the field when it is bad; unknown fields are skipped. */
    public static Detection parseDetection(String line) {
        return parseDetection(line, false);
    }

    /**
     * Parses one detection; IllegalArgumentException naming the field when it is bad. {@code strict} also refuses
     * fields it does not know (the HTTP ingest), where a file reader skips them.
     */
    public static Detection parseDetection(String line, boolean strict) {
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return parseDetection(p, strict);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage().split("\n")[0]);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON: " + e.getMessage());
        }
    }

    /**
     * Parses one detection from a parser standing on its object's START_OBJECT, leaving it on the END_OBJECT (a batch
     * is read in one pass, not each detection again). IllegalArgumentException naming the field when a value is bad;
     * the parser's own exception when the JSON is malformed (it knows the line and column).
     */
    public static Detection parseDetection(JsonParser p, boolean strict) throws IOException {
        String id = null;
        String sensor = null;
        String time = null;
        double bearing = Double.NaN;
        double bearingSigma = Double.NaN;
        boolean hasBearing = false;
        KindHint kind = KindHint.UNKNOWN;
        double amplitude = Double.NaN;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String f = p.currentName();
            JsonToken v = p.nextToken();
            switch (f) {
                case "id" -> id = text(p, v, f);
                case "sensor" -> sensor = text(p, v, f);
                case "time" -> time = text(p, v, f);
                case "bearing_deg" -> {
                    bearing = number(p, v, f);
                    hasBearing = true;
                }
                case "bearing_sigma_deg" -> bearingSigma = number(p, v, f);
                case "kind" -> {
                    String k = text(p, v, f);
                    try {
                        kind = KindHint.valueOf(k.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("field 'kind': '" + k + "' is not LAUNCH, IMPACT or UNKNOWN");
                    }
                }
                case "amplitude" -> amplitude = number(p, v, f);
                default -> {
                    if (strict) {
                        throw new IllegalArgumentException("field '" + f + "' is unknown (known: amplitude, bearing_deg, "
                                + "bearing_sigma_deg, id, kind, sensor, time)");
                    }
                    p.skipChildren();
                }
            }
        }
        if (p.currentToken() != JsonToken.END_OBJECT) {
            throw new IllegalArgumentException("malformed JSON object");
        }
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("field 'id' is missing");
        }
        if (sensor == null || sensor.isEmpty()) {
            throw new IllegalArgumentException("field 'sensor' is missing");
        }
        if (time == null) {
            throw new IllegalArgumentException("field 'time' is missing");
        }
        long ns;
        try {
            ns = instantNs(time);
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new IllegalArgumentException("field 'time': '" + time + "' is not an ISO-8601 instant such as 2026-05-01T12:00:00.123456789Z");
        }
        if (hasBearing) {
            if (!Double.isFinite(bearing) || bearing < 0 || bearing >= 360) {
                throw new IllegalArgumentException("field 'bearing_deg': " + bearing + " is not a bearing in [0, 360)");
            }
            if (!Double.isFinite(bearingSigma) || !(bearingSigma > 0)) {
                throw new IllegalArgumentException("field 'bearing_sigma_deg': " + bearingSigma + " must be a positive number with a bearing");
            }
        } else {
            bearingSigma = Double.NaN;
        }
        if (!Double.isNaN(amplitude) && !Double.isFinite(amplitude)) {
            throw new IllegalArgumentException("field 'amplitude' is not finite");
        }
        return new Detection(id, sensor, ns, bearing, bearingSigma, kind, amplitude);
    }

    /**
     * An ISO-8601 instant as nanoseconds since the epoch. The form sensors send, {@code 2026-05-01T12:00:00.123456789Z},
     * is read directly (about ten times faster than {@link Instant#parse}, which the ingest felt); anything else goes
     * to {@link Instant#parse}.
     *
     * @throws DateTimeParseException when it is not an instant
     */
    public static long instantNs(String s) {
        int n = s.length();
        if (n >= 20 && n <= 30 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T' && s.charAt(13) == ':'
                && s.charAt(16) == ':' && s.charAt(n - 1) == 'Z') {
            int year = digits(s, 0, 4);
            int month = digits(s, 5, 7);
            int day = digits(s, 8, 10);
            int hour = digits(s, 11, 13);
            int minute = digits(s, 14, 16);
            int second = digits(s, 17, 19);
            long nano = 0;
            boolean ok = year >= 0 && month >= 1 && month <= 12 && day >= 1 && hour >= 0 && hour < 24 && minute >= 0 && minute < 60
                    && second >= 0 && second < 60;
            if (ok && n > 20) {
                ok = s.charAt(19) == '.' && n > 21;
                for (int i = 20; ok && i < n - 1; i++) {
                    char c = s.charAt(i);
                    ok = c >= '0' && c <= '9';
                    nano = nano * 10 + (c - '0');
                }
                for (int i = n - 1 - 20; i < 9; i++) {
                    nano *= 10;
                }
            } else if (ok) {
                ok = s.charAt(19) == 'Z';
            }
            if (ok && day <= java.time.YearMonth.of(year, month).lengthOfMonth()) {
                long days = java.time.LocalDate.of(year, month, day).toEpochDay();
                long seconds = days * 86_400 + hour * 3600L + minute * 60L + second;
                return Math.addExact(Math.multiplyExact(seconds, 1_000_000_000L), nano);
            }
        }
        Instant t = Instant.parse(s);
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static String text(JsonParser p, JsonToken v, String f) throws IOException {
        if (v != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("field '" + f + "' must be a string");
        }
        return p.getText();
    }

    private static double number(JsonParser p, JsonToken v, String f) throws IOException {
        if (v != JsonToken.VALUE_NUMBER_FLOAT && v != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException("field '" + f + "' must be a number");
        }
        double d = p.getDoubleValue();
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("field '" + f + "' is " + d + ", not a finite number");
        }
        return d;
    }
}
