package org.garant.monitor.sense;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.garant.geo.GeoInputException;

/**
 * Reading a file of one JSON record per line, the one way every line-oriented format of Garant is read: blank lines
 * are skipped; a line the parser refuses goes to {@code bad} with its number and the parser's message; the others
 * go to {@code good}, in order. A missing or unreadable file is a {@link GeoInputException}. Stateless.
 */
public final class JsonLines {
    /** A line that could not be read: its number (1-based) and why. */
    public record BadLine(long line, String reason) {
    }

    /** Turns one line into a record, or throws IllegalArgumentException (or another RuntimeException) saying why not. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String line);
    }

    private JsonLines() {
    }

    public static <T> void read(Path file, Parser<T> parser, Consumer<T> good, Consumer<BadLine> bad) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            long no = 0;
            while ((line = r.readLine()) != null) {
                no++;
                if (line.isBlank()) {
                    continue;
                }
                T value;
                try {
                    value = parser.parse(line);
                } catch (RuntimeException e) {
                    bad.accept(new BadLine(no, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                    continue;
                }
                good.accept(value);
            }
        } catch (NoSuchFileException e) {
            throw new GeoInputException(file.toString(), "file not found");
        } catch (IOException e) {
            throw new GeoInputException(file.toString(), "cannot be read: " + e.getMessage());
        }
    }
}
