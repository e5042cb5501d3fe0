package org.garant.plan.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.garant.geo.GeoInputException;
import org.garant.geo.LatLon;
import org.garant.geo.Theatre;
import org.garant.geo.io.Csv;
import org.garant.plan.domain.Capability;
import org.garant.plan.domain.Caveat;
import org.garant.plan.domain.Coalition;
import org.garant.plan.domain.Pledge;
import org.garant.plan.domain.PlanSite;
import org.garant.plan.domain.Readiness;
import org.garant.plan.domain.Requirement;
import org.garant.plan.domain.SiteKind;

/**
 * Reads a coalition from a folder of CSV files a planner can edit in a spreadsheet (see docs/PLANNING-FORMAT.md):
 * {@code nations.csv}, {@code conditions.csv}, {@code sites.csv}, {@code requirements.csv}, {@code pledges.csv} and
 * {@code caveats.csv}. Any error names the file, line, column and value, and refuses the coalition (a plan on a
 * half-read coalition would mislead); a caveat that no site can ever satisfy is a warning naming the pledge.
 */
public final class CoalitionCsv {
    /** The coalition and the warnings. */
    public record Result(Coalition coalition, List<String> warnings) {
    }

    /** Where the files come from: a folder, or the classpath (the demo coalition). */
    @FunctionalInterface
    public interface Source {
        InputStream open(String file) throws IOException;
    }

    private CoalitionCsv() {
    }

    /** Reads a folder of CSV files, or the same tables as one JSON document ({@code .json}). */
    public static Result read(Path dir, Theatre theatre) {
        if (Files.isRegularFile(dir) && dir.toString().toLowerCase(Locale.ROOT).endsWith(".json")) {
            return readJson(dir, theatre);
        }
        if (!Files.isDirectory(dir)) {
            throw new GeoInputException(dir.toString(), "not a folder of coalition CSV files nor a .json coalition document");
        }
        return read(f -> Files.newInputStream(dir.resolve(f)), dir.toString() + "/", theatre);
    }

    /**
     * The coalition as one JSON document: an object with the arrays {@code nations}, {@code conditions},
     * {@code sites}, {@code requirements}, {@code pledges} and {@code caveats}, whose elements have the CSV columns as
     * keys (list values such as a pledge's conditions may be JSON arrays). Read through the same validation as the
     * CSV files; an error's "line N" is element N − 1 of the array (the header being line 1).
     */
    static Result readJson(Path file, Theatre theatre) {
        com.fasterxml.jackson.databind.JsonNode root;
        try {
            root = new com.fasterxml.jackson.databind.ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new GeoInputException(file.toString(), "not JSON: " + e.getMessage().split("\n")[0]);
        }
        if (root == null || !root.isObject()) {
            throw new GeoInputException(file.toString(), "a coalition document is a JSON object of arrays");
        }
        Map<String, String> csv = new LinkedHashMap<>();
        for (String table : List.of("nations", "conditions", "sites", "requirements", "pledges", "caveats")) {
            com.fasterxml.jackson.databind.JsonNode a = root.path(table);
            if (!a.isArray()) {
                throw new GeoInputException(file.toString(), "no '" + table + "' array");
            }
            Set<String> columns = new LinkedHashSet<>(EMPTY_HEADERS.get(table));
            a.forEach(o -> o.fieldNames().forEachRemaining(columns::add));
            StringBuilder sb = new StringBuilder(String.join(",", columns)).append('\n');
            for (com.fasterxml.jackson.databind.JsonNode o : a) {
                List<String> cells = new ArrayList<>();
                for (String col : columns) {
                    com.fasterxml.jackson.databind.JsonNode v = o.path(col);
                    String text = v.isArray() ? joined(v) : v.isMissingNode() || v.isNull() ? "" : v.asText();
                    cells.add("\"" + text.replace("\"", "\"\"") + "\"");
                }
                sb.append(String.join(",", cells)).append('\n');
            }
            csv.put(table + ".csv", sb.toString());
        }
        return read(f -> new java.io.ByteArrayInputStream(csv.get(f).getBytes(StandardCharsets.UTF_8)), file + "#", theatre);
    }

    private static final Map<String, List<String>> EMPTY_HEADERS = Map.of(
            "nations", List.of("iso3", "name"), "conditions", List.of("id", "description"),
            "sites", List.of("id", "name", "kind", "oblast", "capacity", "lat", "lon"),
            "requirements", List.of("id", "capability", "quantity", "site", "from_month", "to_month", "priority"),
            "pledges", List.of("id", "nation", "unit", "capability", "personnel", "readiness", "days_to_deploy", "from_month",
                    "to_month", "max_tour_months", "conditions"),
            "caveats", List.of("pledge", "type", "value"));

