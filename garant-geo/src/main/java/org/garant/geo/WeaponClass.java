package org.garant.geo;

import java.util.List;

/**
 * A weapon class with the distance from the contact line that it must be withdrawn behind, on each side.
 *
 * @param name       the class, in the words of the ceasefire terms
 * @param withdrawKm the withdrawal distance in km, measured from the contact line on each side
 */
public record WeaponClass(String name, double withdrawKm) {
    public WeaponClass {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a weapon class needs a name");
        }
        if (!(withdrawKm > 0)) {
            throw new IllegalArgumentException("withdrawal distance of '" + name + "' must be positive, was " + withdrawKm);
        }
    }

    /**
     * The withdrawal table of the Minsk II package (12 February 2015, point 2): artillery of calibre 100 mm and
     * more at least 50 km from the line; MLRS 70 km; heavy MLRS (Tornado-S, Uragan, Smerch) and tactical
     * missile systems (Tochka-U) 140 km; and, by the addendum of 29 September 2015, tanks, artillery below 100 mm
     * and mortars up to 120 mm 15 km.
     */
    public static final List<WeaponClass> MINSK_II = List.of(
            new WeaponClass("tanks, artillery < 100 mm, mortars", 15),
            new WeaponClass("artillery >= 100 mm", 50),
            new WeaponClass("MLRS", 70),
            new WeaponClass("heavy MLRS and tactical missiles", 140));

    /** The default width of the buffer (demilitarised) zone on each side of the line, in km. */
    public static final double DEFAULT_BUFFER_KM = 15;
}
