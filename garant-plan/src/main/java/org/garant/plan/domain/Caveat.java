package org.garant.plan.domain;

import java.util.Locale;
import java.util.Set;

/**
 * A national restriction on how a pledged unit may be used. Each kind says whether a site is allowed for the unit
 * and, when not, why, in words a planner can read.
 */
public sealed interface Caveat {
    /** Null when the site is allowed; otherwise the reason it is not. */
    String forbids(PlanSite site);

    /** Not within {@code km} of the contact line. */
    record MinDistanceKm(double km) implements Caveat {
        public String forbids(PlanSite s) {
            return s.inUkraine() && s.distanceKm() < km
                    ? String.format(Locale.ROOT, "may not serve within %.0f km of the line (%s is %.0f km)", km, s.name(), s.distanceKm()) : null;
        }
    }

    /** Only at sites of these kinds (e.g. cities only; staging only = outside Ukraine only). */
    record SiteKinds(Set<SiteKind> kinds) implements Caveat {
        public String forbids(PlanSite s) {
            return kinds.contains(s.kind()) ? null : "serves only at " + kinds.toString().toLowerCase(Locale.ROOT) + " sites (" + s.name()
                    + " is " + s.kind().name().toLowerCase(Locale.ROOT) + ")";
        }
    }

    /** Only in these oblasts (regions). */
    record AllowedOblasts(Set<String> oblasts) implements Caveat {
        public String forbids(PlanSite s) {
            return oblasts.contains(s.oblast()) ? null : "serves only in " + oblasts + " (" + s.name() + " is in " + s.oblast() + ")";
        }
    }

    /** Never in these oblasts. */
    record ForbiddenOblasts(Set<String> oblasts) implements Caveat {
        public String forbids(PlanSite s) {
            return oblasts.contains(s.oblast()) ? "may not serve in " + s.oblast() : null;
        }
    }

    /** Must serve under a named lead nation (enforced by the stationing optimiser; any site may qualify). */
    record UnderLeadNation(String nation) implements Caveat {
        public String forbids(PlanSite s) {
            return null;
        }
    }

    /** At most this share of the nation's force at one site (enforced by the optimiser). */
    record MaxShareAtSite(double share) implements Caveat {
        public String forbids(PlanSite s) {
            return null;
        }
    }
}
