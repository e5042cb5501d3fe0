package org.garant.plan.solver;

/** A nation's active personnel in the plan, for the share-at-one-site caveat. */
public record NationTotal(String nation, int personnel) {
}
