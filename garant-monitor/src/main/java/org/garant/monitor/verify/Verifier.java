package org.garant.monitor.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.garant.geo.LatLon;
import org.garant.geo.Placement;
import org.garant.geo.Side;
import org.garant.geo.Site;
import org.garant.geo.Theatre;
import org.garant.geo.TheatreProjection;
import org.garant.monitor.sense.Event;
import org.garant.monitor.sense.KindHint;

/**
 * Applies the ceasefire rules to located events and weapon sightings; each rule is one small method.
 * <ul>
 *   <li>{@link #fire}: every launch is weapons fire and every impact an explosion: a ceasefire violation,
 *       attributed from the round's origin (a launch itself, or the launch an impact is paired with);</li>
 *   <li>{@link #crossLine}: a paired round whose origin and impact are on different sides;</li>
 *   <li>{@link #withdrawal}: a sighting, or a launch whose weapon class pairing identified, inside its class's
 *       withdrawal zone;</li>
 *   <li>{@link #buffer}: a sighting inside the buffer zone;</li>
 *   <li>{@link #forceProtection}: any violation within the alert distance of a garrison site.</li>
 * </ul>
 * Not thread-safe (numbers violations as it goes).
 */
public final class Verifier {
    /** Options: the attribution threshold (default 0.95), buffer zone width, alert distance. */
    public record Options(double attributionThreshold, double bufferKm, double alertKm) {
        public static Options defaults() {
            return new Options(0.95, 15, 10);
        }
    }

    /** What verification found. */
    public record Result(List<Violation> violations, List<Violation> alerts, Map<String, Attribution> attributionByEvent) {
    }

    private final Theatre theatre;
    private final List<Site> sites;
    /** The sites' positions in the theatre's projection (metres), to find the nearest with one projection. */
    private final double[] siteX;
    private final double[] siteY;
    private final Options o;
    private final Attributor attributor;
    private long next;

    public Verifier(Theatre theatre, List<Site> sites, Options options) {
        this.theatre = theatre;
        this.sites = List.copyOf(sites);
        this.siteX = new double[this.sites.size()];
        this.siteY = new double[this.sites.size()];
        double[] xy = new double[2];
        for (int i = 0; i < siteX.length; i++) {
            TheatreProjection.forward(this.sites.get(i).position().lon(), this.sites.get(i).position().lat(), xy);
            siteX[i] = xy[0];
            siteY[i] = xy[1];
        }
        this.o = options;
        this.attributor = new Attributor(theatre, options.attributionThreshold());
    }

    public Result verify(List<Event> events, List<Sighting> sightings) {
        return verify(events, sightings, Map.of());
    }

    /**
     * As {@link #verify(List, List)}, where some events stand for monitors' observations (by event id): an
     * outgoing observation of fire is attributed with the observation's own error model, any other is undetermined
     * (the observer cannot see where incoming fire came from).
     */
    public Result verify(List<Event> events, List<Sighting> sightings, Map<String, Observation> observations) {
        Map<String, Event> byId = new HashMap<>();
        events.forEach(e -> byId.put(e.id(), e));
        List<Violation> violations = new ArrayList<>();
        Map<String, Attribution> attributions = new HashMap<>();
        for (Event e : events) {
            Observation ob = observations.get(e.id());
            Event origin = ob == null ? originOf(e, byId) : null;
            Attribution a = ob != null ? (ob.heading() == Observation.Heading.OUTGOING ? attributor.attribute(ob) : Attribution.UNKNOWN_ORIGIN)
                    : origin == null ? Attribution.UNKNOWN_ORIGIN
                    : attributor.attribute(origin.x(), origin.y(), origin.cxx(), origin.cxy(), origin.cyy());
            attributions.put(e.id(), a);
            violations.add(fire(e, a));
            if (e.kind() == KindHint.IMPACT && origin != null) {
                Violation v = crossLine(e, origin, a);
                if (v != null) {
                    violations.add(v);
                }
            }
            if (e.kind() != KindHint.IMPACT && e.weaponClass() != null) {
                Violation v = withdrawal(e.id(), e.timeNs(), e.position(), SightingClass.of(e.weaponClass()), a,
                        List.of(e.id()), "fired from inside");
                if (v != null) {
                    violations.add(v);
                }
            }
        }
        for (Sighting s : sightings) {
            Violation w = withdrawal(s.id(), s.timeNs(), s.position(), s.weapon(), Attribution.UNKNOWN_ORIGIN,
                    List.of(s.id()), s.count() + " seen inside");
            if (w != null) {
                violations.add(w);
            }
            Violation b = buffer(s);
            if (b != null) {
                violations.add(b);
            }
        }
        List<Violation> alerts = new ArrayList<>();
        java.util.Set<String> alerted = new java.util.HashSet<>();   // one alert per event or sighting
        for (Violation v : violations) {
            if (alerted.contains(v.evidence().get(0))) {
                continue;
            }
            Violation a = forceProtection(v);
            if (a != null) {
                alerts.add(a);
                alerted.add(v.evidence().get(0));
            }
        }
        return new Result(violations, alerts, attributions);
    }

    /** The launch a round came from: the event itself when it is not an impact, else its paired launch. */
    private static Event originOf(Event e, Map<String, Event> byId) {
        if (e.kind() != KindHint.IMPACT) {
            return e;
        }
        return e.pairedWith() == null ? null : byId.get(e.pairedWith());
    }

