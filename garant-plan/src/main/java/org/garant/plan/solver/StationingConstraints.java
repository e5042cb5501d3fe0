package org.garant.plan.solver;

import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.countBi;
import static ai.timefold.solver.core.api.score.stream.ConstraintCollectors.sum;
import static ai.timefold.solver.core.api.score.stream.Joiners.equal;

import ai.timefold.solver.core.api.score.buildin.hardmediumsoft.HardMediumSoftScore;
import ai.timefold.solver.core.api.score.stream.Constraint;
import ai.timefold.solver.core.api.score.stream.ConstraintFactory;
import ai.timefold.solver.core.api.score.stream.ConstraintProvider;
import java.util.Map;
import org.garant.geo.TheatreProjection;
import org.garant.plan.domain.PlanSite;
import org.garant.plan.domain.Requirement;

/**
 * The stationing constraints, one method each, each with a name and a justification a planner can read
 * ({@link #JUSTIFICATIONS}).
 * <ul>
 *   <li>hard: a caveat forbids the site; site capacity exceeded; the capability is not needed at the site; the unit
 *       is not available or ready for the site's first requirement;</li>
 *   <li>medium: requirement coverage, personnel-weighted, priority 1 counting 100×, 2 10×, 3 1×; in re-planning,
 *       a cost per moved unit;</li>
 *   <li>soft: units serve with their lead nation; no more than a nation's share at one site; short lines of
 *       communication from the entry points (Rzeszów, Constanța); a balanced burden across sites.</li>
 * </ul>
 */
public final class StationingConstraints implements ConstraintProvider {
    /** What each constraint means, for the plan's explanations. */
    public static final Map<String, String> JUSTIFICATIONS = Map.of(
            "caveat forbids site", "a national caveat forbids this site for this unit",
            "site capacity", "the site cannot host more personnel than its capacity",
            "capability not needed at site", "no requirement at this site asks for this capability",
            "not ready for site", "the unit is not available or cannot deploy in time for the site's first requirement",
            "requirement coverage", "covers a requirement of the statement of requirements (priority 1 weighs most)",
            "under lead nation", "a unit whose nation serves under a lead nation should be where that nation is",
            "max share at site", "no more than the nation's stated share of its force at one site",
            "lines of communication", "sites nearer the entry points are easier to sustain",
            "unit moved", "re-planning keeps units where they stand unless moving them fills a priority slot",
            "balanced burden", "the force is spread over the sites rather than piled into a few (each site's load counts squared)");

    @Override
    public Constraint[] defineConstraints(ConstraintFactory f) {
        return new Constraint[] {caveatForbidsSite(f), siteCapacity(f), capabilityNotNeeded(f), notReady(f), coverage(f),
                underLeadNation(f), maxShareAtSite(f), linesOfCommunication(f), unitMoved(f), balancedBurden(f)};
    }

    public Constraint caveatForbidsSite(ConstraintFactory f) {
        return f.forEach(Assignment.class).filter(a -> a.forbiddenBy() != null)
                .penalize(HardMediumSoftScore.ONE_HARD).asConstraint("caveat forbids site");
    }

    public Constraint siteCapacity(ConstraintFactory f) {
        return f.forEach(Assignment.class).filter(a -> a.getSite() != null)
                .groupBy(Assignment::getSite, sum(a -> a.getPledge().personnel()))
                .filter((site, personnel) -> personnel > site.capacity())
                .penalize(HardMediumSoftScore.ONE_HARD, (site, personnel) -> 1 + (personnel - site.capacity()) / 100)
                .asConstraint("site capacity");
    }

    public Constraint capabilityNotNeeded(ConstraintFactory f) {
        return f.forEach(Assignment.class).filter(a -> a.getSite() != null)
                .ifNotExists(Requirement.class, equal(a -> a.getSite().id(), Requirement::siteId),
                        equal(a -> a.getPledge().capability(), Requirement::capability))
                .penalize(HardMediumSoftScore.ONE_HARD).asConstraint("capability not needed at site");
    }

    public Constraint notReady(ConstraintFactory f) {
        return f.forEach(Assignment.class).filter(a -> a.getSite() != null && !a.readyForSite())
                .penalize(HardMediumSoftScore.ONE_HARD).asConstraint("not ready for site");
    }

