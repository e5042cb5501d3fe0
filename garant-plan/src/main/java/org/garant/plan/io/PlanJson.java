package org.garant.plan.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.garant.plan.domain.Coalition;
import org.garant.plan.scenario.Evaluation;
import org.garant.plan.scenario.Evaluator;
import org.garant.plan.scenario.Scenario;
import org.garant.plan.scenario.Shortfall;
import org.garant.plan.solver.StationingConstraints;
import org.garant.plan.solver.Stationer;

/**
 * The JSON forms of an evaluation and of a solved plan, shared by the command line ({@code plan evaluate|solve}) and
 * the server, so both write the same keys. Thread-safe.
 */
public final class PlanJson {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private PlanJson() {
    }

    static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }

    /** {@code fill_rate, units_required, units_fillable, pledges_active, personnel_active, shortfalls[]}. */
    public static ObjectNode evaluation(Evaluation e) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("fill_rate", round(e.fillRate(), 4));
        o.put("units_required", e.unitsRequired());
        o.put("units_fillable", e.unitsFillable());
        o.put("pledges_active", e.pledgesActive());
        o.put("personnel_active", e.personnelActive());
        ArrayNode a = o.putArray("shortfalls");
        for (Shortfall s : e.shortfalls()) {
            ObjectNode n = a.addObject();
            n.put("requirement", s.requirement());
            n.put("site", s.site());
            n.put("capability", s.capability().name());
            n.put("missing", s.missing());
            n.put("reason", s.reason());
        }
        return o;
    }

    /** The summary of a solve: fill, bound, gap, hard violations, time to feasible, seconds, score. */
    public static ObjectNode summary(Stationer.Result r) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("fill_rate", round(r.fillRate(), 4));
        o.put("bound_fill_rate", round(r.boundFillRate(), 4));
        o.put("gap", round(r.gap(), 4));
        o.put("hard_violations", r.hardViolations());
        o.put("seconds_to_feasible", Double.isNaN(r.secondsToFeasible()) ? null : round(r.secondsToFeasible(), 3));
        o.put("seconds", round(r.seconds(), 2));
        o.put("score", r.score());
        return o;
    }

    /** The whole plan: the summary, the scenario, every assignment with its reason, what stays unfilled, the rules. */
    public static ObjectNode plan(Stationer.Result r, Coalition c, Scenario s) {
        ObjectNode plan = summary(r);
        plan.set("scenario", MAPPER.valueToTree(s.conditions()));
        plan.set("assignments", MAPPER.valueToTree(r.assignments()));
        plan.set("unfilled", evaluation(Evaluator.evaluate(c, s)).get("shortfalls"));
        plan.set("constraints", MAPPER.valueToTree(StationingConstraints.JUSTIFICATIONS));
        return plan;
    }
}
