package org.garant.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.garant.geo.demo.DemoTheatre;
import org.garant.plan.domain.Capability;
import org.garant.plan.domain.Coalition;
import org.garant.plan.domain.Pledge;
import org.garant.plan.domain.Requirement;
import org.garant.plan.io.CoalitionCsv;
import org.garant.plan.scenario.Scenario;
import org.garant.plan.solver.Rotations;
import org.garant.plan.solver.Stationer;
import org.junit.jupiter.api.Test;

class RotationsAndReplanTest {
    @Test
    void oneSlotOver24MonthsNeedsThreeUnitsWithSixMonthToursAndDoubleDwell() {
        Requirement r = new Requirement("R", Capability.INFANTRY_BATTALION, 1, "KYIV", 1, 24, 1);
        Coalition c = new Coalition(Map.of("GBR", "UK"), List.of(EvaluatorTest.KYIV), List.of(r), List.of(), Map.of());
        List<Pledge> two = List.of(EvaluatorTest.pledge("A", "GBR", Capability.INFANTRY_BATTALION, List.of()),
                EvaluatorTest.pledge("B", "GBR", Capability.INFANTRY_BATTALION, List.of()));
        Rotations.Schedule s2 = Rotations.plan(c, two, 24, Rotations.Policy.defaults());
        assertThat(s2.gapMonths()).isPositive();   // A 1–6, B 7–12, A free again only after 12 months of dwell + handover
        List<Pledge> three = new java.util.ArrayList<>(two);
        three.add(EvaluatorTest.pledge("C", "GBR", Capability.INFANTRY_BATTALION, List.of()));
        three.add(EvaluatorTest.pledge("D", "GBR", Capability.INFANTRY_BATTALION, List.of()));
        Rotations.Schedule s4 = Rotations.plan(c, three, 24, Rotations.Policy.defaults());
        assertThat(s4.gapMonths()).isZero();
        assertThat(s4.tours()).extracting(Rotations.Tour::fromMonth).containsExactly(1, 7, 13, 19);
    }

    @Test
    void replanningAfterAWithdrawalMovesFewUnits() {
        Coalition c = CoalitionCsv.demo(DemoTheatre.theatre()).coalition();
        Scenario s = Scenario.allHold(c.conditions().keySet());
        Stationer.Result first = Stationer.solve(c, s, 2, l -> { });
        Map<String, String> previous = new HashMap<>();
        first.assignments().forEach(a -> {
            if (a.site() != null) {
                previous.put(a.pledge(), a.site());
            }
        });
        Coalition after = new Coalition(c.nations(), c.sites(), c.requirements(),
                c.pledges().stream().filter(p -> !p.nation().equals("FRA")).toList(), c.conditions());
        Stationer.Result r = Stationer.replan(after, s, previous, 1, l -> { });
        assertThat(r.hardViolations()).isZero();
        assertThat(r.assignments()).noneMatch(a -> a.nation().equals("FRA"));
        assertThat(r.movedUnits()).isLessThanOrEqualTo(previous.size() / 4);
        assertThat(r.fillRate()).isLessThanOrEqualTo(r.boundFillRate() + 1e-9);
    }
}
