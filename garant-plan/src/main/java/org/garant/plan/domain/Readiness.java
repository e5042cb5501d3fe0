package org.garant.plan.domain;

/** NATO-style readiness: R1 (days), R2 (weeks), R3 (months); RAPID a rapid-deployment unit. */
public enum Readiness {
    RAPID, R1, R2, R3
}