    Violation fire(Event e, Attribution a) {
        String what = e.kind() == KindHint.IMPACT ? "explosion (impact)" : e.kind() == KindHint.LAUNCH ? "weapons fire (launch)"
                : "explosion (unclassified)";
        String weapon = e.weaponClass() == null ? null : e.weaponClass().name();
        return make(Rule.CEASEFIRE_VIOLATION, e.timeNs(), e.position(), weapon, a, evidence(e),
                what + (weapon == null ? "" : ", " + weapon.toLowerCase(Locale.ROOT).replace('_', ' ')), null, Double.NaN);
    }

    Violation crossLine(Event impact, Event origin, Attribution a) {
        Side from = sideOf(origin.position());
        Side to = sideOf(impact.position());
        if (from == to || !isSide(from) || !isSide(to)) {
            return null;
        }
        List<String> ev = new ArrayList<>(evidence(origin));
        ev.addAll(evidence(impact));
        return make(Rule.CROSS_LINE_FIRE, impact.timeNs(), impact.position(),
                impact.weaponClass() == null ? null : impact.weaponClass().name(), a, ev,
                String.format(Locale.ROOT, "round fired from the %s side landed on the %s side, %.1f km", label(from), label(to),
                        Math.hypot(impact.x() - origin.x(), impact.y() - origin.y()) / 1000), null, Double.NaN);
    }

    Violation withdrawal(String id, long timeNs, LatLon p, SightingClass c, Attribution a, List<String> evidence, String how) {
        if (c.withdrawKm() <= 0) {
            return null;
        }
        Placement pl = theatre.locate(p);
        if (!isSide(pl.side()) || !(pl.distanceKm() < c.withdrawKm())) {
            return null;
        }
        // formatted by hand: one of these for every launch inside a zone, on the live server's one fusion thread
        return make(Rule.WITHDRAWAL_ZONE, timeNs, p, c.name(), a, evidence, c.name() + " " + how + " its " + Math.round(c.withdrawKm())
                + " km withdrawal zone, " + oneDecimal(pl.distanceKm()) + " km from the line", null, Double.NaN);
    }

    Violation buffer(Sighting s) {
        Placement pl = theatre.locate(s.position());
        if (!isSide(pl.side()) || !(pl.distanceKm() < o.bufferKm())) {
            return null;
        }
        return make(Rule.BUFFER_ZONE_INCURSION, s.timeNs(), s.position(), s.weapon().name(), Attribution.UNKNOWN_ORIGIN,
                List.of(s.id()), String.format(Locale.ROOT, "%d %s in the buffer zone, %.1f km from the line", s.count(),
                        s.weapon().name(), pl.distanceKm()), null, Double.NaN);
    }

    Violation forceProtection(Violation v) {
        Nearest n = nearestSite(v.position());
        Site nearest = n.site();
        double best = n.km();
        if (nearest == null || best > o.alertKm()) {
            return null;
        }
        List<String> ev = new ArrayList<>(v.evidence());
        ev.add(0, v.id());
        return make(Rule.FORCE_PROTECTION, v.timeNs(), v.position(), v.weapon(), v.attribution(), ev,
                String.format(Locale.ROOT, "%s %.1f km from %s", v.rule().name().toLowerCase(Locale.ROOT).replace('_', ' '), best,
                        nearest.name()), nearest.name(), best);
    }

    private Violation make(Rule rule, long timeNs, LatLon p, String weapon, Attribution a, List<String> evidence,
                           String detail, String site, double siteKm) {
        Nearest n = nearestSite(p);
        Site near = n.site();
        double nearKm = n.km();
        return new Violation("v" + (next++), rule, timeNs, p, sideOf(p), weapon, a, evidence,
                near == null ? "" : near.name(), near == null ? Double.NaN : nearKm, near == null ? "" : near.oblast(),
                site, siteKm, detail);
    }

    private static List<String> evidence(Event e) {
        List<String> ev = new ArrayList<>();
        ev.add(e.id());
        ev.addAll(e.detectionIds());
        return ev;
    }

    private Side sideOf(LatLon p) {
        return theatre.locate(p).side();
    }

    /** {@code %.1f} of a finite, non-negative distance. */
    static String oneDecimal(double km) {
        long tenths = Math.round(km * 10);
        return (tenths / 10) + "." + (tenths % 10);
    }

    private static boolean isSide(Side s) {
        return s == Side.UKRAINE_HELD || s == Side.OCCUPIED || s == Side.GREY_ZONE;
    }

    private static String label(Side s) {
        return s == Side.OCCUPIED ? "occupied" : "Ukraine-held";
    }

    /** A site and its distance in km (null and infinity when there are no sites). */
    private record Nearest(Site site, double km) {
    }

    /** The site nearest to {@code p}: one projection of the point, the sites projected once. */
    private Nearest nearestSite(LatLon p) {
        double[] xy = new double[2];
        TheatreProjection.forward(p.lon(), p.lat(), xy);
        int best = -1;
        double best2 = Double.POSITIVE_INFINITY;
        for (int i = 0; i < siteX.length; i++) {
            double dx = siteX[i] - xy[0];
            double dy = siteY[i] - xy[1];
            double d2 = dx * dx + dy * dy;
            if (d2 < best2) {
                best2 = d2;
                best = i;
            }
        }
        return best < 0 ? new Nearest(null, Double.POSITIVE_INFINITY) : new Nearest(sites.get(best), Math.sqrt(best2) / 1000);
    }
}
