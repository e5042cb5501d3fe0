package org.garant.plan.solver;

import ai.timefold.solver.core.api.domain.solution.PlanningEntityCollectionProperty;
import ai.timefold.solver.core.api.domain.solution.PlanningScore;
import ai.timefold.solver.core.api.domain.solution.PlanningSolution;
import ai.timefold.solver.core.api.domain.solution.ProblemFactCollectionProperty;
import ai.timefold.solver.core.api.domain.valuerange.ValueRangeProvider;
import ai.timefold.solver.core.api.score.buildin.hardmediumsoft.HardMediumSoftScore;
import java.util.List;
import org.garant.plan.domain.PlanSite;
import org.garant.plan.domain.Requirement;

/** The stationing problem: sites and requirements are facts; each active unit's site is planned. */
@PlanningSolution
public class StationingPlan {
    @ProblemFactCollectionProperty
    @ValueRangeProvider
    private List<PlanSite> sites;
    @ProblemFactCollectionProperty
    private List<Requirement> requirements;
    @ProblemFactCollectionProperty
    private List<NationTotal> nationTotals;
    @PlanningEntityCollectionProperty
    private List<Assignment> assignments;
    @PlanningScore
    private HardMediumSoftScore score;

    public StationingPlan() {
    }

    public StationingPlan(List<PlanSite> sites, List<Requirement> requirements, List<NationTotal> nationTotals,
                          List<Assignment> assignments) {
        this.sites = sites;
        this.requirements = requirements;
        this.nationTotals = nationTotals;
        this.assignments = assignments;
    }

    public List<PlanSite> getSites() {
        return sites;
    }

    public List<Requirement> getRequirements() {
        return requirements;
    }

    public List<NationTotal> getNationTotals() {
        return nationTotals;
    }

    public List<Assignment> getAssignments() {
        return assignments;
    }

    public HardMediumSoftScore getScore() {
        return score;
    }

    public void setScore(HardMediumSoftScore score) {
        this.score = score;
    }
}