    public Constraint coverage(ConstraintFactory f) {
        return f.forEach(Requirement.class)
                .join(f.forEach(Assignment.class).filter(a -> a.getSite() != null && a.readyForSite() && a.forbiddenBy() == null),
                        equal(Requirement::siteId, a -> a.getSite().id()),
                        equal(Requirement::capability, a -> a.getPledge().capability()))
                .groupBy((r, a) -> r, countBi())
                .reward(HardMediumSoftScore.ONE_MEDIUM, (r, n) -> Math.min(n, r.quantity()) * r.capability().typicalPersonnel() * weight(r))
                .asConstraint("requirement coverage");
    }

    static int weight(Requirement r) {
        return r.priority() == 1 ? 100 : r.priority() == 2 ? 10 : 1;
    }

    public Constraint underLeadNation(ConstraintFactory f) {
        return f.forEach(Assignment.class).filter(a -> a.getSite() != null && a.leadNation() != null)
                .ifNotExists(Assignment.class, equal(a -> a.leadNation(), Assignment::nation),
                        equal(Assignment::getSite, Assignment::getSite))
                .penalize(HardMediumSoftScore.ofSoft(100)).asConstraint("under lead nation");
    }

    public Constraint maxShareAtSite(ConstraintFactory f) {
        return f.forEach(Assignment.class).filter(a -> a.getSite() != null && a.maxShare() < 1)
                .join(NationTotal.class, equal(Assignment::nation, NationTotal::nation))
                .join(Assignment.class, equal((a, t) -> a.nation(), Assignment::nation), equal((a, t) -> a.getSite(), Assignment::getSite))
                .groupBy((a, t, b) -> a, (a, t, b) -> t, sum((a, t, b) -> b.getPledge().personnel()))
                .filter((a, t, atSite) -> atSite > a.maxShare() * t.personnel())
                .penalize(HardMediumSoftScore.ofSoft(100)).asConstraint("max share at site");
    }

    public Constraint linesOfCommunication(ConstraintFactory f) {
        return f.forEach(Assignment.class).filter(a -> a.getSite() != null)
                .penalize(HardMediumSoftScore.ONE_SOFT, a -> (int) (entryDistanceKm(a.getSite()) / 10))
                .asConstraint("lines of communication");
    }

    /**
     * Re-planning: a unit moved from where it stood costs coverage worth 12,000 — more than a priority-2 battalion's
     * 6,000, less than a priority-1 company's 15,000 (a fifth of a priority-1 battalion's 60,000): units move to fill
     * priority-1 slots, not for lower priorities or any soft gain (coverage outranks soft preferences, so a soft
     * cost would not stop a long chain of moves bought by a tiny coverage gain). Measured (docs/BENCHMARKS.md): on
     * the benchmark's 1-s re-plan 5,000 moved 42 units and 20,000 left the demo coalition a priority-1 company short;
     * 12,000 moved 10 and 3 and ended at the higher fill in both.
     */
    public Constraint unitMoved(ConstraintFactory f) {
        return f.forEach(Assignment.class).filter(Assignment::moved)
                .penalize(HardMediumSoftScore.ofMedium(12_000)).asConstraint("unit moved");
    }

    /** Balanced burden: each site's personnel in hundreds, squared, so two half-loaded sites beat one full one. */
    public Constraint balancedBurden(ConstraintFactory f) {
        return f.forEach(Assignment.class).filter(a -> a.getSite() != null)
                .groupBy(Assignment::getSite, sum(a -> a.getPledge().personnel()))
                .penalize(HardMediumSoftScore.ONE_SOFT, (site, personnel) -> (personnel / 100) * (personnel / 100) / 10)
                .asConstraint("balanced burden");
    }

    /** Distance from the nearer entry point (Rzeszów, Constanța), km. */
    public static double entryDistanceKm(PlanSite s) {
        double[] p = new double[2];
        double[] e1 = new double[2];
        double[] e2 = new double[2];
        TheatreProjection.forward(s.position().lon(), s.position().lat(), p);
        TheatreProjection.forward(21.9991, 50.0412, e1);
        TheatreProjection.forward(28.6348, 44.1598, e2);
        return Math.min(Math.hypot(p[0] - e1[0], p[1] - e1[1]), Math.hypot(p[0] - e2[0], p[1] - e2[1])) / 1000;
    }
}
