package org.garant.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.garant.geo.demo.DemoTheatre;
import org.garant.plan.domain.Coalition;
import org.garant.plan.io.CoalitionCsv;
import org.garant.plan.scenario.Scenario;
import org.garant.plan.solver.Stationer;
import org.junit.jupiter.api.Test;

class StationerTest {
    @Test
    void theDemoCoalitionIsStationedFeasiblyNoBetterThanTheBoundAndExplained() {
        Coalition c = CoalitionCsv.demo(DemoTheatre.theatre()).coalition();
        Stationer.Result r = Stationer.solve(c, Scenario.allHold(c.conditions().keySet()), 3, line -> { });
        assertThat(r.hardViolations()).isZero();
        assertThat(r.fillRate()).isLessThanOrEqualTo(r.boundFillRate() + 1e-9);
        assertThat(r.gap()).isLessThan(0.05);
        assertThat(r.assignments()).allSatisfy(a -> assertThat(a.why()).isNotBlank());
        assertThat(r.assignments()).anySatisfy(a -> assertThat(a.why()).startsWith("covers R-KYIV-HQ"));
    }
}
