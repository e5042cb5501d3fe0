package org.garant.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.garant.plan.domain.Coalition;
import org.garant.plan.scenario.Scenario;
import org.garant.plan.solver.GeneratedInstance;
import org.garant.plan.solver.Stationer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = {"Stationing on a generated instance (30 nations × 300 units × 40 sites × 8 periods by default):",
                "time to a feasible plan, gap to the exact bound after the solving time, and a re-plan after a nation",
                "withdraws (time, share of units moved beyond those forced)."})
final class PlanBench implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--seconds", defaultValue = "30")
    double seconds;

    @Option(names = "--seed", defaultValue = "3")
    long seed;

    @Option(names = "--json", description = "print only the JSON line")
    boolean json;

    @Override
    public Integer call() {
        Coalition c = GeneratedInstance.of(30, 300, 40, 8, seed);
        Scenario s = new Scenario(Map.of());
        Stationer.Result r = Stationer.solve(c, s, seconds, line -> {
            spec.commandLine().getErr().println("solving: " + line);
            spec.commandLine().getErr().flush();
        });
        Map<String, String> previous = new HashMap<>();
        r.assignments().forEach(a -> {
            if (a.site() != null) {
                previous.put(a.pledge(), a.site());
            }
        });
        String withdrawn = c.pledges().get(0).nation();
        Coalition after = new Coalition(c.nations(), c.sites(), c.requirements(),
                c.pledges().stream().filter(p -> !p.nation().equals(withdrawn)).toList(), c.conditions());
        long forced = Stationer.forcedOut(after, s, previous);
        Stationer.Result re = Stationer.replan(after, s, previous, 1, line -> { });
        ObjectNode o = Json.object();
        o.put("benchmark", "plan");
        o.put("units", c.pledges().size());
        o.put("sites", c.sites().size());
        o.put("seconds_to_feasible", Double.isNaN(r.secondsToFeasible()) ? null : Json.round(r.secondsToFeasible(), 3));
        o.put("fill_rate", Json.round(r.fillRate(), 4));
        o.put("bound_fill_rate", Json.round(r.boundFillRate(), 4));
        o.put("gap_at_" + (int) seconds + "s", Json.round(r.gap(), 4));
        o.put("gap_at_30s", Json.round(r.gap(), 4));
        o.put("hard_violations", r.hardViolations());
        o.put("replan_seconds", Json.round(re.seconds(), 2));
        o.put("replan_forced_units", forced);
        o.put("replan_moved_units", re.movedUnits());
        o.put("replan_moved_fraction", Json.round(re.movedUnits() / (double) Math.max(1, previous.size()), 4));
        o.put("replan_hard_violations", re.hardViolations());
        o.put("replan_fill_rate", Json.round(re.fillRate(), 4));
        o.put("replan_bound_fill_rate", Json.round(re.boundFillRate(), 4));
        spec.commandLine().getOut().println(Json.line(o));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
