package org.garant.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.garant.geo.LatLon;
import org.garant.geo.demo.DemoTheatre;
import org.garant.plan.domain.Capability;
import org.garant.plan.domain.Caveat;
import org.garant.plan.domain.Coalition;
import org.garant.plan.domain.Pledge;
import org.garant.plan.domain.PlanSite;
import org.garant.plan.domain.Readiness;
import org.garant.plan.domain.Requirement;
import org.garant.plan.domain.SiteKind;
import org.garant.plan.io.CoalitionCsv;
import org.garant.plan.scenario.Evaluation;
import org.garant.plan.scenario.Evaluator;
import org.garant.plan.scenario.Scenario;
import org.junit.jupiter.api.Test;

class EvaluatorTest {
    static final PlanSite KYIV = new PlanSite("KYIV", "Kyiv", SiteKind.CITY, true, "Kyiv City", 5000, new LatLon(50.45, 30.52), 430);
    static final PlanSite KHARKIV = new PlanSite("KHARKIV", "Kharkiv", SiteKind.CITY, true, "Kharkiv", 2000, new LatLon(49.99, 36.23), 60);
    static final PlanSite RZESZOW = new PlanSite("RZESZOW", "Rzeszów", SiteKind.STAGING, false, "Poland", 3000, new LatLon(50.04, 22.0), 800);

    static Pledge pledge(String id, String nation, Capability c, List<String> conds, Caveat... caveats) {
        return new Pledge(id, nation, id, c, c.typicalPersonnel(), Readiness.R1, 20, 1, 24, 6, conds, List.of(caveats));
    }

    static Coalition coalition(List<Requirement> reqs, List<Pledge> pledges) {
        return new Coalition(Map.of("GBR", "UK", "DEU", "Germany", "POL", "Poland"), List.of(KYIV, KHARKIV, RZESZOW), reqs, pledges,
                Map.of("US_BACKSTOP", "backstop"));
    }

    @Test
    void theBoundIsAMaximumMatchingThatRespectsCaveatsAndPriorities() {
        // two infantry slots: Kharkiv (priority 1) and Kyiv (priority 2); pledge A may not serve near the line
        Requirement kharkiv = new Requirement("R1", Capability.INFANTRY_BATTALION, 1, "KHARKIV", 1, 24, 1);
        Requirement kyiv = new Requirement("R2", Capability.INFANTRY_BATTALION, 1, "KYIV", 1, 24, 2);
        Pledge a = pledge("A", "DEU", Capability.INFANTRY_BATTALION, List.of(), new Caveat.MinDistanceKm(100));
        Pledge b = pledge("B", "GBR", Capability.INFANTRY_BATTALION, List.of());
        Evaluation e = Evaluator.evaluate(coalition(List.of(kharkiv, kyiv), List.of(a, b)), new Scenario(Map.of()));
        // greedy in pledge order would put B in Kharkiv or Kyiv arbitrarily; the matching must fill both
        assertThat(e.unitsFillable()).isEqualTo(2);
        assertThat(e.assignment()).containsEntry("A", "R2").containsEntry("B", "R1");
        assertThat(e.fillRate()).isEqualTo(1.0);
        assertThat(e.shortfalls()).isEmpty();
    }

    @Test
    void conditionsSwitchPledgesAndShortfallsSayWhy() {
        Requirement ad = new Requirement("R-AD", Capability.AIR_DEFENCE_BATTERY, 2, "KYIV", 1, 24, 1);
        Pledge p1 = pledge("P1", "DEU", Capability.AIR_DEFENCE_BATTERY, List.of("US_BACKSTOP"));
        Pledge p2 = pledge("P2", "POL", Capability.AIR_DEFENCE_BATTERY, List.of(), new Caveat.SiteKinds(Set.of(SiteKind.STAGING)));
        Pledge p3 = pledge("P3", "GBR", Capability.AIR_DEFENCE_BATTERY, List.of());
        Coalition c = coalition(List.of(ad), List.of(p1, p2, p3));
        Evaluation with = Evaluator.evaluate(c, Scenario.allHold(List.of("US_BACKSTOP")));
        assertThat(with.unitsFillable()).isEqualTo(2);
        Evaluation without = Evaluator.evaluate(c, new Scenario(Map.of("US_BACKSTOP", false)));
        assertThat(without.unitsFillable()).isEqualTo(1);
        assertThat(without.pledgesActive()).isEqualTo(2);
        assertThat(without.shortfalls()).singleElement().satisfies(s -> {
            assertThat(s.missing()).isEqualTo(1);
            assertThat(s.reason()).contains("1 air defence battery pledge awaits US_BACKSTOP")
                    .contains("serves only at [staging] sites");
        });
        assertThat(Evaluator.marginalValues(c, Scenario.allHold(List.of("US_BACKSTOP"))))
                .containsEntry("condition:US_BACKSTOP", 50.0).containsEntry("nation:DEU", 50.0).containsEntry("nation:POL", 0.0);
    }

