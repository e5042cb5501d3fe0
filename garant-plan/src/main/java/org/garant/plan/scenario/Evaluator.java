package org.garant.plan.scenario;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.garant.plan.domain.Capability;
import org.garant.plan.domain.Caveat;
import org.garant.plan.domain.Coalition;
import org.garant.plan.domain.Pledge;
import org.garant.plan.domain.PlanSite;
import org.garant.plan.domain.Requirement;

/**
 * Evaluates a scenario exactly: which pledges are active, and the best possible fill of the requirements given the
 * caveats, as a maximum bipartite matching of pledged units to requirement slots, per capability (a unit only
 * ever fills a slot of its own capability, so the capabilities are independent and the personnel-weighted optimum
 * is the sum of their maximum matchings). Slots are matched in priority order with augmenting paths, which never
 * unmatch a slot, so priority-1 requirements are filled first and the total is still maximal.
 *
 * <p>A unit may fill a slot when it has the capability, every caveat allows the site, it is available in the
 * requirement's first month and can deploy in time (within 30 days per month of lead time). Couplings between units
 * (site capacity, lead nations, a nation's share at one site) are the optimiser's; the bound ignores them, so it
 * is an upper bound on any plan. Stateless.
 */
public final class Evaluator {
    private Evaluator() {
    }

    /** Why a pledge cannot fill a requirement, or null when it can. */
    public static String obstacle(Pledge p, Requirement r, PlanSite site) {
        if (p.capability() != r.capability()) {
            return "is a " + p.capability().label();
        }
        for (Caveat c : p.caveats()) {
            String why = c.forbids(site);
            if (why != null) {
                return why;
            }
        }
        if (p.fromMonth() > r.fromMonth() || p.toMonth() < r.fromMonth()) {
            return "is not available in month " + r.fromMonth();
        }
        if (p.daysToDeploy() > 30 * r.fromMonth()) {
            return "needs " + p.daysToDeploy() + " days to deploy";
        }
        return null;
    }

    public static boolean active(Pledge p, Scenario s) {
        return p.conditions().stream().allMatch(s::holds);
    }

    public static Evaluation evaluate(Coalition c, Scenario s) {
        List<Pledge> active = c.pledges().stream().filter(p -> active(p, s)).toList();
        Map<String, Integer> filled = new LinkedHashMap<>();
        Map<String, String> assignment = new TreeMap<>();
        int required = 0;
        int fillable = 0;
        double personnelRequired = 0;
        double personnelFilled = 0;
        List<Requirement> reqs = new ArrayList<>(c.requirements());
        reqs.sort(Comparator.comparingInt(Requirement::priority).thenComparing(Requirement::id));
        for (Capability cap : Capability.values()) {
            List<Requirement> rs = reqs.stream().filter(r -> r.capability() == cap).toList();
            if (rs.isEmpty()) {
                continue;
            }
            List<Pledge> ps = active.stream().filter(p -> p.capability() == cap).toList();
            // slots, in priority order
            List<Requirement> slots = new ArrayList<>();
            for (Requirement r : rs) {
                for (int i = 0; i < r.quantity(); i++) {
                    slots.add(r);
                }
            }
            boolean[][] ok = new boolean[slots.size()][ps.size()];
            for (int i = 0; i < slots.size(); i++) {
                PlanSite site = c.site(slots.get(i).siteId());
                for (int j = 0; j < ps.size(); j++) {
                    ok[i][j] = obstacle(ps.get(j), slots.get(i), site) == null;
                }
            }
            int[] pledgeToSlot = new int[ps.size()];
            Arrays.fill(pledgeToSlot, -1);
            for (int i = 0; i < slots.size(); i++) {
                augment(i, ok, pledgeToSlot, new boolean[ps.size()]);
            }
            for (Requirement r : rs) {
                filled.put(r.id(), 0);
                required += r.quantity();
                personnelRequired += r.personnel();
            }
            for (int j = 0; j < ps.size(); j++) {
                if (pledgeToSlot[j] >= 0) {
                    Requirement r = slots.get(pledgeToSlot[j]);
                    filled.merge(r.id(), 1, Integer::sum);
                    assignment.put(ps.get(j).id(), r.id());
                    fillable++;
                    personnelFilled += cap.typicalPersonnel();
                }
            }
        }
        List<Shortfall> shortfalls = new ArrayList<>();
        for (Requirement r : reqs) {
            int missing = r.quantity() - filled.getOrDefault(r.id(), 0);
            if (missing > 0) {
                PlanSite site = c.site(r.siteId());
                shortfalls.add(new Shortfall(r.id(), site.name(), r.capability(), missing, reason(c, s, r, site, assignment)));
            }
        }
        int personnelActive = active.stream().mapToInt(Pledge::personnel).sum();
        return new Evaluation(personnelRequired == 0 ? 1 : personnelFilled / personnelRequired, required, fillable,
                active.size(), personnelActive, shortfalls, filled, assignment);
    }

