package org.garant.plan.domain;

import java.util.List;

/**
 * A nation's offered unit.
 *
 * @param daysToDeploy   days from the decision to deploy to arrival
 * @param fromMonth      first month it is available; {@code toMonth} the last
 * @param maxTourMonths  longest tour it can serve without rotation
 * @param conditions     the conditions it depends on (all must hold)
 * @param caveats        the restrictions on its use
 */
public record Pledge(String id, String nation, String unit, Capability capability, int personnel, Readiness readiness,
                     int daysToDeploy, int fromMonth, int toMonth, int maxTourMonths, List<String> conditions,
                     List<Caveat> caveats) {
    public Pledge {
        if (personnel <= 0) {
            throw new IllegalArgumentException("pledge " + id + ": personnel must be positive");
        }
        if (fromMonth < 1 || toMonth < fromMonth) {
            throw new IllegalArgumentException("pledge " + id + ": months must run from 1 upwards, from ≤ to");
        }
        conditions = List.copyOf(conditions);
        caveats = List.copyOf(caveats);
    }

    public Pledge withCaveat(Caveat c) {
        List<Caveat> cs = new java.util.ArrayList<>(caveats);
        cs.add(c);
        return new Pledge(id, nation, unit, capability, personnel, readiness, daysToDeploy, fromMonth, toMonth, maxTourMonths,
                conditions, cs);
    }
}
