package org.garant.plan.scenario;

import java.util.List;
import java.util.Map;

/**
 * The best fill the active pledges allow under a scenario (an exact bound, independent of any optimiser).
 *
 * @param fillRate         personnel-weighted: Σ filled units × typical personnel / Σ required, 0–1
 * @param unitsRequired    units the requirements ask for
 * @param unitsFillable    units the best assignment fills
 * @param pledgesActive    pledges whose conditions all hold
 * @param personnelActive  their personnel
 * @param filled           units filled per requirement id
 * @param assignment       pledge id → requirement id in one best assignment
 */
public record Evaluation(double fillRate, int unitsRequired, int unitsFillable, int pledgesActive, int personnelActive,
                         List<Shortfall> shortfalls, Map<String, Integer> filled, Map<String, String> assignment) {
}
