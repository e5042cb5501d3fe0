package org.garant.plan.solver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.garant.geo.LatLon;
import org.garant.plan.domain.Capability;
import org.garant.plan.domain.Coalition;
import org.garant.plan.domain.PlanSite;
import org.garant.plan.domain.Pledge;
import org.garant.plan.domain.Readiness;
import org.garant.plan.domain.Requirement;
import org.garant.plan.domain.SiteKind;
import org.junit.jupiter.api.Test;

/** The feasible start: the matching fitted into site capacity, units sent away stationed where there is room. */
class FittedMatchingTest {
    static final PlanSite KYIV = new PlanSite("KYIV", "Kyiv", SiteKind.CITY, true, "Kyiv City", 1000, new LatLon(50.45, 30.52), 430);
    static final PlanSite KHARKIV = new PlanSite("KHARKIV", "Kharkiv", SiteKind.CITY, true, "Kharkiv", 1000, new LatLon(49.99, 36.23), 60);
    static final PlanSite LVIV = new PlanSite("LVIV", "Lviv", SiteKind.CITY, true, "Lviv", 1000, new LatLon(49.84, 24.03), 900);

    @Test
    void anOverFullSiteSendsAwayAUnitWhichIsStationedWhereThereIsRoom() {
        List<Requirement> reqs = List.of(new Requirement("R1", Capability.INFANTRY_BATTALION, 2, "KYIV", 1, 24, 1),
                new Requirement("R2", Capability.INFANTRY_BATTALION, 2, "KHARKIV", 1, 24, 2),
                new Requirement("R3", Capability.INFANTRY_BATTALION, 1, "LVIV", 1, 24, 3));
        Coalition c = new Coalition(Map.of("GBR", "United Kingdom"), List.of(KYIV, KHARKIV, LVIV), reqs, List.of(), Map.of());
        Map<String, Integer> first = Map.of("KYIV", 1, "KHARKIV", 1, "LVIV", 1);
        List<Assignment> units = new ArrayList<>();
        for (String id : List.of("A", "B", "C")) {
            Pledge p = new Pledge(id, "GBR", id, Capability.INFANTRY_BATTALION, 600, Readiness.R1, 20, 1, 24, 6, List.of(), List.of());
            units.add(new Assignment(p, first, null));
        }
        // the matching ignores capacity: two 600-strong battalions in Kyiv's 1,000 places
        Map<String, String> matching = new HashMap<>(Map.of("A", "R1", "B", "R1", "C", "R2"));
        Map<String, List<Assignment>> atSite = new LinkedHashMap<>();
        units.get(0).setSite(KYIV);
        units.get(1).setSite(KYIV);
        units.get(2).setSite(KHARKIV);
        atSite.put("KYIV", new ArrayList<>(List.of(units.get(0), units.get(1))));
        atSite.put("KHARKIV", new ArrayList<>(List.of(units.get(2))));
        Map<String, Requirement> byId = new HashMap<>();
        reqs.forEach(r -> byId.put(r.id(), r));

        List<Assignment> sentAway = Stationer.fitSiteCapacity(atSite, matching, byId);
        assertThat(sentAway).hasSize(1);
        assertThat(sentAway.get(0).getSite()).isNull();

        Stationer.restation(c, sentAway, atSite, matching);
        // Kharkiv (priority 2) has an open slot but no room for a second battalion; Lviv (priority 3) has both
        assertThat(sentAway.get(0).getSite()).isEqualTo(LVIV);
        assertThat(matching).containsEntry(sentAway.get(0).getId(), "R3").hasSize(3);
        Map<String, Integer> load = new HashMap<>();
        units.forEach(a -> load.merge(a.getSite().id(), a.getPledge().personnel(), Integer::sum));
        assertThat(load).containsOnly(Map.entry("KYIV", 600), Map.entry("KHARKIV", 600), Map.entry("LVIV", 600));
    }
}
