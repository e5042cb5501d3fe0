package org.garant.plan.solver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.garant.plan.domain.Capability;
import org.garant.plan.domain.Coalition;
import org.garant.plan.domain.Pledge;
import org.garant.plan.domain.Requirement;

/**
 * Sustaining the force: over a horizon, every filled requirement slot is held by a chain of tours; a unit serves at
 * most its tour (the policy's or its own maximum, whichever is shorter), then needs a dwell of {@code dwellFactor}
 * × tour at home before it can serve again, and consecutive tours overlap by the handover. Units of the slot's
 * capability whose caveats allow the site are drawn from the pool of active pledges, earliest available first. Months in which a slot has no
 * unit are gaps: the requirement cannot be sustained then. Stateless.
 */
public final class Rotations {
    /** The rotation policy: tour length, dwell as a multiple of the tour, handover overlap in weeks. */
    public record Policy(int tourMonths, double dwellFactor, int handoverWeeks) {
        public static Policy defaults() {
            return new Policy(6, 2, 2);
        }
    }

    /** One tour: a unit holding a requirement slot from a month to a month (inclusive). */
    public record Tour(String requirement, int slot, String pledge, String nation, int fromMonth, int toMonth) {
    }

    /**
     * The schedule and, per requirement, the months a slot of it is empty (a month appears once per empty slot).
     */
    public record Schedule(List<Tour> tours, Map<String, List<Integer>> gaps) {
        /** Empty slot-months over the horizon. */
        public int gapMonths() {
            return gaps.values().stream().mapToInt(List::size).sum();
        }
    }

    private Rotations() {
    }

    private static boolean allows(Pledge p, org.garant.plan.domain.PlanSite site) {
        return p.caveats().stream().allMatch(c -> c.forbids(site) == null);
    }

    public static Schedule plan(Coalition c, List<Pledge> active, int months, Policy policy) {
        List<Tour> tours = new ArrayList<>();
        Map<String, List<Integer>> gaps = new LinkedHashMap<>();
        for (Capability cap : Capability.values()) {
            List<Pledge> pool = active.stream().filter(p -> p.capability() == cap).toList();
            int[] freeFrom = new int[pool.size()];
            for (int i = 0; i < pool.size(); i++) {
                freeFrom[i] = Math.max(pool.get(i).fromMonth(), 1 + (pool.get(i).daysToDeploy() + 29) / 30 - 1);
            }
            List<Requirement> reqs = c.requirements().stream().filter(r -> r.capability() == cap)
                    .sorted(java.util.Comparator.comparingInt(Requirement::priority)).toList();
            for (Requirement r : reqs) {
                org.garant.plan.domain.PlanSite site = c.site(r.siteId());
                int end = Math.min(months, r.toMonth());
                for (int slot = 0; slot < r.quantity(); slot++) {
                    int month = r.fromMonth();
                    while (month <= end) {
                        int best = -1;
                        for (int i = 0; i < pool.size(); i++) {
                            if (freeFrom[i] <= month && pool.get(i).toMonth() >= month && allows(pool.get(i), site)
                                    && (best < 0 || freeFrom[i] < freeFrom[best])) {
                                best = i;
                            }
                        }
                        if (best < 0) {
                            gaps.computeIfAbsent(r.id(), k -> new ArrayList<>()).add(month);
                            month++;
                            continue;
                        }
                        Pledge p = pool.get(best);
                        int tour = Math.min(policy.tourMonths(), p.maxTourMonths());
                        int last = Math.min(end, Math.min(p.toMonth(), month + tour - 1));
                        tours.add(new Tour(r.id(), slot, p.id(), p.nation(), month, last));
                        // back home after the tour and the handover, then the dwell
                        int served = last - month + 1;
                        freeFrom[best] = last + 1 + (int) Math.ceil(policy.dwellFactor() * served) + (policy.handoverWeeks() > 0 ? 1 : 0);
                        month = last + 1;
                    }
                }
            }
        }
        return new Schedule(tours, gaps);
    }
}
