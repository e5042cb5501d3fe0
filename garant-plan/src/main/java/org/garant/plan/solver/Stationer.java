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
import org.garant.plan.domain.PlanSite;
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
     * the matching ignores (site capacity, lead nations, shares) and shorten the lines of communication. The
     * matching breaks site capacity, so a feasible plan is made at once too: the matching fitted into the sites'
     * capacity ({@link #fitSiteCapacity}, {@link #restation}). It is reported first and returned if the search does
     * not beat it. (Searching from the fitted plan instead ends lower: measured in docs/BENCHMARKS.md.)
     */
    public static Result solve(Coalition c, Scenario s, double seconds, Consumer<String> progress) {
        long start = System.nanoTime();
        Map<String, String> matching = new HashMap<>(Evaluator.evaluate(c, s).assignment());
        StationingPlan fromMatching = problem(c, s);
        atMatching(c, fromMatching, matching);
        StationingPlan fitted = problem(c, s);
        Map<String, List<Assignment>> atSite = atMatching(c, fitted, matching);
        Map<String, Requirement> requirementById = new HashMap<>();
        c.requirements().forEach(r -> requirementById.put(r.id(), r));
        restation(c, fitSiteCapacity(atSite, matching, requirementById), atSite, matching);
        SolverFactory<StationingPlan> factory = factory(seconds, false);
        ai.timefold.solver.core.api.solver.SolutionManager.create(factory).update(fitted);
        double fittedAt = (System.nanoTime() - start) / 1e9;
        progress.accept(String.format(java.util.Locale.ROOT, "%6.1f s  matching fitted into site capacity: %s", fittedAt, fitted.getScore()));
        return solve(c, s, factory, fromMatching, start, progress, fitted.getScore().isFeasible() ? fitted : null, fittedAt);
    }

    /** Stands each unit of {@code plan} at the site of the requirement the matching gives it; the units by site. */
    private static Map<String, List<Assignment>> atMatching(Coalition c, StationingPlan plan, Map<String, String> matching) {
        Map<String, String> siteOfRequirement = new HashMap<>();
        c.requirements().forEach(r -> siteOfRequirement.put(r.id(), r.siteId()));
        Map<String, List<Assignment>> atSite = new LinkedHashMap<>();
        for (Assignment a : plan.getAssignments()) {
            String req = matching.get(a.getId());
            if (req != null) {
                a.setSite(c.site(siteOfRequirement.get(req)));
                atSite.computeIfAbsent(a.getSite().id(), k -> new ArrayList<>()).add(a);
            }
        }
        return atSite;
    }

    /**
     * The matching ignores site capacity; so that the search starts feasible, each over-full site sends away the units
     * whose coverage is worth least per soldier (lowest priority first) until it fits. Local search may then station
     * them elsewhere.
     */
    static List<Assignment> fitSiteCapacity(Map<String, List<Assignment>> atSite, Map<String, String> matching,
                                            Map<String, Requirement> requirementById) {
        List<Assignment> sentAway = new ArrayList<>();
        for (List<Assignment> units : atSite.values()) {
            PlanSite site = units.get(0).getSite();
            int personnel = units.stream().mapToInt(a -> a.getPledge().personnel()).sum();
            if (personnel <= site.capacity()) {
                continue;
            }
            units.sort(java.util.Comparator.comparingDouble(a -> {
                Requirement r = requirementById.get(matching.get(a.getId()));
                return (double) StationingConstraints.weight(r) * r.capability().typicalPersonnel() / a.getPledge().personnel();
            }));
            for (Assignment a : units) {
                if (personnel <= site.capacity()) {
                    break;
                }
                personnel -= a.getPledge().personnel();
                a.setSite(null);
                matching.remove(a.getId());
                sentAway.add(a);
            }
            units.removeAll(sentAway);
        }
        return sentAway;
    }

    /**
     * Stations each unit sent away at a requirement with an open slot, a site with room, and that the unit's caveats
     * and readiness allow, highest priority first; where no such slot is left, along a short augmenting chain (the
     * unit takes a slot whose holder moves to an open one, up to three links), so the start keeps the matching's
     * coverage wherever capacity allows.
     */
    static void restation(Coalition c, List<Assignment> sentAway, Map<String, List<Assignment>> atSite, Map<String, String> matching) {
        Map<String, List<Assignment>> holders = new HashMap<>();
        Map<String, Assignment> byId = new HashMap<>();
        atSite.values().forEach(l -> l.forEach(a -> byId.put(a.getId(), a)));
        matching.forEach((unit, req) -> holders.computeIfAbsent(req, k -> new ArrayList<>()).add(byId.get(unit)));
        Map<String, Integer> load = new HashMap<>();
        atSite.forEach((site, l) -> load.put(site, l.stream().mapToInt(a -> a.getPledge().personnel()).sum()));
        List<Requirement> reqs = new ArrayList<>(c.requirements());
        reqs.sort(java.util.Comparator.comparingInt(Requirement::priority));
        for (Assignment a : sentAway) {
            place(c, a, 3, reqs, holders, load, matching, new java.util.HashSet<>());
        }
    }

    private static boolean place(Coalition c, Assignment a, int depth, List<Requirement> reqs, Map<String, List<Assignment>> holders,
                                 Map<String, Integer> load, Map<String, String> matching, java.util.Set<String> visited) {
        int mine = a.getPledge().personnel();
        for (int pass = 0; pass < 2; pass++) { // open slots first, then chains
            for (Requirement r : reqs) {
                if (r.capability() != a.getPledge().capability() || visited.contains(r.id())) {
                    continue;
                }
                PlanSite site = c.site(r.siteId());
                if (!eligible(a, site)) {
                    continue;
                }
                List<Assignment> held = holders.computeIfAbsent(r.id(), k -> new ArrayList<>());
                int siteLoad = load.getOrDefault(site.id(), 0);
                if (pass == 0) {
                    if (held.size() < r.quantity() && siteLoad + mine <= site.capacity()) {
                        take(a, r, site, held, load, matching);
                        return true;
                    }
                    continue;
                }
                if (depth == 0 || held.size() < r.quantity()) {
                    continue;
                }
                visited.add(r.id());
                for (Assignment v : new ArrayList<>(held)) {
                    if (siteLoad - v.getPledge().personnel() + mine > site.capacity()) {
                        continue;
                    }
                    release(v, held, load, matching);
                    take(a, r, site, held, load, matching);
                    if (place(c, v, depth - 1, reqs, holders, load, matching, visited)) {
                        return true;
                    }
                    release(a, held, load, matching);
                    take(v, r, site, held, load, matching);
                }
            }
        }
        return false;
    }

    private static boolean eligible(Assignment a, PlanSite site) {
        PlanSite was = a.getSite();
        a.setSite(site);
        boolean ok = a.forbiddenBy() == null && a.readyForSite();
        a.setSite(was);
        return ok;
    }

    private static void take(Assignment a, Requirement r, PlanSite site, List<Assignment> held, Map<String, Integer> load,
                             Map<String, String> matching) {
        a.setSite(site);
        held.add(a);
        load.merge(site.id(), a.getPledge().personnel(), Integer::sum);
        matching.put(a.getId(), r.id());
    }

    private static void release(Assignment a, List<Assignment> held, Map<String, Integer> load, Map<String, String> matching) {
        held.remove(a);
        load.merge(a.getSite().id(), -a.getPledge().personnel(), Integer::sum);
        matching.remove(a.getId());
        a.setSite(null);
    }

    /** The units of the previous plan ({@code previous}: pledge id → site id) the change forces out: withdrawn or inactive. */
    public static long forcedOut(Coalition after, Scenario s, Map<String, String> previous) {
        java.util.Set<String> active = new java.util.HashSet<>();
        after.pledges().stream().filter(p -> Evaluator.active(p, s)).forEach(p -> active.add(p.id()));
        return previous.keySet().stream().filter(id -> !active.contains(id)).count();
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
                PlanSite site = c.site(siteId);
                a.setSite(site);
                a.setPreviousSite(site);
            }
        }
        // no construction heuristic: it would re-place every unit from scratch; local search only moves what pays
        return solve(c, s, factory(seconds, true), p, System.nanoTime(), progress, null, Double.NaN);
    }

    private static SolverFactory<StationingPlan> factory(double seconds, boolean localSearchOnly) {
        SolverConfig config = new SolverConfig().withSolutionClass(StationingPlan.class).withEntityClasses(Assignment.class)
                .withConstraintProviderClass(StationingConstraints.class)
                .withTerminationConfig(new TerminationConfig().withSpentLimit(Duration.ofMillis((long) (seconds * 1000))));
        if (localSearchOnly) {
            config = config.withPhases(new ai.timefold.solver.core.config.localsearch.LocalSearchPhaseConfig());
        }
        return SolverFactory.create(config);
    }

    /**
     * Runs the search on {@code problem}; times count from {@code start}. {@code fallback} (may be null) is a feasible
     * plan already in hand since {@code fallbackAt}: it counts as the first feasible plan and is returned if the
     * search ends no better.
     */
    private static Result solve(Coalition c, Scenario s, SolverFactory<StationingPlan> factory, StationingPlan problem, long start,
                                Consumer<String> progress, StationingPlan fallback, double fallbackAt) {
        Solver<StationingPlan> solver = factory.buildSolver();
        double[] feasibleAt = {fallback == null ? Double.NaN : fallbackAt};
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
        if (fallback != null && fallback.getScore().compareTo(best.getScore()) > 0) {
            progress.accept("the search ended below the fitted matching; keeping the fitted matching");
            best = fallback;
        }
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
