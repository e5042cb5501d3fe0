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
    void badScenarioIsAnError() {
        GarantCliTest.Run r = GarantCliTest.run("plan", "evaluate", "--scenario", "ALIENS=true");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("unknown condition 'ALIENS'");
        GarantCliTest.Run r2 = GarantCliTest.run("plan", "evaluate", "--scenario", "US_BACKSTOP=maybe");
        assertThat(r2.status()).isEqualTo(2);
        assertThat(r2.err()).contains("is not COND=true|false");
    }
}
