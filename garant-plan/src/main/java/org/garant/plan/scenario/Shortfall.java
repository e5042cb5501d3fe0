package org.garant.plan.scenario;

import org.garant.plan.domain.Capability;

/** A requirement the active pledges cannot fill, by how many units, and why. */
public record Shortfall(String requirement, String site, Capability capability, int missing, String reason) {
}
