package org.garant.store;

import java.util.EnumSet;
import java.util.Set;

/** An authenticated user: name, nation (ISO3) and roles. Immutable. */
public record Principal(String name, String nation, Set<Role> roles) {
    public Principal {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        Releasability.requireNation(nation);
    }

    public boolean has(Role r) {
        return roles.contains(r);
    }
}
