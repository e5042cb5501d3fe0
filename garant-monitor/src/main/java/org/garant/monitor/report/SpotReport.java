package org.garant.monitor.report;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.garant.monitor.verify.Violation;

/** A spot report: one incident, in the order a reader needs it (what, when, where, who, evidence), as text. */
public final class SpotReport {
    private SpotReport() {
    }

    /** The spot report of {@code v}; {@code related} are the other violations sharing its evidence (e.g. its alert). */
    public static String text(Violation v, List<Violation> related) {
        StringBuilder s = new StringBuilder();
        s.append("SPOT REPORT ").append(v.id()).append('\n');
        s.append("WHAT:     ").append(v.rule().name()).append(" — ").append(v.detail()).append('\n');
        s.append("WHEN:     ").append(Instant.ofEpochSecond(0, v.timeNs())).append(" (").append(
                DailyReport.KYIV.getRules().getOffset(Instant.ofEpochSecond(0, v.timeNs()))).append(" Kyiv)").append('\n');
        s.append("WHERE:    ").append(v.position().mgrs()).append(String.format(Locale.ROOT, " (%.5f, %.5f), %.1f km from %s, %s oblast, %s side",
                v.position().lat(), v.position().lon(), v.settlementKm(), v.settlement(), v.oblast(), v.side().name())).append('\n');
        s.append("WEAPON:   ").append(v.weapon() == null ? "not identified" : v.weapon()).append('\n');
        s.append("ORIGIN:   ").append(v.attribution().label())
                .append(String.format(Locale.ROOT, " (confidence %.3f)", v.attribution().confidence())).append('\n');
        if (v.site() != null) {
            s.append("SITE:     ").append(String.format(Locale.ROOT, "%s, %.1f km", v.site(), v.siteKm())).append('\n');
        }
        s.append("EVIDENCE: ").append(String.join(", ", v.evidence())).append('\n');
        for (Violation r : related) {
            if (!r.id().equals(v.id())) {
                s.append("RELATED:  ").append(r.id()).append(' ').append(r.rule().name()).append(" — ").append(r.detail()).append('\n');
            }
        }
        return s.toString();
    }
}