    @Test
    void fillIsPersonnelWeighted() {
        Requirement hq = new Requirement("HQ", Capability.HEADQUARTERS, 1, "KYIV", 1, 24, 1);
        Requirement inf = new Requirement("INF", Capability.INFANTRY_BATTALION, 1, "KYIV", 1, 24, 1);
        Evaluation e = Evaluator.evaluate(coalition(List.of(hq, inf), List.of(pledge("H", "GBR", Capability.HEADQUARTERS, List.of()))),
                new Scenario(Map.of()));
        assertThat(e.fillRate()).isCloseTo(250.0 / (250 + 600), within(1e-9));
    }

    @Test
    void exhaustiveCheckOnSmallRandomInstances() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(9);
        for (int trial = 0; trial < 200; trial++) {
            List<Requirement> reqs = new ArrayList<>();
            List<PlanSite> sites = List.of(KYIV, KHARKIV, RZESZOW);
            for (int i = 0; i < 3; i++) {
                reqs.add(new Requirement("R" + i, Capability.INFANTRY_BATTALION, 1 + r.nextInt(2), sites.get(r.nextInt(3)).id(), 1, 24, 1));
            }
            List<Pledge> ps = new ArrayList<>();
            for (int j = 0; j < 5; j++) {
                Caveat cv = switch (r.nextInt(3)) {
                    case 0 -> new Caveat.MinDistanceKm(100);
                    case 1 -> new Caveat.SiteKinds(Set.of(SiteKind.STAGING));
                    default -> new Caveat.ForbiddenOblasts(Set.of());
                };
                ps.add(pledge("P" + j, "GBR", Capability.INFANTRY_BATTALION, List.of(), cv));
            }
            Coalition c = coalition(reqs, ps);
            int best = bruteForce(c, reqs, ps, 0, new int[reqs.size()]);
            assertThat(Evaluator.evaluate(c, new Scenario(Map.of())).unitsFillable()).as("trial %d", trial).isEqualTo(best);
        }
    }

    /** Tries every assignment of pledges to requirements (or none). */
    static int bruteForce(Coalition c, List<Requirement> reqs, List<Pledge> ps, int j, int[] used) {
        if (j == ps.size()) {
            return 0;
        }
        int best = bruteForce(c, reqs, ps, j + 1, used);
        for (int i = 0; i < reqs.size(); i++) {
            Requirement r = reqs.get(i);
            if (used[i] < r.quantity() && Evaluator.obstacle(ps.get(j), r, c.site(r.siteId())) == null) {
                used[i]++;
                best = Math.max(best, 1 + bruteForce(c, reqs, ps, j + 1, used));
                used[i]--;
            }
        }
        return best;
    }

    @Test
    void theDemoCoalitionLoadsAndTheBackstopMatters() {
        CoalitionCsv.Result r = CoalitionCsv.demo(DemoTheatre.theatre());
        assertThat(r.coalition().nations()).hasSizeGreaterThanOrEqualTo(30);
        assertThat(r.coalition().pledges()).hasSizeGreaterThan(60);
        Coalition c = r.coalition();
        double with = Evaluator.evaluate(c, Scenario.allHold(c.conditions().keySet())).fillRate();
        double without = Evaluator.evaluate(c, Scenario.allHold(c.conditions().keySet()).with("US_BACKSTOP", false)).fillRate();
        assertThat(with).isGreaterThan(without + 0.05);
    }
}
