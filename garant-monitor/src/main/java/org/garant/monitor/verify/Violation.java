package org.garant.monitor.verify;

import java.util.List;
import org.garant.geo.LatLon;
import org.garant.geo.Side;

/**
 * A broken rule with its evidence. Immutable.
 *
 * @param id          violation id
 * @param rule        the rule broken
 * @param timeNs      when, ns since the epoch
 * @param position    where (the event's or sighting's position)
 * @param side        the side of the line where it happened
 * @param weapon      the weapon class, when known (null otherwise)
 * @param attribution who fired, with its confidence
 * @param evidence    event, detection, observation or sighting ids
 * @param settlement  the nearest settlement, and {@code settlementKm} its distance
 * @param oblast      the oblast (of the nearest settlement)
 * @param site        for a force-protection alert: the garrison site, and {@code siteKm} its distance; else null
 * @param detail      one line for a human
 */
public record Violation(String id, Rule rule, long timeNs, LatLon position, Side side, String weapon,
                        Attribution attribution, List<String> evidence, String settlement, double settlementKm,
                        String oblast, String site, double siteKm, String detail) implements java.io.Serializable {
    public Violation {
        evidence = List.copyOf(evidence);
    }
}
