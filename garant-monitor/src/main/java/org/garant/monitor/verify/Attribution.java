package org.garant.monitor.verify;

import org.garant.geo.Side;

/**
 * Which side fired: the side of the contact line the round's origin lies on, with the probability that it does.
 *
 * @param side       {@link Side#UKRAINE_HELD} or {@link Side#OCCUPIED}; null when undetermined
 * @param confidence probability that the origin is on {@code side} (0.5–1), or the larger of the two when
 *                   undetermined
 */
public record Attribution(Side side, double confidence) implements java.io.Serializable {
    public static final Attribution UNKNOWN_ORIGIN = new Attribution(null, 0.5);

    public boolean determined() {
        return side != null;
    }

    /** {@code UKRAINE_HELD}, {@code OCCUPIED} or {@code UNDETERMINED}. */
    public String label() {
        return side == null ? "UNDETERMINED" : side.name();
    }
}
