package org.garant.monitor.report;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.garant.monitor.verify.Rule;
import org.garant.monitor.verify.Violation;

/**
 * The monitoring mission's daily report, modelled on the OSCE Special Monitoring Mission's: the period runs from
 * the cut-off time of the previous day to the cut-off time of the report's day (default 19:30 Kyiv time);
 * ceasefire violations are counted per oblast and per sector (the area of the nearest settlement), with explosions
 * counted separately, compared with the previous period, broken down by attribution; then the weapons found in
 * violation of withdrawal lines, buffer-zone incursions, force-protection alerts and notable incidents.
 * Immutable; built by {@link #build} from violations sorted by time.
 */
public record DailyReport(LocalDate date, Instant from, Instant to, String summary, long violations, long explosions,
                          long previousViolations, long previousExplosions, Map<String, long[]> byOblast,
                          Map<String, long[]> bySector, Map<String, Long> byAttribution, List<Violation> withdrawal,
                          List<Violation> buffer, List<Violation> alerts, List<Violation> notable, List<Violation> all) {

    public static final ZoneId KYIV = ZoneId.of("Europe/Kyiv");
    public static final LocalTime CUTOFF = LocalTime.of(19, 30);

    /**
     * Builds the report for {@code date} from violations and alerts sorted by time (binary search picks the period,
     * so a year of data costs no more than the day).
     */
    public static DailyReport build(LocalDate date, List<Violation> sortedViolations, List<Violation> sortedAlerts,
                                    ZoneId zone, LocalTime cutoff) {
        Instant to = date.atTime(cutoff).atZone(zone).toInstant();
        Instant from = date.minusDays(1).atTime(cutoff).atZone(zone).toInstant();
        Instant prevFrom = date.minusDays(2).atTime(cutoff).atZone(zone).toInstant();
        List<Violation> period = slice(sortedViolations, from, to);
        List<Violation> previous = slice(sortedViolations, prevFrom, from);
        List<Violation> alerts = slice(sortedAlerts, from, to);
        long violations = 0;
        long explosions = 0;
        Map<String, long[]> byOblast = new TreeMap<>();
        Map<String, long[]> bySector = new TreeMap<>();
        Map<String, Long> byAttribution = new TreeMap<>();
        List<Violation> withdrawal = new ArrayList<>();
        List<Violation> buffer = new ArrayList<>();
        List<Violation> crossLine = new ArrayList<>();
        for (Violation v : period) {
            switch (v.rule()) {
                case CEASEFIRE_VIOLATION -> {
                    boolean explosion = v.detail().startsWith("explosion");
                    violations++;
                    if (explosion) {
                        explosions++;
                    }
                    long[] o = byOblast.computeIfAbsent(v.oblast().isEmpty() ? "(unknown)" : v.oblast(), k -> new long[2]);
                    o[0]++;
                    o[1] += explosion ? 1 : 0;
                    long[] s = bySector.computeIfAbsent(v.settlement().isEmpty() ? "(unknown)" : v.settlement() + " area", k -> new long[2]);
                    s[0]++;
                    s[1] += explosion ? 1 : 0;
                    byAttribution.merge(v.attribution().label(), 1L, Long::sum);
                }
                case WITHDRAWAL_ZONE -> withdrawal.add(v);
                case BUFFER_ZONE_INCURSION -> buffer.add(v);
                case CROSS_LINE_FIRE -> crossLine.add(v);
                default -> { }
            }
        }
        long prevViolations = 0;
        long prevExplosions = 0;
        for (Violation v : previous) {
            if (v.rule() == Rule.CEASEFIRE_VIOLATION) {
                prevViolations++;
                if (v.detail().startsWith("explosion")) {
                    prevExplosions++;
                }
            }
        }
        // notable: alerts first, then the cross-line rounds nearest to settlements
        List<Violation> notable = new ArrayList<>(alerts.stream().limit(5).toList());
        crossLine.sort(Comparator.comparingDouble(Violation::settlementKm));
        for (Violation v : crossLine) {
            if (notable.size() >= 8) {
                break;
            }
            notable.add(v);
        }
        String summary = summary(date, violations, explosions, prevViolations, byOblast, byAttribution, withdrawal.size(),
                buffer.size(), alerts.size());
        return new DailyReport(date, from, to, summary, violations, explosions, prevViolations, prevExplosions, byOblast,
                bySector, byAttribution, withdrawal, buffer, alerts, notable, period);
    }

    private static String summary(LocalDate date, long v, long e, long prev, Map<String, long[]> byOblast,
                                  Map<String, Long> byAttribution, int withdrawal, int buffer, int alerts) {
        String trend = prev == 0 ? (v == 0 ? "as in" : "none in") : v > prev ? String.format(Locale.ROOT, "more than the %d in", prev)
                : v < prev ? String.format(Locale.ROOT, "fewer than the %d in", prev) : "as many as in";
        String where = byOblast.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(3)
                .map(x -> String.format(Locale.ROOT, "%d in %s oblast", x.getValue()[0], x.getKey()))
                .reduce((a, b) -> a + ", " + b).orElse("none");
        return String.format(Locale.ROOT, "In the 24 hours to 19:30 on %s the mission recorded %d ceasefire violations,"
                        + " including %d explosions (%s the previous period): %s. Attributed to the occupied side: %d; to the"
                        + " Ukraine-held side: %d; undetermined: %d. %d weapons were found in violation of withdrawal lines,"
                        + " %d buffer-zone incursions were seen, and %d force-protection alerts were raised.",
                date, v, e, trend, where, byAttribution.getOrDefault("OCCUPIED", 0L), byAttribution.getOrDefault("UKRAINE_HELD", 0L),
                byAttribution.getOrDefault("UNDETERMINED", 0L), withdrawal, buffer, alerts);
    }

    /** The violations with time in (from, to], by binary search over a time-sorted list. */
    static List<Violation> slice(List<Violation> sorted, Instant from, Instant to) {
        long f = from.getEpochSecond() * 1_000_000_000L + from.getNano();
        long t = to.getEpochSecond() * 1_000_000_000L + to.getNano();
        int lo = lowerBound(sorted, f + 1);
        int hi = lowerBound(sorted, t + 1);
        return sorted.subList(lo, hi);
    }

    private static int lowerBound(List<Violation> sorted, long t) {
        int lo = 0;
        int hi = sorted.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted.get(mid).timeNs() < t) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
