package org.garant.monitor.simulate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.garant.geo.GeoInputException;
import org.garant.geo.Side;
import org.garant.geo.TheatreProjection;
import org.garant.monitor.sense.KindHint;
import org.garant.monitor.sense.WeaponClass;

/**
 * {@code truth.jsonl}: one JSON object per true launch or impact:
 * {@code {"round","kind","side","weapon","time","lat","lon"}}.
 */
public final class TruthFiles {
    private static final ObjectMapper M = new ObjectMapper();

    private TruthFiles() {
    }

    /** Writes truth records as they come. */
    public static final class Writer implements AutoCloseable {
        private final BufferedWriter w;

        public Writer(Path file) throws IOException {
            w = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        }

        public void write(TruthRecord r) {
            double[] ll = new double[2];
            TheatreProjection.inverse(r.x(), r.y(), ll);
            ObjectNode o = M.createObjectNode();
            o.put("round", r.roundId());
            o.put("kind", r.kind().name());
            o.put("side", r.side().name());
            o.put("weapon", r.weapon().name());
            o.put("time", Instant.ofEpochSecond(0, r.timeNs()).toString());
            o.put("lat", Math.round(ll[1] * 1e7) / 1e7);
            o.put("lon", Math.round(ll[0] * 1e7) / 1e7);
            try {
                w.write(M.writeValueAsString(o));
                w.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            w.close();
        }
    }

    public static List<TruthRecord> read(Path file) {
        String name = file.toString();
        List<TruthRecord> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long no = 0;
            double[] xy = new double[2];
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonNode o = M.readTree(line);
                    Instant t = Instant.parse(o.get("time").asText());
                    TheatreProjection.forward(o.get("lon").asDouble(), o.get("lat").asDouble(), xy);
                    out.add(new TruthRecord(o.get("round").asLong(), KindHint.valueOf(o.get("kind").asText()),
                            Side.valueOf(o.get("side").asText()), WeaponClass.valueOf(o.get("weapon").asText()),
                            t.getEpochSecond() * 1_000_000_000L + t.getNano(), xy[0], xy[1]));
                } catch (IOException | RuntimeException e) {
                    throw new GeoInputException(name, "line " + no + ": not a truth record (" + e.getMessage() + ")");
                }
            }
        } catch (NoSuchFileException e) {
            throw new GeoInputException(name, "file not found");
        } catch (IOException e) {
            throw new GeoInputException(name, "cannot be read: " + e.getMessage());
        }
        return out;
    }
}
