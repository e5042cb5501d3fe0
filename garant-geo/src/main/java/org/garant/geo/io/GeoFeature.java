package org.garant.geo.io;

import java.util.Map;
import org.locationtech.jts.geom.Geometry;

/**
 * One feature read from a geographic file: its zero-based index in the file, its geometry in lon/lat and its
 * properties (strings, numbers, booleans; nested values as their JSON text).
 */
public record GeoFeature(int index, Geometry geometry, Map<String, Object> properties) {
    public String property(String key) {
        Object v = properties.get(key);
        return v == null ? null : v.toString();
    }
}
