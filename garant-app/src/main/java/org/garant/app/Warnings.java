package org.garant.app;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.garant.monitor.sense.JsonLines;

/** Reporting skipped input lines on stderr, one line each, naming the file and the line. */
final class Warnings {
    private final PrintWriter err;
    private long count;

    Warnings(PrintWriter err) {
        this.err = err;
    }

    /** A consumer of bad lines of {@code file} that reports each as "skipped". */
    Consumer<JsonLines.BadLine> skipped(Path file) {
        return b -> {
            count++;
            err.println("garant: warning: " + file + ": line " + b.line() + " skipped: " + b.reason());
        };
    }

    /** How many lines were reported. */
    long count() {
        return count;
    }
}
