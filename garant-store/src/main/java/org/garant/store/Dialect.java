package org.garant.store;

import java.util.Locale;
import java.util.Map;

/**
 * What differs between the two databases Garant runs on: the embedded H2 (default) and PostgreSQL with PostGIS.
 * Everything else, schema and queries, is common. Thread-safe (stateless).
 */
public enum Dialect {
    H2("h2", Map.of("text", "VARCHAR", "point", "GEOMETRY(POINT, 4326)"),
            "CAST(:point AS GEOMETRY)", "CAST(? AS GEOMETRY)"),
    POSTGRESQL("postgresql", Map.of("text", "TEXT", "point", "geometry(Point, 4326)"),
            "ST_GeomFromEWKT(:point)", "ST_GeomFromEWKT(?)");

    private final String vendor;
    private final Map<String, String> placeholders;
    private final String pointSql;
    private final String envelopeSql;

    Dialect(String vendor, Map<String, String> placeholders, String pointSql, String envelopeSql) {
        this.vendor = vendor;
        this.placeholders = placeholders;
        this.pointSql = pointSql;
        this.envelopeSql = envelopeSql;
    }

    public static Dialect of(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("database '" + jdbcUrl + "' is neither jdbc:h2:… nor jdbc:postgresql:…");
    }

    /** The folder of vendor-specific migrations (spatial indexes, extensions). */
    public String vendor() {
        return vendor;
    }

    /** Flyway placeholders used by the common schema. */
    public Map<String, String> placeholders() {
        return placeholders;
    }

    /** SQL for a WGS84 point bound as {@code :point} with {@link #pointEwkt(double, double)}. */
    public String pointSql() {
        return pointSql;
    }

    /** SQL for a lon/lat box bound as a positional parameter ({@code ?}) with {@link #envelopeEwkt(double[])}. */
    public String envelopeSql() {
        return envelopeSql;
    }

    /** {@code SRID=4326;POINT(lon lat)} with seven decimals (1 cm), as {@code %.7f} would write them, without a formatter. */
    public static String pointEwkt(double lon, double lat) {
        StringBuilder sb = new StringBuilder(48).append("SRID=4326;POINT(");
        appendFixed7(sb, lon);
        sb.append(' ');
        appendFixed7(sb, lat);
        return sb.append(')').toString();
    }

    /** A coordinate in degrees with seven decimals (rounded half up at 1e-7). */
    static void appendFixed7(StringBuilder sb, double v) {
        if (!Double.isFinite(v) || Math.abs(v) >= 1e11) {
            sb.append(String.format(Locale.ROOT, "%.7f", v));
            return;
        }
        long units = Math.round(Math.abs(v) * 1e7);
        if (v < 0 && units != 0) {
            sb.append('-');
        }
        sb.append(units / 10_000_000).append('.');
        String frac = Long.toString(units % 10_000_000);
        for (int k = frac.length(); k < 7; k++) {
            sb.append('0');
        }
        sb.append(frac);
    }

    /** @param bbox min lon, min lat, max lon, max lat */
    public static String envelopeEwkt(double[] bbox) {
        return String.format(Locale.ROOT, "SRID=4326;POLYGON((%.7f %.7f, %.7f %.7f, %.7f %.7f, %.7f %.7f, %.7f %.7f))",
                bbox[0], bbox[1], bbox[2], bbox[1], bbox[2], bbox[3], bbox[0], bbox[3], bbox[0], bbox[1]);
    }
}