    /** Kuhn's augmenting path from slot {@code i}. */
    private static boolean augment(int i, boolean[][] ok, int[] pledgeToSlot, boolean[] seen) {
        for (int j = 0; j < pledgeToSlot.length; j++) {
            if (ok[i][j] && !seen[j]) {
                seen[j] = true;
                if (pledgeToSlot[j] < 0 || augment(pledgeToSlot[j], ok, pledgeToSlot, seen)) {
                    pledgeToSlot[j] = i;
                    return true;
                }
            }
        }
        return false;
    }

    /** Why a requirement is short, from what the pledges of its capability are doing. */
    static String reason(Coalition c, Scenario s, Requirement r, PlanSite site, Map<String, String> assignment) {
        List<Pledge> ofCap = c.pledges().stream().filter(p -> p.capability() == r.capability()).toList();
        if (ofCap.isEmpty()) {
            return "no nation has pledged a " + r.capability().label();
        }
        List<String> parts = new ArrayList<>();
        List<Pledge> inactive = ofCap.stream().filter(p -> !active(p, s)).toList();
        if (!inactive.isEmpty()) {
            String conds = inactive.stream().flatMap(p -> p.conditions().stream()).filter(x -> !s.holds(x)).distinct().sorted()
                    .collect(Collectors.joining(", "));
            parts.add(String.format(Locale.ROOT, "%d %s pledge%s await%s %s", inactive.size(), r.capability().label(),
                    inactive.size() == 1 ? "" : "s", inactive.size() == 1 ? "s" : "", conds));
        }
        Map<String, Integer> blocked = new TreeMap<>();
        int usedElsewhere = 0;
        for (Pledge p : ofCap) {
            if (!active(p, s)) {
                continue;
            }
            String why = obstacle(p, r, site);
            if (why != null) {
                blocked.merge(why, 1, Integer::sum);
            } else if (assignment.containsKey(p.id()) && !assignment.get(p.id()).equals(r.id())) {
                usedElsewhere++;
            }
        }
        blocked.forEach((why, n) -> parts.add(String.format(Locale.ROOT, "%d active %s pledge%s %s", n, r.capability().label(),
                n == 1 ? "" : "s", n == 1 ? why : plural(why))));
        if (usedElsewhere > 0) {
            parts.add(String.format(Locale.ROOT, "%d compatible %s pledge%s serve%s other requirements of equal or higher priority",
                    usedElsewhere, r.capability().label(), usedElsewhere == 1 ? "" : "s", usedElsewhere == 1 ? "s" : ""));
        }
        if (parts.isEmpty()) {
            parts.add("not enough " + r.capability().label() + " pledges");
        }
        return String.join("; ", parts) + " (at " + site.name() + ")";
    }

    /** The obstacle's verb for several pledges: "is" → "are", "needs" → "need", "serves" → "serve". */
    private static String plural(String why) {
        if (why.startsWith("is ")) {
            return "are " + why.substring(3);
        }
        if (why.startsWith("needs ")) {
            return "need " + why.substring(6);
        }
        if (why.startsWith("serves ")) {
            return "serve " + why.substring(7);
        }
        return why;
    }

    /** What the fill loses without each condition that holds, and without each nation (fill points, 0–100). */
    public static Map<String, Double> marginalValues(Coalition c, Scenario s) {
        double base = evaluate(c, s).fillRate();
        Map<String, Double> out = new LinkedHashMap<>();
        for (String cond : new java.util.TreeSet<>(c.conditions().keySet())) {
            if (s.holds(cond)) {
                out.put("condition:" + cond, 100 * (base - evaluate(c, s.with(cond, false)).fillRate()));
            }
        }
        Map<String, List<Pledge>> byNation = new HashMap<>();
        c.pledges().forEach(p -> byNation.computeIfAbsent(p.nation(), k -> new ArrayList<>()).add(p));
        for (String nation : new java.util.TreeSet<>(byNation.keySet())) {
            List<Pledge> without = c.pledges().stream().filter(p -> !p.nation().equals(nation)).toList();
            Coalition cw = new Coalition(c.nations(), c.sites(), c.requirements(), without, c.conditions());
            out.put("nation:" + nation, 100 * (base - evaluate(cw, s).fillRate()));
        }
        return out;
    }
}
