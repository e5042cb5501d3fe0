package org.garant.geo.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.garant.geo.GeoInputException;
import org.garant.geo.LatLon;
import org.garant.geo.Site;

/**
 * Reads sites (cities) from CSV. Columns are found by header name, case-insensitively: {@code name},
 * {@code population}, {@code lat}, {@code lon} are required; {@code kind}, {@code oblast} and the control status
 * ({@code held by} or {@code control}) are used when present — so both Garant's own cities file and the
 * controlCities files of vi-enne/controlCitiesUkraine read as they are. Rows without coordinates or with bad
 * values are rejected one by one with their line and column; the rest are kept.
 */
public final class SiteImport {
    private SiteImport() {
    }

    /** The sites read, and the rows rejected (one message each, naming file, line and column). */
    public record Result(List<Site> sites, List<String> rejected) {
    }

    /** Sites from a CSV file, or from the point features of a GeoPackage (its {@code sites} table if any), GeoJSON or KML file. */
    public static Result cities(Path file) {
        String lower = file.toString().toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".gpkg") || lower.endsWith(".geojson") || lower.endsWith(".json") || lower.endsWith(".kml")) {
            return fromFeatures(OccupationImport.features(file, "sites"), file.toString());
        }
        try (InputStream in = Files.newInputStream(file)) {
            return cities(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new GeoInputException(file.toString(), "file not found");
        } catch (IOException e) {
            throw new GeoInputException(file.toString(), "cannot be read: " + e.getMessage());
        }
    }

    /** Point features with a {@code name} (and {@code kind}, {@code oblast}, {@code population} when present) as sites. */
    static Result fromFeatures(List<GeoFeature> features, String name) {
        List<Site> sites = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        for (GeoFeature f : features) {
            String where = name + ": feature " + (f.index() + 1);
            String cityName = f.property("name");
            if (!(f.geometry() instanceof org.locationtech.jts.geom.Point pt) || pt.isEmpty()) {
                rejected.add(where + ": a " + f.geometry().getGeometryType() + ", not a point");
            } else if (cityName == null || cityName.isBlank()) {
                rejected.add(where + ": property 'name' is missing");
            } else {
                long population = 0;
                Object pop = f.properties().get("population");
                try {
                    population = pop == null ? 0 : Math.round(Double.parseDouble(pop.toString()));
                } catch (NumberFormatException e) {
                    rejected.add(where + ": property 'population' '" + pop + "' is not a number");
                    continue;
                }
                try {
                    sites.add(new Site(cityName, String.valueOf(f.properties().getOrDefault("kind", "")), population,
                            new LatLon(pt.getY(), pt.getX()), String.valueOf(f.properties().getOrDefault("oblast", "")), ""));
                } catch (IllegalArgumentException e) {
                    rejected.add(where + ": " + e.getMessage());
                }
            }
        }
        return new Result(List.copyOf(sites), List.copyOf(rejected));
    }

    public static Result cities(InputStream in, String name) {
        Csv csv = new Csv(new InputStreamReader(in, StandardCharsets.UTF_8), name);
        csv.requireColumns(List.of("name", "population", "lat", "lon"), "a cities file needs name, population, lat, lon");
        String statusColumn = csv.hasColumn("held by") ? "held by" : csv.hasColumn("control") ? "control" : null;
        List<Site> sites = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        for (Csv.Row row = csv.next(); row != null; row = csv.next()) {
            try {
                String cityName = row.get("name");
                if (cityName.isEmpty()) {
                    throw row.error("name", "is empty");
                }
                if (row.get("lat").isEmpty() && row.get("lon").isEmpty()) {
                    throw row.error("lat", "no coordinates for '" + cityName + "'");
                }
                double lat = row.number("lat");
                double lon = row.number("lon");
                LatLon pos;
                try {
                    pos = new LatLon(lat, lon);
                } catch (IllegalArgumentException e) {
                    throw row.error(lat < -90 || lat > 90 ? "lat" : "lon", e.getMessage());
                }
                String pop = row.get("population").replaceAll("[ ,\u00a0]", "");
                long population;
                try {
                    population = pop.isEmpty() ? 0 : Math.round(Double.parseDouble(pop));
                } catch (NumberFormatException e) {
                    throw row.error("population", "'" + row.get("population") + "' is not a number");
                }
                if (population < 0) {
                    throw row.error("population", "is negative: " + population);
                }
                sites.add(new Site(cityName, row.get("kind"), population, pos, row.get("oblast"),
                        statusColumn == null ? "" : row.get(statusColumn)));
            } catch (GeoInputException e) {
                rejected.add(e.getMessage());
            }
        }
        return new Result(List.copyOf(sites), List.copyOf(rejected));
    }
}
