package org.garant.app;

import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress indicator on stderr, redrawn at most twice a second. */
final class Progress {
    private final PrintWriter err;
    private final String what;
    private final double total;
    private final long startNs = System.nanoTime();
    private long lastNs;

    Progress(PrintWriter err, String what, double total) {
        this.err = err;
        this.what = what;
        this.total = total;
    }

    void update(double done) {
        long now = System.nanoTime();
        if (now - lastNs < 500_000_000L) {
            return;
        }
        lastNs = now;
        double pct = total > 0 ? Math.min(100, 100 * done / total) : 0;
        err.printf(Locale.ROOT, "\r%s: %5.1f %% (%.0f s)", what, pct, (now - startNs) / 1e9);
        err.flush();
    }

    void done() {
        if (lastNs != 0) {
            err.printf(Locale.ROOT, "\r%s: done in %.1f s          %n", what, (System.nanoTime() - startNs) / 1e9);
            err.flush();
        }
    }
}
