package org.garant.geo.io;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import mil.nga.geopackage.BoundingBox;
import mil.nga.geopackage.GeoPackage;
import mil.nga.geopackage.GeoPackageManager;
import mil.nga.geopackage.db.GeoPackageDataType;
import mil.nga.geopackage.features.columns.GeometryColumns;
import mil.nga.geopackage.features.user.FeatureColumn;
import mil.nga.geopackage.features.user.FeatureDao;
import mil.nga.geopackage.features.user.FeatureResultSet;
import mil.nga.geopackage.features.user.FeatureRow;
import mil.nga.geopackage.features.user.FeatureTableMetadata;
import mil.nga.geopackage.geom.GeoPackageGeometryData;
import mil.nga.sf.GeometryType;
import mil.nga.sf.wkb.GeometryReader;
import mil.nga.sf.wkb.GeometryWriter;
import org.garant.geo.GeoInputException;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

/**
 * GeoPackage files (OGC 12-128r18) through NGA's library: feature tables in WGS 84 (EPSG:4326, lon/lat), one per
 * layer, with a column per property (TEXT, REAL, INTEGER or BOOLEAN as the values are) and the table's extent.
 * Geometries cross between JTS and NGA's simple features as WKB. Opens in QGIS and any OGC reader.
 */
public final class GeoPackageIo {
    private static final long WGS84 = 4326;

    private GeoPackageIo() {
    }

    /** Writes the layers (table name → features) to a new file, replacing one that exists. */
    public static void write(Path file, Map<String, List<GeoFeature>> layers) {
        try {
            Files.deleteIfExists(file);
            File f = GeoPackageManager.create(file.toFile());
            try (GeoPackage gp = GeoPackageManager.open(f)) {
                for (Map.Entry<String, List<GeoFeature>> layer : layers.entrySet()) {
                    table(gp, layer.getKey(), layer.getValue());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write GeoPackage " + file + ": " + e.getMessage(), e);
        }
    }

    private static void table(GeoPackage gp, String name, List<GeoFeature> features) throws IOException {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("GeoPackage table '" + name + "': use lower-case letters, digits and _");
        }
        Map<String, GeoPackageDataType> types = new LinkedHashMap<>();
        Envelope extent = new Envelope();
        String kind = null;
        for (GeoFeature f : features) {
            extent.expandToInclude(f.geometry().getEnvelopeInternal());
            String k = f.geometry().getGeometryType();
            kind = kind == null || kind.equals(k) ? k : "Geometry";
            f.properties().forEach((key, v) -> {
                GeoPackageDataType t = v instanceof Boolean ? GeoPackageDataType.BOOLEAN
                        : v instanceof Integer || v instanceof Long ? GeoPackageDataType.INTEGER
                        : v instanceof Number ? GeoPackageDataType.DOUBLE : GeoPackageDataType.TEXT;
                types.merge(column(key), t, (a, b) -> a == b ? a : a == GeoPackageDataType.INTEGER && b == GeoPackageDataType.DOUBLE
                        || b == GeoPackageDataType.INTEGER && a == GeoPackageDataType.DOUBLE ? GeoPackageDataType.DOUBLE : GeoPackageDataType.TEXT);
            });
        }
        GeometryColumns gc = new GeometryColumns();
        gc.setTableName(name);
        gc.setColumnName("geom");
        gc.setGeometryType(kind == null ? GeometryType.GEOMETRY : GeometryType.fromName(kind.toUpperCase(Locale.ROOT)));
        gc.setZ((byte) 0);
        gc.setM((byte) 0);
        gc.setSrsId(WGS84);
        List<FeatureColumn> columns = new ArrayList<>();
        types.forEach((c, t) -> columns.add(FeatureColumn.createColumn(c, t)));
        BoundingBox box = extent.isNull() ? new BoundingBox(-180, -90, 180, 90)
                : new BoundingBox(extent.getMinX(), extent.getMinY(), extent.getMaxX(), extent.getMaxY());
        gp.createFeatureTable(FeatureTableMetadata.create(gc, columns, box));
        FeatureDao dao = gp.getFeatureDao(name);
        WKBWriter wkb = new WKBWriter(2);
        dao.getDb().beginTransaction();
        try {
            for (GeoFeature f : features) {
                FeatureRow row = dao.newRow();
                row.setGeometry(GeoPackageGeometryData.createAndBuildEnvelope(WGS84, GeometryReader.readGeometry(wkb.write(f.geometry()))));
                for (Map.Entry<String, Object> p : f.properties().entrySet()) {
                    if (p.getValue() != null) {
                        String c = column(p.getKey());
                        GeoPackageDataType t = types.get(c);
                        Object v = p.getValue();
                        row.setValue(c, t == GeoPackageDataType.TEXT ? v.toString() : t == GeoPackageDataType.DOUBLE
                                ? (Object) ((Number) v).doubleValue() : t == GeoPackageDataType.INTEGER ? (Object) ((Number) v).longValue() : v);
                    }
                }
                dao.create(row);
            }
            dao.getDb().endTransaction(true);
        } catch (RuntimeException e) {
            dao.getDb().endTransaction(false);
            throw e;
        }
    }

    private static String column(String key) {
        String c = key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return c.equals("geom") || c.equals("id") ? c + "_" : c; // "id" is the table's own key
    }

    /** Reads every feature table: name → features (geometry in lon/lat, properties by column). */
    public static Map<String, List<GeoFeature>> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new GeoInputException(file.toString(), "does not exist");
        }
        Map<String, List<GeoFeature>> out = new LinkedHashMap<>();
        try (GeoPackage gp = GeoPackageManager.open(file.toFile(), false)) {
            WKBReader wkb = new WKBReader();
            for (String table : gp.getFeatureTables()) {
                FeatureDao dao = gp.getFeatureDao(table);
                if (dao.getSrsId() != WGS84) {
                    throw new GeoInputException(file.toString(), "table " + table + " is in SRS " + dao.getSrsId() + ", not WGS 84 (4326)");
                }
                List<GeoFeature> fs = new ArrayList<>();
                FeatureResultSet rs = dao.queryForAll();
                try {
                    while (rs.moveToNext()) {
                        FeatureRow row = rs.getRow();
                        GeoPackageGeometryData g = row.getGeometry();
                        if (g == null || g.getGeometry() == null) {
                            continue;
                        }
                        Map<String, Object> props = new LinkedHashMap<>();
                        for (String c : row.getColumnNames()) {
                            if (!c.equals(row.getGeometryColumnName()) && !(row.hasIdColumn() && c.equals(row.getPkColumn().getName())) && row.getValue(c) != null) {
                                props.put(c, row.getValue(c));
                            }
                        }
                        Geometry jts = wkb.read(GeometryWriter.writeGeometry(g.getGeometry()));
                        fs.add(new GeoFeature(fs.size(), jts, props));
                    }
                } finally {
                    rs.close();
                }
                out.put(table, fs);
            }
        } catch (IOException | ParseException | RuntimeException e) {
            if (e instanceof GeoInputException g) {
                throw g;
            }
            throw new GeoInputException(file.toString(), "is not a readable GeoPackage: " + e.getMessage());
        }
        return out;
    }
}
