package org.garant.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanCliTest {
    @Test
    void evaluateHasTheContractKeysAndTheBackstopChangesTheFill() throws IOException {
        GarantCliTest.Run with = GarantCliTest.run("plan", "evaluate", "--json");
        GarantCliTest.Run without = GarantCliTest.run("plan", "evaluate", "--scenario", "US_BACKSTOP=false", "--json");
        assertThat(with.status()).isZero();
        JsonNode a = with.json();
        JsonNode b = without.json();
        for (String key : List.of("fill_rate", "units_required", "units_fillable", "pledges_active", "personnel_active", "shortfalls")) {
            assertThat(a.has(key)).as(key).isTrue();
        }
        assertThat(a.get("fill_rate").asDouble()).isGreaterThan(b.get("fill_rate").asDouble());
        assertThat(b.get("pledges_active").asInt()).isLessThan(a.get("pledges_active").asInt());
        JsonNode s = b.get("shortfalls").get(0);
        for (String key : List.of("requirement", "site", "capability", "missing", "reason")) {
            assertThat(s.has(key)).as(key).isTrue();
        }
        GarantCliTest.Run cmp = GarantCliTest.run("plan", "compare", "--scenario-b", "US_BACKSTOP=false", "--json");
        assertThat(cmp.json().get("marginal_fill_points").get("condition:US_BACKSTOP").asDouble()).isPositive();
    }

    @Test
    void solveReplanRotate(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws IOException {
        java.nio.file.Path plan = dir.resolve("plan.json");
        GarantCliTest.Run solve = GarantCliTest.run("plan", "solve", "--seconds", "2", "--out", plan.toString(), "--json");
        assertThat(solve.status()).isZero();
        JsonNode j = solve.json();
        for (String key : List.of("fill_rate", "bound_fill_rate", "gap", "hard_violations", "seconds_to_feasible", "seconds")) {
            assertThat(j.has(key)).as(key).isTrue();
        }
        assertThat(j.get("hard_violations").asLong()).isZero();
        assertThat(j.get("fill_rate").asDouble()).isLessThanOrEqualTo(j.get("bound_fill_rate").asDouble() + 1e-9);
        JsonNode file = Json.MAPPER.readTree(plan.toFile());
        assertThat(file.get("assignments")).isNotEmpty().allSatisfy(a -> assertThat(a.get("why").asText()).isNotBlank());
        GarantCliTest.Run replan = GarantCliTest.run("plan", "replan", "--plan", plan.toString(), "--withdraw", "GBR", "--json");
        assertThat(replan.status()).isZero();
        assertThat(replan.json().get("forced_units").asLong()).isPositive();
        assertThat(replan.json().has("moved_units")).isTrue();
        GarantCliTest.Run rotate = GarantCliTest.run("plan", "rotate", "--plan", plan.toString(), "--months", "24", "--json");
        assertThat(rotate.status()).isZero();
        assertThat(rotate.json().get("tours").asLong()).isPositive();
        GarantCliTest.Run bad = GarantCliTest.run("plan", "replan", "--plan", plan.toString(), "--withdraw", "XXX");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown nation 'XXX'");
    }

    @Test
    void badScenarioIsAnError() {
        GarantCliTest.Run r = GarantCliTest.run("plan", "evaluate", "--scenario", "ALIENS=true");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("unknown condition 'ALIENS'");
        GarantCliTest.Run r2 = GarantCliTest.run("plan", "evaluate", "--scenario", "US_BACKSTOP=maybe");
        assertThat(r2.status()).isEqualTo(2);
        assertThat(r2.err()).contains("is not COND=true|false");
    }
}