    private static String joined(com.fasterxml.jackson.databind.JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(x -> parts.add(x.asText()));
        return String.join(";", parts);
    }

    public static Result read(Source src, String prefix, Theatre theatre) {
        List<String> warnings = new ArrayList<>();
        Map<String, String> nations = new LinkedHashMap<>();
        rows(src, prefix, "nations.csv", List.of("iso3", "name"), r -> {
            String iso = r.get("iso3").toUpperCase(Locale.ROOT);
            if (!iso.matches("[A-Z]{3}")) {
                throw r.error("iso3", "'" + r.get("iso3") + "' is not an ISO 3166 alpha-3 code");
            }
            nations.put(iso, r.get("name"));
            return null;
        });
        Map<String, String> conditions = new LinkedHashMap<>();
        rows(src, prefix, "conditions.csv", List.of("id", "description"), r -> {
            conditions.put(r.get("id"), r.get("description"));
            return null;
        });
        List<PlanSite> sites = new ArrayList<>();
        Set<String> siteIds = new LinkedHashSet<>();
        rows(src, prefix, "sites.csv", List.of("id", "name", "kind", "oblast", "capacity", "lat", "lon"), r -> {
            SiteKind kind = enumOf(SiteKind.class, r, "kind");
            int capacity = nonNegativeInt(r, "capacity");
            LatLon p;
            try {
                p = new LatLon(r.number("lat"), r.number("lon"));
            } catch (IllegalArgumentException e) {
                throw r.error("lat", e.getMessage());
            }
            boolean inUkraine = kind != SiteKind.STAGING;
            double km = theatre.locate(p).distanceKm();
            if (!siteIds.add(r.get("id"))) {
                throw r.error("id", "duplicate site '" + r.get("id") + "'");
            }
            sites.add(new PlanSite(r.get("id"), r.get("name"), kind, inUkraine, r.get("oblast"), capacity, p, km));
            return null;
        });
        List<Requirement> reqs = new ArrayList<>();
        rows(src, prefix, "requirements.csv", List.of("id", "capability", "quantity", "site", "from_month", "to_month", "priority"), r -> {
            Capability cap = capability(r);
            if (!siteIds.contains(r.get("site"))) {
                throw r.error("site", "unknown site '" + r.get("site") + "' (not in sites.csv)");
            }
            int q = nonNegativeInt(r, "quantity");
            try {
                reqs.add(new Requirement(r.get("id"), cap, q, r.get("site"), positiveInt(r, "from_month"), positiveInt(r, "to_month"),
                        positiveInt(r, "priority")));
            } catch (IllegalArgumentException e) {
                throw r.error("to_month", e.getMessage());
            }
            return null;
        });
        Map<String, Pledge> pledges = new LinkedHashMap<>();
        rows(src, prefix, "pledges.csv", List.of("id", "nation", "unit", "capability", "personnel", "readiness", "days_to_deploy",
                "from_month", "to_month", "max_tour_months", "conditions"), r -> {
            String nation = r.get("nation").toUpperCase(Locale.ROOT);
            if (!nations.containsKey(nation)) {
                throw r.error("nation", "unknown nation '" + r.get("nation") + "' (not in nations.csv)");
            }
            List<String> conds = new ArrayList<>();
            for (String cnd : r.get("conditions").split(";")) {
                String c = cnd.trim();
                if (c.isEmpty()) {
                    continue;
                }
                if (!conditions.containsKey(c)) {
                    throw r.error("conditions", "undefined condition '" + c + "' (not in conditions.csv)");
                }
                conds.add(c);
            }
            if (pledges.containsKey(r.get("id"))) {
                throw r.error("id", "duplicate pledge '" + r.get("id") + "'");
            }
            try {
                pledges.put(r.get("id"), new Pledge(r.get("id"), nation, r.get("unit"), capability(r), positiveInt(r, "personnel"),
                        enumOf(Readiness.class, r, "readiness"), nonNegativeInt(r, "days_to_deploy"), positiveInt(r, "from_month"),
                        positiveInt(r, "to_month"), positiveInt(r, "max_tour_months"), conds, List.of()));
            } catch (IllegalArgumentException e) {
                throw r.error("to_month", e.getMessage());
            }
            return null;
        });
        rows(src, prefix, "caveats.csv", List.of("pledge", "type", "value"), r -> {
            Pledge p = pledges.get(r.get("pledge"));
            if (p == null) {
                throw r.error("pledge", "unknown pledge '" + r.get("pledge") + "'");
            }
            Caveat c = caveat(r, nations);
            pledges.put(p.id(), p.withCaveat(c));
            return null;
        });
        for (Pledge p : pledges.values()) {
            boolean anySite = sites.stream().anyMatch(s -> p.caveats().stream().allMatch(c -> c.forbids(s) == null));
            if (!anySite && !p.caveats().isEmpty()) {
                warnings.add("pledge " + p.id() + " (" + p.nation() + " " + p.unit() + "): its caveats allow no site at all");
            }
        }
        return new Result(new Coalition(nations, sites, reqs, new ArrayList<>(pledges.values()), conditions), warnings);
    }

