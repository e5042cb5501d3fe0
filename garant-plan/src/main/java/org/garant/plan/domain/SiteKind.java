package org.garant.plan.domain;

/** What a garrison site is. {@code STAGING} sites lie outside Ukraine, in neighbouring states. */
public enum SiteKind {
    CITY, AIR_BASE, PORT, STAGING
}
