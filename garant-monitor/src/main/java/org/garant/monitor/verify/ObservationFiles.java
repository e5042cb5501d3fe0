package org.garant.monitor.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.garant.geo.LatLon;
import org.garant.monitor.sense.JsonLines;

/**
 * {@code observations.jsonl}: one monitor's report per line:
 * <pre>{"id","lat","lon" | "mgrs","from","to","what","count","direction" (degrees or a 16-point compass point),
 *  "distance" ("1–4 km"),"heading" (incoming|outgoing|undetermined),"weapon","text",
 *  "review" (unverified|verified|rejected),"reviewed_by","review_reason"}</pre>
 * Impossible values are rejected with a message naming the field; accepted lines are kept.
 */
public final class ObservationFiles {
    private static final ObjectMapper M = new ObjectMapper();
    private static final List<String> COMPASS = List.of("N", "NNE", "NE", "ENE", "E", "ESE", "SE", "SSE", "S", "SSW", "SW",
            "WSW", "W", "WNW", "NW", "NNW");
    private static final Pattern BAND = Pattern.compile("\\s*(\\d+(?:\\.\\d+)?)\\s*(?:-|–|—|to)\\s*(\\d+(?:\\.\\d+)?)\\s*(km|m)?\\s*");

    private ObservationFiles() {
    }

    public static List<Observation> read(Path file, Consumer<JsonLines.BadLine> bad) {
        List<Observation> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        JsonLines.read(file, line -> {
            Observation o = parse(line);
            if (!ids.add(o.id())) {
                throw new IllegalArgumentException("field 'id': duplicate '" + o.id() + "'");
            }
            return o;
        }, out::add, bad);
        return out;
    }

    /** Parses one observation; IllegalArgumentException naming the field when a value is impossible. */
    public static Observation parse(String line) {
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
        LatLon p = VerifyFiles.position(o);
        long from = instant(o, "from");
        long to = instant(o, "to");
        if (to < from) {
            throw new IllegalArgumentException("field 'to': the time window is reversed (to is before from)");
        }
        Observation.What what = enumOf(Observation.What.class, o, "what", null);
        int count = o.path("count").asInt(1);
        if (count < 1) {
            throw new IllegalArgumentException("field 'count': " + count + " must be at least 1");
        }
        double bearing;
        double bearingSigma;
        JsonNode dir = o.path("direction");
        if (dir.isNumber()) {
            bearing = dir.asDouble();
            if (!(bearing >= 0 && bearing < 360)) {
                throw new IllegalArgumentException("field 'direction': " + dir.asText() + "° is not a bearing in [0, 360)");
            }
            bearingSigma = 5;
        } else {
            int k = COMPASS.indexOf(dir.asText("").trim().toUpperCase(Locale.ROOT));
            if (k < 0) {
                throw new IllegalArgumentException("field 'direction': '" + dir.asText("") + "' is neither degrees nor a 16-point compass point (N, NNE, ..., NNW)");
            }
            bearing = k * 22.5;
            bearingSigma = 22.5 / Math.sqrt(12);
        }
        Matcher m = BAND.matcher(o.path("distance").asText(""));
        if (!m.matches()) {
            throw new IllegalArgumentException("field 'distance': '" + o.path("distance").asText("") + "' is not a distance band such as '1–4 km'");
        }
        double scale = "m".equals(m.group(3)) ? 0.001 : 1;
        double minKm = Double.parseDouble(m.group(1)) * scale;
        double maxKm = Double.parseDouble(m.group(2)) * scale;
        if (!(maxKm > minKm) || maxKm > 50) {
            throw new IllegalArgumentException("field 'distance': band " + m.group(1) + "–" + m.group(2)
                    + " must go from near to far, within 50 km");
        }
        Observation.Heading heading = enumOf(Observation.Heading.class, o, "heading", Observation.Heading.UNDETERMINED);
        Observation.Review review = enumOf(Observation.Review.class, o, "review", Observation.Review.UNVERIFIED);
        String reviewedBy = o.path("reviewed_by").asText("");
        String reason = o.path("review_reason").asText("");
        if (review != Observation.Review.UNVERIFIED && reviewedBy.isEmpty()) {
            throw new IllegalArgumentException("field 'reviewed_by': a " + review.name().toLowerCase(Locale.ROOT) + " observation names its reviewer");
        }
        if (review == Observation.Review.REJECTED && reason.isEmpty()) {
            throw new IllegalArgumentException("field 'review_reason': a rejection says why");
        }
        return new Observation(id, p, from, to, what, count, bearing, bearingSigma, minKm, maxKm, heading,
                o.path("weapon").asText(""), o.path("text").asText(""), review, reviewedBy, reason);
    }

    private static long instant(JsonNode o, String field) {
        String s = o.path(field).asText("");
        try {
            Instant t = Instant.parse(s);
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("field '" + field + "': '" + s + "' is not an ISO-8601 instant");
        }
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, JsonNode o, String field, E dflt) {
        String s = o.path(field).asText("").trim();
        if (s.isEmpty()) {
            if (dflt == null) {
                throw new IllegalArgumentException("field '" + field + "' is missing");
            }
            return dflt;
        }
        try {
            return Enum.valueOf(type, s.toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_'));
        } catch (IllegalArgumentException e) {
            List<String> names = new ArrayList<>();
            for (E v : type.getEnumConstants()) {
                names.add(v.name().toLowerCase(Locale.ROOT));
            }
            throw new IllegalArgumentException("field '" + field + "': '" + s + "' is not one of " + String.join(", ", names));
        }
    }
}
