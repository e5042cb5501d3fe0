package org.garant.plan.solver;

import ai.timefold.solver.core.api.score.buildin.hardmediumsoft.HardMediumSoftScore;
import ai.timefold.solver.core.api.solver.Solver;
import ai.timefold.solver.core.api.solver.SolverFactory;
import ai.timefold.solver.core.config.solver.SolverConfig;
import ai.timefold.solver.core.config.solver.termination.TerminationConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.garant.plan.domain.Coalition;
import org.garant.plan.domain.Pledge;
import org.garant.plan.domain.Requirement;
import org.garant.plan.scenario.Evaluator;
import org.garant.plan.scenario.Scenario;

/**
 * Stations the active units of a scenario with Timefold Solver and explains the result: every assignment with
 * the requirement it covers, every unit left unassigned and every unfilled requirement. Stateless.
 */
public final class Stationer {
    /** One unit's place in the plan and why. */
    public record Placed(String pledge, String nation, String unit, String capability, String site, String covers, String why) {
    }

    /** The plan and its figures. */
    public record Result(List<Placed> assignments, double fillRate, double boundFillRate, long hardViolations,
                         double secondsToFeasible, double seconds, String score, long movedUnits) {
        public double gap() {
            return boundFillRate == 0 ? 0 : (boundFillRate - fillRate) / boundFillRate;
        }
    }

    private Stationer() {
    }

    public static StationingPlan problem(Coalition c, Scenario s) {
        List<Assignment> as = new ArrayList<>();
        Map<String, Integer> totals = new LinkedHashMap<>();
        for (Pledge p : c.pledges()) {
            if (!Evaluator.active(p, s)) {
                continue;
            }
            Map<String, Integer> first = new HashMap<>();
            for (Requirement r : c.requirements()) {
                if (r.capability() == p.capability()) {
                    first.merge(r.siteId(), r.fromMonth(), Math::min);
                }
            }
            as.add(new Assignment(p, first, null));
            totals.merge(p.nation(), p.personnel(), Integer::sum);
        }
        List<NationTotal> nt = new ArrayList<>();
        totals.forEach((n, v) -> nt.add(new NationTotal(n, v)));
        return new StationingPlan(new ArrayList<>(c.sites()), new ArrayList<>(c.requirements()), nt, as);
    }

    /**
     * Solves for {@code seconds}; progress (new best scores) goes to {@code progress}. The search starts from the
     * exact evaluation's maximum matching (units at the sites of the requirements they fill): local search moves
     * one or two units at a time and cannot find the long augmenting chains a matching needs, but it can repair what
     * the matching ignores (site capacity, lead nations, shares) and shorten the lines of communication.
     */
    public static Result solve(Coalition c, Scenario s, double seconds, Consumer<String> progress) {
        StationingPlan p = problem(c, s);
        Map<String, String> matching = Evaluator.evaluate(c, s).assignment();
        Map<String, String> siteOfRequirement = new HashMap<>();
        c.requirements().forEach(r -> siteOfRequirement.put(r.id(), r.siteId()));
        for (Assignment a : p.getAssignments()) {
            String req = matching.get(a.getId());
            if (req != null) {
                a.setSite(c.site(siteOfRequirement.get(req)));
            }
        }
        return solve(c, s, p, seconds, progress);
    }

    /**
     * Re-plans after a change (a condition flipped, a nation withdrawn): units still active start where the previous
     * plan stood them, and moving one costs (see the "unit moved" constraint), so units not affected stay unless
     * moving them is worth it. {@code previous} maps pledge id → site id.
     */
    public static Result replan(Coalition c, Scenario s, Map<String, String> previous, double seconds, Consumer<String> progress) {
        StationingPlan p = problem(c, s);
        for (Assignment a : p.getAssignments()) {
            String siteId = previous.get(a.getId());
            if (siteId != null) {
                org.garant.plan.domain.PlanSite site = c.site(siteId);
                a.setSite(site);
                a.setPreviousSite(site);
            }
        }
        // no construction heuristic: it would re-place every unit from scratch; local search only moves what pays
        return solve(c, s, p, seconds, progress, true);
    }

