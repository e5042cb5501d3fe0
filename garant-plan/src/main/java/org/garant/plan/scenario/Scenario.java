package org.garant.plan.scenario;

import java.util.Map;
import java.util.TreeMap;

/** Which conditions hold. A condition not named does not hold. Immutable. */
public record Scenario(Map<String, Boolean> conditions) {
    public Scenario {
        conditions = Map.copyOf(conditions);
    }

    public boolean holds(String condition) {
        return conditions.getOrDefault(condition, false);
    }

    public Scenario with(String condition, boolean value) {
        Map<String, Boolean> m = new TreeMap<>(conditions);
        m.put(condition, value);
        return new Scenario(m);
    }

    /** Every condition of the coalition holds. */
    public static Scenario allHold(Iterable<String> conditions) {
        Map<String, Boolean> m = new TreeMap<>();
        conditions.forEach(c -> m.put(c, true));
        return new Scenario(m);
    }
}
