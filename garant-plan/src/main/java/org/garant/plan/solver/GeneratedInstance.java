package org.garant.plan.solver;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.garant.geo.LatLon;
import org.garant.plan.domain.Capability;
import org.garant.plan.domain.Caveat;
import org.garant.plan.domain.Coalition;
import org.garant.plan.domain.PlanSite;
import org.garant.plan.domain.Pledge;
import org.garant.plan.domain.Readiness;
import org.garant.plan.domain.Requirement;
import org.garant.plan.domain.SiteKind;

/**
 * Generated planning instances for the benchmark: nations × units × sites × periods, seeded. Sites lie 20–700 km
 * from the line; a third of the units carry a distance caveat, a tenth a site-kind caveat, a tenth a lead nation;
 * requirements are spread over the periods (each period three months) with priorities 1–3, one per site and
 * capability, asking for about as many units as are pledged.
 */
public final class GeneratedInstance {
    private GeneratedInstance() {
    }

    public static Coalition of(int nations, int units, int sites, int periods, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Map<String, String> ns = new LinkedHashMap<>();
        for (int i = 0; i < nations; i++) {
            ns.put(String.format("N%02d", i).replace('0', 'A').replace('1', 'B').replace('2', 'C').replace('3', 'D')
                    .replace('4', 'E').replace('5', 'F').replace('6', 'G').replace('7', 'H').replace('8', 'I').replace('9', 'J'), "Nation " + i);
        }
        List<String> isos = new ArrayList<>(ns.keySet());
        Capability[] caps = Capability.values();
        List<PlanSite> ss = new ArrayList<>();
        for (int i = 0; i < sites; i++) {
            SiteKind kind = i % 10 == 9 ? SiteKind.STAGING : i % 7 == 6 ? SiteKind.AIR_BASE : i % 5 == 4 ? SiteKind.PORT : SiteKind.CITY;
            ss.add(new PlanSite("S" + i, "Site " + i, kind, kind != SiteKind.STAGING, "Oblast " + (i % 12), 2_000 + r.nextInt(6_000),
                    new LatLon(46 + r.nextDouble() * 5, 24 + r.nextDouble() * 12), 20 + r.nextDouble() * 680));
        }
        int horizon = periods * 3;
        List<Requirement> reqs = new ArrayList<>();
        int slots = 0;
        int k = 0;
        java.util.Set<String> used = new java.util.HashSet<>();
        while (slots < units) {
            int q = 1 + r.nextInt(3);
            int from = 1 + 3 * r.nextInt(periods);
            Capability cap = caps[r.nextInt(caps.length)];
            String site = "S" + r.nextInt(sites);
            if (!used.add(site + "/" + cap)) {
                continue;   // one requirement per site and capability (the stationing model's assumption)
            }
            reqs.add(new Requirement("R" + k++, cap, q, site, from, horizon, 1 + r.nextInt(3)));
            slots += q;
        }
        List<Pledge> ps = new ArrayList<>();
        for (int i = 0; i < units; i++) {
            Capability cap = caps[r.nextInt(caps.length)];
            List<Caveat> cv = new ArrayList<>();
            if (r.nextDouble() < 0.33) {
                cv.add(new Caveat.MinDistanceKm(50 + r.nextInt(4) * 50));
            }
            if (r.nextDouble() < 0.1) {
                cv.add(new Caveat.SiteKinds(java.util.Set.of(SiteKind.CITY, SiteKind.STAGING)));
            }
            String nation = isos.get(r.nextInt(isos.size()));
            if (r.nextDouble() < 0.1) {
                cv.add(new Caveat.UnderLeadNation(isos.get(0)));
            }
            ps.add(new Pledge("P" + i, nation, "Unit " + i, cap, (int) (cap.typicalPersonnel() * (0.8 + 0.4 * r.nextDouble())),
                    Readiness.R1, 10 + r.nextInt(60), 1 + 3 * r.nextInt(Math.max(1, periods / 2)), horizon, 6, List.of(), cv));
        }
        return new Coalition(ns, ss, reqs, ps, Map.of());
    }
}
