package org.garant.app;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.garant.geo.GeoInputException;
import org.garant.geo.demo.DemoTheatre;
import org.garant.plan.domain.Coalition;
import org.garant.plan.io.CoalitionCsv;
import org.garant.plan.scenario.Evaluation;
import org.garant.plan.scenario.Evaluator;
import org.garant.plan.scenario.Scenario;
import org.garant.plan.scenario.Shortfall;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "plan", mixinStandardHelpOptions = true, description = "Force planning: evaluate and compare scenarios.",
        subcommands = {PlanCommand.Evaluate.class, PlanCommand.Compare.class, PlanCommand.Solve.class, PlanCommand.Replan.class,
                PlanCommand.Rotate.class})
final class PlanCommand {

    /** Loads the coalition: a folder of CSV files, or the demo coalition; warnings to stderr. */
    static Coalition load(Path dir, PrintWriter err) {
        CoalitionCsv.Result r = dir == null ? CoalitionCsv.demo(DemoTheatre.theatre()) : CoalitionCsv.read(dir, DemoTheatre.theatre());
        r.warnings().forEach(w -> err.println("garant: warning: " + w));
        return r.coalition();
    }

    /** All conditions hold, then each COND=true|false given changes one; unknown conditions are errors. */
    static Scenario scenario(Coalition c, List<String> settings, String option) {
        Scenario s = Scenario.allHold(c.conditions().keySet());
        for (String kv : settings == null ? List.<String>of() : settings) {
            String[] p = kv.split("=", 2);
            if (p.length != 2 || !p[1].matches("(?i)true|false")) {
                throw new GeoInputException(option, "'" + kv + "' is not COND=true|false");
            }
            if (!c.conditions().containsKey(p[0])) {
                throw new GeoInputException(option, "unknown condition '" + p[0] + "' (defined: " + c.conditions().keySet() + ")");
            }
            s = s.with(p[0], Boolean.parseBoolean(p[1].toLowerCase(Locale.ROOT)));
        }
        return s;
    }

    /** What a plan file written by 'plan solve' holds that re-planning and rotation need. */
    record PlanFile(java.util.Map<String, String> siteOfPledge, List<String> scenario) {
    }

    static PlanFile readPlan(Path plan) {
        com.fasterxml.jackson.databind.JsonNode old;
        try {
            old = Json.MAPPER.readTree(plan.toFile());
        } catch (java.io.IOException e) {
            throw new GeoInputException(plan.toString(), "not a plan written by 'garant plan solve': " + e.getMessage());
        }
        if (old == null || !old.has("assignments")) {
            throw new GeoInputException(plan.toString(), "has no 'assignments': not a plan written by 'garant plan solve'");
        }
        java.util.Map<String, String> sites = new java.util.HashMap<>();
        old.get("assignments").forEach(a -> {
            if (a.hasNonNull("site")) {
                sites.put(a.get("pledge").asText(), a.get("site").asText());
            }
        });
        List<String> settings = new ArrayList<>();
        old.path("scenario").fields().forEachRemaining(e -> settings.add(e.getKey() + "=" + e.getValue().asBoolean()));
        return new PlanFile(sites, settings);
    }

    static ObjectNode json(Evaluation e) {
        return org.garant.plan.io.PlanJson.evaluation(e);
    }

