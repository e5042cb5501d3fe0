package org.garant.plan.domain;

import java.util.List;
import java.util.Map;

/**
 * Everything a plan is made of: nations (ISO3 → name), sites, the statement of requirements, pledges and the
 * conditions (id → description). Immutable.
 */
public record Coalition(Map<String, String> nations, List<PlanSite> sites, List<Requirement> requirements,
                        List<Pledge> pledges, Map<String, String> conditions) {
    public Coalition {
        nations = Map.copyOf(nations);
        sites = List.copyOf(sites);
        requirements = List.copyOf(requirements);
        pledges = List.copyOf(pledges);
        conditions = Map.copyOf(conditions);
    }

    public PlanSite site(String id) {
        return sites.stream().filter(s -> s.id().equals(id)).findFirst().orElse(null);
    }
}