    private static Caveat caveat(Csv.Row r, Map<String, String> nations) {
        String type = r.get("type").trim().toUpperCase(Locale.ROOT);
        String value = r.get("value");
        Set<String> list = new LinkedHashSet<>();
        for (String v : value.split(";")) {
            if (!v.isBlank()) {
                list.add(v.trim());
            }
        }
        switch (type) {
            case "MIN_DISTANCE_KM" -> {
                double km = r.number("value");
                if (km < 0) {
                    throw r.error("value", "a minimum distance must not be negative: " + km);
                }
                return new Caveat.MinDistanceKm(km);
            }
            case "SITE_KINDS" -> {
                Set<SiteKind> kinds = java.util.EnumSet.noneOf(SiteKind.class);
                for (String k : list) {
                    try {
                        kinds.add(SiteKind.valueOf(k.toUpperCase(Locale.ROOT)));
                    } catch (IllegalArgumentException e) {
                        throw r.error("value", "'" + k + "' is not a site kind " + Arrays.toString(SiteKind.values()));
                    }
                }
                return new Caveat.SiteKinds(kinds);
            }
            case "ALLOWED_OBLASTS" -> {
                return new Caveat.AllowedOblasts(list);
            }
            case "FORBIDDEN_OBLASTS" -> {
                return new Caveat.ForbiddenOblasts(list);
            }
            case "LEAD_NATION" -> {
                String n = value.trim().toUpperCase(Locale.ROOT);
                if (!nations.containsKey(n)) {
                    throw r.error("value", "unknown lead nation '" + value + "'");
                }
                return new Caveat.UnderLeadNation(n);
            }
            case "MAX_SHARE_AT_SITE" -> {
                double share = r.number("value");
                if (!(share > 0 && share <= 1)) {
                    throw r.error("value", "a share must be in (0, 1]: " + share);
                }
                return new Caveat.MaxShareAtSite(share);
            }
            default -> throw r.error("type", "'" + r.get("type") + "' is not a caveat type (MIN_DISTANCE_KM, SITE_KINDS,"
                    + " ALLOWED_OBLASTS, FORBIDDEN_OBLASTS, LEAD_NATION, MAX_SHARE_AT_SITE)");
        }
    }

    private static Capability capability(Csv.Row r) {
        try {
            return Capability.parse(r.get("capability"));
        } catch (IllegalArgumentException e) {
            throw r.error("capability", e.getMessage());
        }
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, Csv.Row r, String column) {
        try {
            return Enum.valueOf(type, r.get(column).trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw r.error(column, "'" + r.get(column) + "' is not one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    private static int nonNegativeInt(Csv.Row r, String column) {
        double v = r.number(column);
        if (v < 0 || v != Math.rint(v)) {
            throw r.error(column, "'" + r.get(column) + "' must be a whole number, not negative");
        }
        return (int) v;
    }

    private static int positiveInt(Csv.Row r, String column) {
        int v = nonNegativeInt(r, column);
        if (v == 0) {
            throw r.error(column, "must be positive");
        }
        return v;
    }

    private static void rows(Source src, String prefix, String file, List<String> required, Function<Csv.Row, Void> each) {
        String name = prefix + file;
        try (InputStream in = src.open(file)) {
            if (in == null) {
                throw new GeoInputException(name, "file not found");
            }
            Csv csv = new Csv(new InputStreamReader(in, StandardCharsets.UTF_8), name);
            csv.requireColumns(required, "needed: " + required);
            for (Csv.Row row = csv.next(); row != null; row = csv.next()) {
                each.apply(row);
            }
        } catch (NoSuchFileException e) {
            throw new GeoInputException(name, "file not found");
        } catch (IOException e) {
            throw new GeoInputException(name, "cannot be read: " + e.getMessage());
        }
    }

    /** The demo coalition shipped with Garant (illustrative), against the given theatre. */
    public static Result demo(Theatre theatre) {
        return read(f -> CoalitionCsv.class.getResourceAsStream("/org/garant/plan/demo/" + f), "demo coalition ", theatre);
    }
}
