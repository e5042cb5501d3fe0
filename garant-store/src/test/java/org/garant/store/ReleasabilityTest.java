package org.garant.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ReleasabilityTest {
    @Test
    void parsesMarkingsAsWritten() {
        assertThat(Releasability.parse("coalition")).isEqualTo(Releasability.COALITION);
        Releasability r = Releasability.parse("REL TO GBR, FRA/POL");
        assertThat(r.marking()).isEqualTo("REL TO FRA, GBR, POL");
        assertThat(r.column()).isEqualTo(",FRA,GBR,POL,");
        assertThat(Releasability.fromColumn(r.column())).isEqualTo(r);
        assertThat(r.releasableTo("GBR")).isTrue();
        assertThat(r.releasableTo("USA")).isFalse();
        assertThatThrownBy(() -> Releasability.parse("SECRET")).hasMessageContaining("neither COALITION nor REL TO");
        assertThatThrownBy(() -> Releasability.parse("REL TO FR")).hasMessageContaining("'FR' is not a nation code");
        assertThatThrownBy(() -> Releasability.parse("REL TO")).hasMessageContaining("names no nation");
    }

    @Test
    void derivedRecordsAreReleasableOnlyWhereAllTheirSourcesAre() {
        Releasability fg = Releasability.relTo("FRA", "GBR");
        assertThat(Releasability.COALITION.intersect(fg)).isEqualTo(fg);
        assertThat(fg.intersect(Releasability.relTo("GBR", "POL"))).isEqualTo(Releasability.relTo("GBR"));
        assertThat(fg.intersect(Releasability.relTo("POL"))).isNull();
        assertThat(Releasability.relTo("GBR").withOriginator("FRA")).isEqualTo(fg);
        assertThat(Releasability.COALITION.withOriginator("FRA")).isEqualTo(Releasability.COALITION);
    }
}
