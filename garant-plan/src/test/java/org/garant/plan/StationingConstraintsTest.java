package org.garant.plan;

import ai.timefold.solver.test.api.score.stream.ConstraintVerifier;
import java.util.List;
import java.util.Map;
import org.garant.geo.LatLon;
import org.garant.plan.domain.Capability;
import org.garant.plan.domain.Caveat;
import org.garant.plan.domain.PlanSite;
import org.garant.plan.domain.Pledge;
import org.garant.plan.domain.Readiness;
import org.garant.plan.domain.Requirement;
import org.garant.plan.domain.SiteKind;
import org.garant.plan.solver.Assignment;
import org.garant.plan.solver.NationTotal;
import org.garant.plan.solver.StationingConstraints;
import org.garant.plan.solver.StationingPlan;
import org.junit.jupiter.api.Test;

/** One test per constraint, each alone (ConstraintVerifier). */
class StationingConstraintsTest {
    static final ConstraintVerifier<StationingConstraints, StationingPlan> V =
            ConstraintVerifier.build(new StationingConstraints(), StationingPlan.class, Assignment.class);
    static final PlanSite KYIV = new PlanSite("KYIV", "Kyiv", SiteKind.CITY, true, "Kyiv City", 1000, new LatLon(50.45, 30.52), 430);
    static final PlanSite KHARKIV = new PlanSite("KHARKIV", "Kharkiv", SiteKind.CITY, true, "Kharkiv", 1000, new LatLon(49.99, 36.23), 60);
    static final Requirement KYIV_INF = new Requirement("R1", Capability.INFANTRY_BATTALION, 1, "KYIV", 1, 24, 1);

    static Assignment unit(String id, String nation, Capability c, PlanSite site, int fromMonth, Caveat... caveats) {
        Pledge p = new Pledge(id, nation, id, c, c.typicalPersonnel(), Readiness.R1, 20, fromMonth, 24, 6, List.of(), List.of(caveats));
        return new Assignment(p, Map.of("KYIV", 1, "KHARKIV", 1), site);
    }

    @Test
    void caveatForbidsSite() {
        V.verifyThat(StationingConstraints::caveatForbidsSite)
                .given(unit("A", "DEU", Capability.INFANTRY_BATTALION, KHARKIV, 1, new Caveat.MinDistanceKm(100)),
                        unit("B", "DEU", Capability.INFANTRY_BATTALION, KYIV, 1, new Caveat.MinDistanceKm(100)))
                .penalizesBy(1);
    }

    @Test
    void siteCapacity() {
        // two 600-strong battalions in a 1,000-place site: 200 over → 1 + 200/100 = 3
        V.verifyThat(StationingConstraints::siteCapacity)
                .given(unit("A", "GBR", Capability.INFANTRY_BATTALION, KYIV, 1), unit("B", "GBR", Capability.INFANTRY_BATTALION, KYIV, 1))
                .penalizesBy(3);
    }

    @Test
    void capabilityNotNeededAtSite() {
        V.verifyThat(StationingConstraints::capabilityNotNeeded)
                .given(KYIV_INF, unit("A", "GBR", Capability.INFANTRY_BATTALION, KYIV, 1),
                        unit("B", "GBR", Capability.ROLE2_MEDICAL, KYIV, 1))
                .penalizesBy(1);
    }

    @Test
    void notReadyForSite() {
        V.verifyThat(StationingConstraints::notReady)
                .given(unit("A", "GBR", Capability.INFANTRY_BATTALION, KYIV, 3), unit("B", "GBR", Capability.INFANTRY_BATTALION, KYIV, 1))
                .penalizesBy(1);
    }

    @Test
    void requirementCoverageRewardsUpToTheQuantity() {
        // two units for one slot: reward 1 × 600 personnel × priority-1 weight 100 (match weight; the score unit is one medium)
        V.verifyThat(StationingConstraints::coverage)
                .given(KYIV_INF, unit("A", "GBR", Capability.INFANTRY_BATTALION, KYIV, 1), unit("B", "FRA", Capability.INFANTRY_BATTALION, KYIV, 1))
                .rewardsWith(60_000);
    }

    @Test
    void underLeadNation() {
        V.verifyThat(StationingConstraints::underLeadNation)
                .given(unit("E", "EST", Capability.INFANTRY_BATTALION, KYIV, 1, new Caveat.UnderLeadNation("GBR")),
                        unit("G", "GBR", Capability.INFANTRY_BATTALION, KHARKIV, 1))
                .penalizesBy(1);
        V.verifyThat(StationingConstraints::underLeadNation)
                .given(unit("E", "EST", Capability.INFANTRY_BATTALION, KYIV, 1, new Caveat.UnderLeadNation("GBR")),
                        unit("G", "GBR", Capability.INFANTRY_BATTALION, KYIV, 1))
                .penalizesBy(0);
    }

    @Test
    void maxShareAtSite() {
        Assignment a = unit("A", "FRA", Capability.INFANTRY_BATTALION, KYIV, 1, new Caveat.MaxShareAtSite(0.5));
        Assignment b = unit("B", "FRA", Capability.INFANTRY_BATTALION, KYIV, 1);
        V.verifyThat(StationingConstraints::maxShareAtSite).given(a, b, new NationTotal("FRA", 1200)).penalizesBy(1);
        Assignment c = unit("C", "FRA", Capability.INFANTRY_BATTALION, KHARKIV, 1);
        V.verifyThat(StationingConstraints::maxShareAtSite).given(a, c, new NationTotal("FRA", 1200)).penalizesBy(0);
    }

    @Test
    void linesOfCommunicationPreferSitesNearTheEntryPoints() {
        V.verifyThat(StationingConstraints::linesOfCommunication).given(unit("A", "GBR", Capability.INFANTRY_BATTALION, KHARKIV, 1))
                .penalizesBy((int) (StationingConstraints.entryDistanceKm(KHARKIV) / 10));
    }


    @Test
    void unitMoved() {
        Assignment stayed = unit("A", "GBR", Capability.INFANTRY_BATTALION, KYIV, 1);
        stayed.setPreviousSite(KYIV);
        Assignment moved = unit("B", "GBR", Capability.INFANTRY_BATTALION, KHARKIV, 1);
        moved.setPreviousSite(KYIV);
        Assignment fresh = unit("C", "GBR", Capability.INFANTRY_BATTALION, KHARKIV, 1);
        V.verifyThat(StationingConstraints::unitMoved).given(stayed, moved, fresh).penalizesBy(1);
    }

    @Test
    void balancedBurden() {
        // 1,200 personnel at one site: (12)² / 10 = 14; split over two sites: 2 × 36 / 10 = 2 × 3 = 6
        V.verifyThat(StationingConstraints::balancedBurden)
                .given(unit("A", "GBR", Capability.INFANTRY_BATTALION, KYIV, 1), unit("B", "GBR", Capability.INFANTRY_BATTALION, KYIV, 1))
                .penalizesBy(14);
        V.verifyThat(StationingConstraints::balancedBurden)
                .given(unit("A", "GBR", Capability.INFANTRY_BATTALION, KYIV, 1), unit("B", "GBR", Capability.INFANTRY_BATTALION, KHARKIV, 1))
                .penalizesBy(6);
    }
}
