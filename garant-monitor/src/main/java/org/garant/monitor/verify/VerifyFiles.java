package org.garant.monitor.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.garant.geo.LatLon;
import org.garant.geo.Mgrs;
import org.garant.monitor.sense.JsonLines;

/**
 * File formats of verification: {@code sightings.jsonl} in ({@code {"id","time","lat","lon" | "mgrs","weapon",
 * "count","source"}}), {@code violations.jsonl} and {@code alerts.jsonl} out.
 */
public final class VerifyFiles {
    private static final ObjectMapper M = new ObjectMapper();

    private VerifyFiles() {
    }

    public static String violationLine(Violation v) {
        ObjectNode o = M.createObjectNode();
        o.put("id", v.id());
        o.put("rule", v.rule().name());
        o.put("time", Instant.ofEpochSecond(0, v.timeNs()).toString());
        o.put("lat", Math.round(v.position().lat() * 1e6) / 1e6);
        o.put("lon", Math.round(v.position().lon() * 1e6) / 1e6);
        o.put("mgrs", v.position().mgrs());
        o.put("side", v.side().name());
        if (v.weapon() != null) {
            o.put("weapon", v.weapon());
        }
        o.put("attribution", v.attribution().label());
        o.put("confidence", Math.round(v.attribution().confidence() * 10000) / 10000.0);
        o.put("oblast", v.oblast());
        o.put("nearest_settlement", v.settlement());
        o.put("settlement_km", Math.round(v.settlementKm() * 10) / 10.0);
        if (v.site() != null) {
            o.put("site", v.site());
            o.put("site_km", Math.round(v.siteKm() * 10) / 10.0);
        }
        o.put("detail", v.detail());
        ArrayNode ev = o.putArray("evidence");
        v.evidence().forEach(ev::add);
        try {
            return M.writeValueAsString(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads violations (or alerts) written by {@link #violationLine}; bad lines go to {@code bad}. */
    public static List<Violation> readViolations(Path file, Consumer<JsonLines.BadLine> bad) {
        List<Violation> out = new ArrayList<>();
        JsonLines.read(file, VerifyFiles::parseViolation, out::add, bad);
        return out;
    }

    /** Parses one violation written by {@link #violationLine}; IllegalArgumentException when it is not one. */
    public static Violation parseViolation(String line) {
        try {
            JsonNode o = M.readTree(line);
            Instant t = Instant.parse(o.path("time").asText());
            String att = o.path("attribution").asText("UNDETERMINED");
            Attribution a = att.equals("UNDETERMINED") ? new Attribution(null, o.path("confidence").asDouble(0.5))
                    : new Attribution(org.garant.geo.Side.valueOf(att), o.path("confidence").asDouble(1));
            List<String> ev = new ArrayList<>();
            o.path("evidence").forEach(x -> ev.add(x.asText()));
            return new Violation(o.path("id").asText(), Rule.valueOf(o.path("rule").asText()),
                    t.getEpochSecond() * 1_000_000_000L + t.getNano(), new LatLon(o.path("lat").asDouble(), o.path("lon").asDouble()),
                    org.garant.geo.Side.valueOf(o.path("side").asText("OUTSIDE")), o.hasNonNull("weapon") ? o.get("weapon").asText() : null,
                    a, ev, o.path("nearest_settlement").asText(""), o.path("settlement_km").asDouble(Double.NaN),
                    o.path("oblast").asText(""), o.hasNonNull("site") ? o.get("site").asText() : null,
                    o.path("site_km").asDouble(Double.NaN), o.path("detail").asText(""));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("not a violation: " + e.getMessage());
        }
    }

    /** Reads sightings; each bad line goes to {@code bad} with its number and the field at fault, the rest are kept. */
    public static List<Sighting> readSightings(Path file, Consumer<JsonLines.BadLine> bad) {
        List<Sighting> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        JsonLines.read(file, line -> {
            Sighting s = parseSighting(line);
            if (!ids.add(s.id())) {
                throw new IllegalArgumentException("field 'id': duplicate '" + s.id() + "'");
            }
            return s;
        }, out::add, bad);
        return out;
    }

    /** Parses one sighting; IllegalArgumentException naming the field when it is bad. */
    public static Sighting parseSighting(String line) {
        JsonNode o;
        try {
            o = M.readTree(line);
        } catch (IOException e) {
            throw new IllegalArgumentException("malformed JSON");
        }
        if (o == null || !o.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String id = o.path("id").asText("");
        if (id.isEmpty()) {
            throw new IllegalArgumentException("field 'id' is missing");
        }
        Instant t;
        try {
            t = Instant.parse(o.path("time").asText(""));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field 'time': '" + o.path("time").asText("") + "' is not an ISO-8601 instant");
        }
        LatLon p = position(o);
        SightingClass w = SightingClass.parse(o.path("weapon").asText(""));
        int count = o.path("count").asInt(1);
        if (count < 1) {
            throw new IllegalArgumentException("field 'count': " + count + " must be at least 1");
        }
        return new Sighting(id, t.getEpochSecond() * 1_000_000_000L + t.getNano(), p, w, count, o.path("source").asText(""));
    }

    /** A position given as {@code lat}/{@code lon} or as {@code mgrs}; errors name the field. */
    public static LatLon position(JsonNode o) {
        if (o.hasNonNull("mgrs")) {
            try {
                return Mgrs.parse(o.get("mgrs").asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("field 'mgrs': " + e.getMessage());
            }
        }
        if (!o.path("lat").isNumber()) {
            throw new IllegalArgumentException("field 'lat' is missing or not a number (or give 'mgrs')");
        }
        if (!o.path("lon").isNumber()) {
            throw new IllegalArgumentException("field 'lon' is missing or not a number");
        }
        try {
            return new LatLon(o.get("lat").asDouble(), o.get("lon").asDouble());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field '" + (Math.abs(o.get("lat").asDouble()) > 90 ? "lat" : "lon") + "': " + e.getMessage());
        }
    }
}
