package org.garant.plan.domain;

/**
 * One line of the statement of requirements: so many units of a capability at a site over a period of months
 * (month 1 is the first month of the mission), with a priority (1 highest).
 */
public record Requirement(String id, Capability capability, int quantity, String siteId, int fromMonth, int toMonth,
                          int priority) {
    public Requirement {
        if (quantity < 0) {
            throw new IllegalArgumentException("requirement " + id + ": quantity must not be negative");
        }
        if (fromMonth < 1 || toMonth < fromMonth) {
            throw new IllegalArgumentException("requirement " + id + ": months must run from 1 upwards, from ≤ to");
        }
        if (priority < 1 || priority > 3) {
            throw new IllegalArgumentException("requirement " + id + ": priority must be 1, 2 or 3");
        }
    }

    public int personnel() {
        return quantity * capability.typicalPersonnel();
    }
}
