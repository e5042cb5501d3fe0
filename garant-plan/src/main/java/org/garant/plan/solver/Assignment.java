package org.garant.plan.solver;

import ai.timefold.solver.core.api.domain.entity.PlanningEntity;
import ai.timefold.solver.core.api.domain.lookup.PlanningId;
import ai.timefold.solver.core.api.domain.variable.PlanningVariable;
import java.util.Map;
import org.garant.plan.domain.Caveat;
import org.garant.plan.domain.PlanSite;
import org.garant.plan.domain.Pledge;

/**
 * One active pledged unit and the site the optimiser stations it at (or none). Mutable: Timefold assigns the site.
 */
@PlanningEntity
public class Assignment {
    @PlanningId
    private String id;
    private Pledge pledge;
    /** For each site: the first month a requirement of this unit's capability starts there (absent: none). */
    private Map<String, Integer> firstMonthBySite;
    @PlanningVariable(allowsUnassigned = true)
    private PlanSite site;
    /** Where the unit stood in the plan being re-planned (null: new, or unassigned). */
    private PlanSite previousSite;

    public Assignment() {
    }

    public Assignment(Pledge pledge, Map<String, Integer> firstMonthBySite, PlanSite site) {
        this.id = pledge.id();
        this.pledge = pledge;
        this.firstMonthBySite = Map.copyOf(firstMonthBySite);
        this.site = site;
    }

    public PlanSite getPreviousSite() {
        return previousSite;
    }

    public void setPreviousSite(PlanSite previousSite) {
        this.previousSite = previousSite;
    }

    /** Whether re-planning moved the unit from where it stood. */
    public boolean moved() {
        return previousSite != null && !previousSite.equals(site);
    }

    public String getId() {
        return id;
    }

    public Pledge getPledge() {
        return pledge;
    }

    public PlanSite getSite() {
        return site;
    }

    public void setSite(PlanSite site) {
        this.site = site;
    }

    public String nation() {
        return pledge.nation();
    }

    /** The first caveat that forbids the current site, or null. */
    public String forbiddenBy() {
        if (site == null) {
            return null;
        }
        for (Caveat c : pledge.caveats()) {
            String why = c.forbids(site);
            if (why != null) {
                return why;
            }
        }
        return null;
    }

    /** Whether the unit is available and can deploy for the first requirement of its capability at its site. */
    public boolean readyForSite() {
        Integer month = site == null ? null : firstMonthBySite.get(site.id());
        return month == null || (pledge.fromMonth() <= month && pledge.toMonth() >= month && pledge.daysToDeploy() <= 30 * month);
    }

    public String leadNation() {
        for (Caveat c : pledge.caveats()) {
            if (c instanceof Caveat.UnderLeadNation l) {
                return l.nation();
            }
        }
        return null;
    }

    public double maxShare() {
        for (Caveat c : pledge.caveats()) {
            if (c instanceof Caveat.MaxShareAtSite m) {
                return m.share();
            }
        }
        return 1;
    }

    @Override
    public String toString() {
        return id + "@" + (site == null ? "-" : site.id());
    }
}
