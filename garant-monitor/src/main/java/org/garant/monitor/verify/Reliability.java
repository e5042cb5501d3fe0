package org.garant.monitor.verify;

import java.util.ArrayList;
import java.util.List;

/**
 * A reliability table for attribution confidences: per bin, how many attributions, their mean confidence and the
 * share that was right. Calibrated means the two agree.
 */
public final class Reliability {
    private static final double[] EDGES = {0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.99, 1.0000001};
    private final long[] n = new long[EDGES.length - 1];
    private final long[] right = new long[EDGES.length - 1];
    private final double[] conf = new double[EDGES.length - 1];

    /** One bin of the table. */
    public record Bin(double from, double to, long count, double meanConfidence, double accuracy) {
    }

    public void add(double confidence, boolean correct) {
        for (int b = 0; b < n.length; b++) {
            if (confidence >= EDGES[b] && confidence < EDGES[b + 1]) {
                n[b]++;
                conf[b] += confidence;
                if (correct) {
                    right[b]++;
                }
                return;
            }
        }
    }

    public List<Bin> bins() {
        List<Bin> out = new ArrayList<>();
        for (int b = 0; b < n.length; b++) {
            out.add(new Bin(EDGES[b], Math.min(1, EDGES[b + 1]), n[b], n[b] == 0 ? Double.NaN : conf[b] / n[b],
                    n[b] == 0 ? Double.NaN : right[b] / (double) n[b]));
        }
        return out;
    }
}
