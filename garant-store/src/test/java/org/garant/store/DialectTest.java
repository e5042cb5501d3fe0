package org.garant.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DialectTest {
    @Test
    void writesPointsWithSevenDecimalsAsTheFormatterWould() {
        assertThat(Dialect.pointEwkt(30.5, 50.25)).isEqualTo("SRID=4326;POINT(30.5000000 50.2500000)");
        assertThat(Dialect.pointEwkt(-0.05, -179.99999996)).isEqualTo("SRID=4326;POINT(-0.0500000 -180.0000000)");
        assertThat(Dialect.pointEwkt(0, 0)).isEqualTo("SRID=4326;POINT(0.0000000 0.0000000)");
        Random rnd = new Random(3);
        int same = 0;
        for (int i = 0; i < 100_000; i++) {
            double lon = (rnd.nextDouble() - 0.5) * 360;
            double lat = (rnd.nextDouble() - 0.5) * 180;
            String fast = Dialect.pointEwkt(lon, lat);
            String formatted = String.format(Locale.ROOT, "SRID=4326;POINT(%.7f %.7f)", lon, lat);
            if (fast.equals(formatted)) {
                same++;
                continue;
            }
            // only a value within a rounding error of a tie may end on the other digit
            String[] f = fast.substring(16, fast.length() - 1).split(" ");
            assertThat(Math.abs(Double.parseDouble(f[0]) - lon)).as(fast).isLessThanOrEqualTo(0.5e-7 + 1e-12);
            assertThat(Math.abs(Double.parseDouble(f[1]) - lat)).as(fast).isLessThanOrEqualTo(0.5e-7 + 1e-12);
        }
        assertThat(same).isGreaterThan(99_990);
    }
}
