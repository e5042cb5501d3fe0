package org.garant.monitor.simulate;

import org.garant.geo.Side;
import org.garant.monitor.sense.KindHint;
import org.garant.monitor.sense.WeaponClass;

/**
 * One true launch or impact of the simulation, for scoring only (the fusion engine never sees it).
 *
 * @param roundId the round it belongs to (a launch and its impact share it)
 * @param kind    {@link KindHint#LAUNCH} or {@link KindHint#IMPACT}
 * @param side    the side that fired the round
 * @param weapon  its weapon class
 * @param timeNs  time of the blast, ns since the epoch
 * @param x       projected easting, metres
 * @param y       projected northing, metres
 */
public record TruthRecord(long roundId, KindHint kind, Side side, WeaponClass weapon, long timeNs, double x, double y) {
}
