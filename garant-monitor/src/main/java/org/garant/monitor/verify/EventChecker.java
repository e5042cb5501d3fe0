package org.garant.monitor.verify;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.garant.monitor.sense.Event;

/**
 * The rules applied to a stream of paired events one by one, as the live server and the Flink job do: each event is
 * checked with the launch or impact it is paired with (when that came within the last ten minutes), and only the
 * violations located at the event itself are its own (its partner's were reported with the partner); they are named
 * {@code rule:event} ({@code rule:event:2} for a second of the same rule, as when one shot is both a ceasefire violation
 * and a cross-line fire near a site, each raising an alert). Not thread-safe.
 */
public final class EventChecker {
    private static final long KEEP_NS = 600_000_000_000L;

    /** An event's attribution (null when none) and its own violations and alerts. */
    public record Checked(Event event, Attribution attribution, List<Violation> violations, List<Violation> alerts) {
    }

    /** The recent events of a stream, to find an event's partner (launch or impact) among them. Not thread-safe. */
    public static final class Partners {
        private final Map<String, Event> recent = new LinkedHashMap<>();

        /** Remembers the event and returns its partner if that came within the last ten minutes (else null). */
        public Event partnerOf(Event e) {
            recent.put(e.id(), e);
            if (recent.size() > 4096) {
                recent.values().removeIf(x -> x.timeNs() < e.timeNs() - KEEP_NS);
            }
            return e.pairedWith() == null ? null : recent.get(e.pairedWith());
        }
    }

    private final Verifier verifier;
    private final Partners partners = new Partners();

    public EventChecker(Verifier verifier) {
        this.verifier = verifier;
    }

    /** Checks an event of the stream; its partner is looked up among the recent ones. */
    public Checked check(Event e) {
        return check(e, partners.partnerOf(e));
    }

    /** Checks an event with its partner (or null); needs no memory of the stream, so checks can run side by side. */
    public Checked check(Event e, Event partner) {
        List<Event> context = new ArrayList<>(2);
        if (partner != null) {
            context.add(partner);
        }
        context.add(e);
        Verifier.Result r = verifier.verify(context, List.of());
        return new Checked(e, r.attributionByEvent().get(e.id()), own(e, r.violations()), own(e, r.alerts()));
    }

    /** The violations at the event itself, each with a stable id (rule and event): the same wherever it is checked. */
    private static List<Violation> own(Event e, List<Violation> vs) {
        List<Violation> out = new ArrayList<>(vs.size());
        Map<Rule, Integer> seen = new java.util.EnumMap<>(Rule.class);
        for (Violation v : vs) {
            if (v.position().equals(e.position())) {
                int n = seen.merge(v.rule(), 1, Integer::sum); // e.g. two alerts: one for the shot, one for crossing the line
                String id = v.rule().name().toLowerCase(java.util.Locale.ROOT) + ":" + e.id() + (n == 1 ? "" : ":" + n);
                out.add(new Violation(id, v.rule(), v.timeNs(), v.position(),
                        v.side(), v.weapon(), v.attribution(), v.evidence(), v.settlement(), v.settlementKm(), v.oblast(), v.site(),
                        v.siteKm(), v.detail()));
            }
        }
        return out;
    }
}
