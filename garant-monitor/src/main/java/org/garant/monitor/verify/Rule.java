package org.garant.monitor.verify;

/** The verification rules; each violation and alert names the one it broke. */
public enum Rule {
    /** Weapons fire (a launch) or an explosion (an impact) during the ceasefire. */
    CEASEFIRE_VIOLATION,
    /** A round fired from one side that lands on the other. */
    CROSS_LINE_FIRE,
    /** A weapon of a class seen, or firing, inside that class's withdrawal zone. */
    WITHDRAWAL_ZONE,
    /** A weapon or unit seen inside the buffer zone. */
    BUFFER_ZONE_INCURSION,
    /** A violation within the alert distance of a garrison site. */
    FORCE_PROTECTION
}
