package org.garant.monitor.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.garant.geo.LatLon;
import org.garant.geo.Side;
import org.garant.monitor.verify.Attribution;
import org.garant.monitor.verify.Rule;
import org.garant.monitor.verify.Violation;
import org.junit.jupiter.api.Test;

class DailyReportTest {
    static Violation v(String id, Rule rule, String time, String detail, Side origin, String oblast) {
        Instant t = Instant.parse(time);
        return new Violation(id, rule, t.getEpochSecond() * 1_000_000_000L, new LatLon(48.5, 37.8), Side.UKRAINE_HELD, null,
                origin == null ? Attribution.UNKNOWN_ORIGIN : new Attribution(origin, 0.99), List.of(id), "Toretsk", 3.2,
                oblast, null, Double.NaN, detail);
    }

    @Test
    void thePeriodEndsAt1930KyivTimeAndIsComparedWithThePreviousOne() {
        // 19:30 Kyiv on 2026-05-01 is 16:30 UTC (summer time, UTC+3)
        List<Violation> vs = new ArrayList<>(List.of(
                v("a", Rule.CEASEFIRE_VIOLATION, "2026-04-30T10:00:00Z", "explosion (impact)", Side.OCCUPIED, "Donetsk"),
                v("b", Rule.CEASEFIRE_VIOLATION, "2026-04-30T16:31:00Z", "explosion (impact)", Side.OCCUPIED, "Donetsk"),
                v("c", Rule.CEASEFIRE_VIOLATION, "2026-05-01T12:00:00Z", "weapons fire (launch)", Side.UKRAINE_HELD, "Luhansk"),
                v("d", Rule.CEASEFIRE_VIOLATION, "2026-05-01T16:30:00Z", "explosion (impact)", null, "Donetsk"),
                v("e", Rule.CEASEFIRE_VIOLATION, "2026-05-01T16:31:00Z", "explosion (impact)", Side.OCCUPIED, "Donetsk"),
                v("w", Rule.WITHDRAWAL_ZONE, "2026-05-01T12:00:00Z", "MLRS seen inside", null, "Donetsk")));
        vs.sort(java.util.Comparator.comparingLong(Violation::timeNs));
        DailyReport r = DailyReport.build(LocalDate.parse("2026-05-01"), vs, List.of(), DailyReport.KYIV, DailyReport.CUTOFF);
        assertThat(r.from()).hasToString("2026-04-30T16:30:00Z");
        assertThat(r.to()).hasToString("2026-05-01T16:30:00Z");
        assertThat(r.violations()).isEqualTo(3);   // b, c, d
        assertThat(r.explosions()).isEqualTo(2);   // b, d
        assertThat(r.previousViolations()).isEqualTo(1);   // a
        assertThat(r.byOblast().get("Donetsk")).containsExactly(2, 2);
        assertThat(r.byOblast().get("Luhansk")).containsExactly(1, 0);
        assertThat(r.byAttribution()).containsEntry("OCCUPIED", 1L).containsEntry("UKRAINE_HELD", 1L).containsEntry("UNDETERMINED", 1L);
        assertThat(r.withdrawal()).extracting(Violation::id).containsExactly("w");
        assertThat(r.summary()).contains("3 ceasefire violations").contains("2 explosions").contains("more than the 1");
        String html = ReportWriter.html(r, null);
        assertThat(html).contains("<h1>").contains("Donetsk").contains("MLRS seen inside");
        assertThat(ReportWriter.csv(r).lines()).hasSize(1 + 4);
        assertThat(ReportWriter.json(r)).contains("\"by_oblast\"");
    }
}
