package org.garant.plan.domain;

import java.util.Locale;

/**
 * The capabilities a reassurance force is built from, each with the typical personnel of one unit (NATO-style
 * orders of magnitude; a pledge states its own personnel).
 */
public enum Capability {
    INFANTRY_BATTALION(600),
    ARMOURED_BATTALION(550),
    AIR_DEFENCE_BATTERY(120),
    ENGINEER_COMPANY(150),
    ROLE2_MEDICAL(80),
    LOGISTICS_BATTALION(450),
    ISR_COMPANY(120),
    HEADQUARTERS(250),
    MILITARY_POLICE_COMPANY(120),
    CBRN_COMPANY(130),
    AIR_POLICING_SQUADRON(200),
    MINE_COUNTERMEASURES_GROUP(250);

    private final int typicalPersonnel;

    Capability(int typicalPersonnel) {
        this.typicalPersonnel = typicalPersonnel;
    }

    public int typicalPersonnel() {
        return typicalPersonnel;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    public static Capability parse(String s) {
        try {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace(' ', '_').replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown capability '" + s + "' (one of " + java.util.Arrays.toString(values()) + ")");
        }
    }
}