    static void human(PrintWriter out, String title, Evaluation e) {
        out.printf(Locale.ROOT, "%s: fill %.1f %% (%d of %d units); %d active pledges, %,d personnel%n", title, 100 * e.fillRate(),
                e.unitsFillable(), e.unitsRequired(), e.pledgesActive(), e.personnelActive());
        for (Shortfall s : e.shortfalls()) {
            out.printf(Locale.ROOT, "  short %d × %s at %s (%s): %s%n", s.missing(), s.capability().label(), s.site(), s.requirement(), s.reason());
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = {"Which pledges are active under a scenario, the best possible fill given the caveats (an exact",
                    "bound), and every shortfall with its reason. By default every condition holds."})
    static final class Evaluate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--coalition", paramLabel = "DIR|FILE.json", description = "folder of coalition CSV files or one JSON document (default: the demo coalition)")
        Path coalition;

        @Option(names = "--scenario", paramLabel = "COND=true|false", description = "set a condition (repeatable)")
        List<String> scenario;

        @Option(names = "--json", description = "print one JSON line")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Coalition c = load(coalition, spec.commandLine().getErr());
            Scenario s = scenario(c, scenario, "--scenario");
            Evaluation e = Evaluator.evaluate(c, s);
            if (json) {
                ObjectNode o = json(e);
                o.set("scenario", Json.MAPPER.valueToTree(s.conditions()));
                out.println(Json.line(o));
            } else {
                human(out, "Scenario " + s.conditions(), e);
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "solve", mixinStandardHelpOptions = true,
            description = {"Station the active units at sites with Timefold Solver (hard: caveats, capacity, capability",
                    "needed, readiness; then coverage by priority; then lead nations, shares, lines of communication);",
                    "writes the explained plan and compares its fill with the exact bound."})
    static final class Solve implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--coalition", paramLabel = "DIR|FILE.json")
        Path coalition;

        @Option(names = "--scenario", paramLabel = "COND=true|false")
        List<String> scenario;

        @Option(names = "--seconds", defaultValue = "10", description = "solving time (default: ${DEFAULT-VALUE})")
        double seconds;

        @Option(names = "--out", required = true, paramLabel = "plan.json")
        Path out;

        @Option(names = "--json", description = "print one JSON line")
        boolean json;

        @Override
        public Integer call() throws java.io.IOException {
            if (!(seconds > 0)) {
                throw new IllegalArgumentException("--seconds must be positive");
            }
            PrintWriter err = spec.commandLine().getErr();
            Coalition c = load(coalition, err);
            Scenario s = scenario(c, scenario, "--scenario");
            org.garant.plan.solver.Stationer.Result r = org.garant.plan.solver.Stationer.solve(c, s, seconds, line -> {
                err.println("solving: " + line);
                err.flush();
            });
            ObjectNode o = org.garant.plan.io.PlanJson.summary(r);
            ObjectNode plan = org.garant.plan.io.PlanJson.plan(r, c, s);
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), plan);
            PrintWriter pw = spec.commandLine().getOut();
            if (!json) {
                pw.printf(Locale.ROOT, "plan: fill %.1f %% (bound %.1f %%, gap %.2f %%), %d hard violations -> %s%n",
                        100 * r.fillRate(), 100 * r.boundFillRate(), 100 * r.gap(), r.hardViolations(), out);
            }
            pw.println(Json.line(o));
            pw.flush();
            return 0;
        }
    }

    @Command(name = "replan", mixinStandardHelpOptions = true,
            description = {"Re-plan a solved plan after a change (--withdraw NATION, or --scenario COND=...), moving as few",
                    "units as is worth it; reports the units moved and the new fill."})
    static final class Replan implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--plan", required = true, paramLabel = "plan.json", description = "a plan written by 'plan solve'")
        Path plan;

        @Option(names = "--coalition", paramLabel = "DIR|FILE.json")
        Path coalition;

        @Option(names = "--withdraw", paramLabel = "NATION", description = "a nation withdraws all its pledges (repeatable)")
        List<String> withdraw;

        @Option(names = "--scenario", paramLabel = "COND=true|false", description = "change a condition (repeatable)")
        List<String> scenario;

        @Option(names = "--seconds", defaultValue = "1", description = "solving time (default: ${DEFAULT-VALUE})")
        double seconds;

        @Option(names = "--out", paramLabel = "FILE", description = "write the new plan")
        Path out;

        @Option(names = "--json", description = "print one JSON line")
        boolean json;

        @Override
        public Integer call() throws java.io.IOException {
            PrintWriter err = spec.commandLine().getErr();
            Coalition c = load(coalition, err);
            PlanFile old = readPlan(plan);
            java.util.Map<String, String> previous = old.siteOfPledge();
            List<String> settings = new ArrayList<>(old.scenario());
            if (scenario != null) {
                settings.addAll(scenario);
            }
            Scenario s = scenario(c, settings, "--scenario");
            java.util.Set<String> gone = new java.util.HashSet<>();
            for (String n : withdraw == null ? List.<String>of() : withdraw) {
                String iso = n.toUpperCase(Locale.ROOT);
                if (!c.nations().containsKey(iso)) {
                    throw new GeoInputException("--withdraw", "unknown nation '" + n + "'");
                }
                gone.add(iso);
            }
            Coalition after = new Coalition(c.nations(), c.sites(), c.requirements(),
                    c.pledges().stream().filter(p -> !gone.contains(p.nation())).toList(), c.conditions());
            long forced = org.garant.plan.solver.Stationer.forcedOut(after, s, previous);
            org.garant.plan.solver.Stationer.Result r = org.garant.plan.solver.Stationer.replan(after, s, previous, seconds,
                    line -> { });
            ObjectNode o = Json.object();
            o.put("moved_units", r.movedUnits());
            o.put("forced_units", forced);
            o.put("units_before", previous.size());
            o.put("fill_rate", Json.round(r.fillRate(), 4));
            o.put("bound_fill_rate", Json.round(r.boundFillRate(), 4));
            o.put("gap", Json.round(r.gap(), 4));
            o.put("hard_violations", r.hardViolations());
            o.put("seconds", Json.round(r.seconds(), 2));
            if (out != null) {
                ObjectNode p = o.deepCopy();
                p.set("scenario", Json.MAPPER.valueToTree(s.conditions()));
                p.set("assignments", Json.MAPPER.valueToTree(r.assignments()));
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(out.toFile(), p);
            }
            PrintWriter pw = spec.commandLine().getOut();
            if (!json) {
                pw.printf(Locale.ROOT, "re-plan: %d units moved (%d forced out), fill %.1f %% (bound %.1f %%)%n", r.movedUnits(), forced,
                        100 * r.fillRate(), 100 * r.boundFillRate());
            }
            pw.println(Json.line(o));
            pw.flush();
            return 0;
        }
    }

    @Command(name = "rotate", mixinStandardHelpOptions = true,
            description = {"Rotations that sustain the plan's requirements over a horizon: tours, dwell and handover,",
                    "and the months each requirement cannot be sustained."})
    static final class Rotate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--plan", required = true, paramLabel = "plan.json")
        Path plan;

        @Option(names = "--coalition", paramLabel = "DIR|FILE.json")
        Path coalition;

        @Option(names = "--months", defaultValue = "24")
        int months;

        @Option(names = "--tour-months", defaultValue = "6")
        int tour;

        @Option(names = "--dwell-factor", defaultValue = "2", description = "dwell at home as a multiple of the tour (default: ${DEFAULT-VALUE})")
        double dwell;

        @Option(names = "--handover-weeks", defaultValue = "2")
        int handover;

        @Option(names = "--json", description = "print one JSON line")
        boolean json;

        @Override
        public Integer call() throws java.io.IOException {
            if (months < 1 || tour < 1 || dwell < 0 || handover < 0) {
                throw new IllegalArgumentException("--months and --tour-months must be positive, dwell and handover not negative");
            }
            Coalition c = load(coalition, spec.commandLine().getErr());
            Scenario s = scenario(c, readPlan(plan).scenario(), "--plan");
            List<org.garant.plan.domain.Pledge> active = c.pledges().stream().filter(p -> Evaluator.active(p, s)).toList();
            org.garant.plan.solver.Rotations.Schedule sch = org.garant.plan.solver.Rotations.plan(c, active, months,
                    new org.garant.plan.solver.Rotations.Policy(tour, dwell, handover));
            ObjectNode o = Json.object();
            o.put("months", months);
            o.put("tours", sch.tours().size());
            o.put("gap_slot_months", sch.gapMonths());
            o.put("requirements_with_gaps", sch.gaps().size());
            o.set("gaps", Json.MAPPER.valueToTree(sch.gaps()));
            PrintWriter pw = spec.commandLine().getOut();
            if (!json) {
                pw.printf(Locale.ROOT, "%d tours over %d months; %d slot-months cannot be sustained%n", sch.tours().size(), months,
                        sch.gapMonths());
                sch.gaps().forEach((r, ms) -> pw.printf(Locale.ROOT, "  %s: months %s%n", r, ms));
            }
            pw.println(Json.line(o));
            pw.flush();
            return 0;
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = {"Two scenarios side by side, and what each condition and nation is worth under the first",
                    "(fill points lost without it)."})
    static final class Compare implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--coalition", paramLabel = "DIR|FILE.json")
        Path coalition;

        @Option(names = "--scenario-a", paramLabel = "COND=true|false")
        List<String> a;

        @Option(names = "--scenario-b", paramLabel = "COND=true|false")
        List<String> b;

        @Option(names = "--json", description = "print one JSON line")
        boolean json;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Coalition c = load(coalition, spec.commandLine().getErr());
            Scenario sa = scenario(c, a, "--scenario-a");
            Scenario sb = scenario(c, b, "--scenario-b");
            Evaluation ea = Evaluator.evaluate(c, sa);
            Evaluation eb = Evaluator.evaluate(c, sb);
            Map<String, Double> marginal = Evaluator.marginalValues(c, sa);
            if (json) {
                ObjectNode o = Json.object();
                o.set("a", json(ea).put("scenario", sa.conditions().toString()));
                o.set("b", json(eb).put("scenario", sb.conditions().toString()));
                o.put("fill_rate_difference", Json.round(eb.fillRate() - ea.fillRate(), 4));
                ObjectNode m = o.putObject("marginal_fill_points");
                marginal.forEach((k, v) -> m.put(k, Json.round(v, 2)));
                out.println(Json.line(o));
            } else {
                human(out, "A " + sa.conditions(), ea);
                human(out, "B " + sb.conditions(), eb);
                out.printf(Locale.ROOT, "B - A: %+.1f fill points%nWhat A loses without each (fill points):%n",
                        100 * (eb.fillRate() - ea.fillRate()));
                List<Map.Entry<String, Double>> sorted = new ArrayList<>(marginal.entrySet());
                sorted.sort((x, y) -> Double.compare(y.getValue(), x.getValue()));
                for (Map.Entry<String, Double> en : sorted) {
                    if (en.getValue() > 0) {
                        out.printf(Locale.ROOT, "  %-28s %5.1f%n", en.getKey(), en.getValue());
                    }
                }
            }
            out.flush();
            return 0;
        }
    }
}