    private static Result solve(Coalition c, Scenario s, StationingPlan problem, double seconds, Consumer<String> progress) {
        return solve(c, s, problem, seconds, progress, false);
    }

    private static Result solve(Coalition c, Scenario s, StationingPlan problem, double seconds, Consumer<String> progress,
                                boolean localSearchOnly) {
        SolverConfig config = new SolverConfig().withSolutionClass(StationingPlan.class).withEntityClasses(Assignment.class)
                .withConstraintProviderClass(StationingConstraints.class)
                .withTerminationConfig(new TerminationConfig().withSpentLimit(Duration.ofMillis((long) (seconds * 1000))));
        if (localSearchOnly) {
            config = config.withPhases(new ai.timefold.solver.core.config.localsearch.LocalSearchPhaseConfig());
        }
        Solver<StationingPlan> solver = SolverFactory.<StationingPlan>create(config).buildSolver();
        long start = System.nanoTime();
        double[] feasibleAt = {Double.NaN};
        solver.addEventListener(e -> {
            HardMediumSoftScore sc = (HardMediumSoftScore) e.getNewBestScore();
            double t = (System.nanoTime() - start) / 1e9;
            if (Double.isNaN(feasibleAt[0]) && sc.isFeasible() && sc.initScore() == 0) {
                feasibleAt[0] = t;
            }
            progress.accept(String.format(java.util.Locale.ROOT, "%6.1f s  best %s", t, sc));
        });
        StationingPlan best = solver.solve(problem);
        double took = (System.nanoTime() - start) / 1e9;
        if (Double.isNaN(feasibleAt[0]) && best.getScore().isFeasible()) {
            feasibleAt[0] = took;
        }
        return explain(c, s, best, feasibleAt[0], took);
    }

    /** The explained plan of a solved problem, with its personnel-weighted fill against the exact bound. */
    public static Result explain(Coalition c, Scenario s, StationingPlan plan, double feasibleAt, double took) {
        Map<String, Integer> used = new HashMap<>();
        double required = 0;
        double filled = 0;
        List<Placed> out = new ArrayList<>();
        List<Requirement> reqs = new ArrayList<>(c.requirements());
        reqs.sort(java.util.Comparator.comparingInt(Requirement::priority));
        for (Requirement r : reqs) {
            required += r.personnel();
        }
        List<Assignment> as = new ArrayList<>(plan.getAssignments());
        as.sort(java.util.Comparator.comparing(Assignment::getId));
        for (Assignment a : as) {
            Pledge p = a.getPledge();
            if (a.getSite() == null) {
                out.add(new Placed(p.id(), p.nation(), p.unit(), p.capability().name(), null, null,
                        "unassigned: no requirement it may fill is left"));
                continue;
            }
            Requirement covers = null;
            for (Requirement r : reqs) {
                if (r.siteId().equals(a.getSite().id()) && r.capability() == p.capability()
                        && used.getOrDefault(r.id(), 0) < r.quantity() && a.forbiddenBy() == null && a.readyForSite()) {
                    covers = r;
                    break;
                }
            }
            String why;
            if (covers != null) {
                used.merge(covers.id(), 1, Integer::sum);
                filled += covers.capability().typicalPersonnel();
                why = String.format(java.util.Locale.ROOT, "covers %s (priority %d): %d %s at %s; its caveats allow the site (%.0f km from the line)",
                        covers.id(), covers.priority(), covers.quantity(), covers.capability().label(), a.getSite().name(), a.getSite().distanceKm());
            } else {
                why = a.forbiddenBy() != null ? "BREAKS a caveat: " + a.forbiddenBy() : "stationed beyond what the requirements ask (reserve)";
            }
            out.add(new Placed(p.id(), p.nation(), p.unit(), p.capability().name(), a.getSite().id(), covers == null ? null : covers.id(), why));
        }
        double bound = Evaluator.evaluate(c, s).fillRate();
        HardMediumSoftScore sc = plan.getScore();
        long moved = plan.getAssignments().stream().filter(Assignment::moved).count();
        return new Result(out, required == 0 ? 1 : filled / required, bound, sc == null ? 0 : -sc.hardScore(), feasibleAt, took,
                String.valueOf(sc), moved);
    }
}
