package org.garant.geo.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.garant.geo.Theatre;
import org.garant.geo.WeaponClass;
import org.garant.geo.Zone;

/**
 * The ceasefire's zones as features — the buffer zone and each weapon class's withdrawal zone (Minsk II table), each
 * side of the line a feature with {@code name}, {@code kind} (buffer, withdrawal), {@code class}, {@code km},
 * {@code side} — as the map's API and the GIS export both give them.
 */
public final class ZoneFeatures {
    private ZoneFeatures() {
    }

    public static List<GeoFeature> of(Theatre t, double bufferKm) {
        List<Zone> zones = new ArrayList<>();
        zones.add(t.bufferZone(bufferKm));
        zones.addAll(t.withdrawalZones(WeaponClass.MINSK_II));
        List<GeoFeature> out = new ArrayList<>();
        for (Zone z : zones) {
            String kind = z == zones.get(0) ? "buffer" : "withdrawal";
            for (String side : List.of("UKRAINE_HELD", "OCCUPIED")) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("name", kind + ": " + z.name() + " (" + side + ")");
                p.put("kind", kind);
                p.put("class", z.name());
                p.put("km", z.widthKm());
                p.put("side", side);
                out.add(new GeoFeature(out.size(), side.equals("UKRAINE_HELD") ? z.ukraineSide() : z.occupiedSide(), p));
            }
        }
        return out;
    }
}
