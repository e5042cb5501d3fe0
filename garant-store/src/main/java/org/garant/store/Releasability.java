package org.garant.store;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Who may see a record: every coalition nation ({@code COALITION}) or only the nations listed ({@code REL TO FRA,
 * GBR}). Immutable and thread-safe.
 *
 * <p>This is the one place where releasability is decided: {@link #releasableTo(String)} for records in memory (the
 * live feed) and {@link #sqlVisibleTo(String, String)} for every query of the store, both from the same stored form
 * ({@link #column()}: {@code COALITION} or {@code ,FRA,GBR,}).
 */
public record Releasability(boolean coalition, SortedSet<String> nations) {
    public static final Releasability COALITION = new Releasability(true, new TreeSet<>());

    /**
     * The SQL condition that a row's {@code rel} column (of the table known as {@code alias}, e.g. {@code "o."}, or
     * {@code ""}) is releasable to the viewer's nation. Every read of a marked table includes it. The nation is written
     * into the SQL as a literal, after {@link #requireNation} has checked it is three capital letters (so nothing can
     * be injected): bound as a parameter of LIKE, H2 would plan the query again on every run.
     */
    public static String sqlVisibleTo(String alias, String nation) {
        return "(" + alias + "rel = 'COALITION' OR " + alias + "rel LIKE '%," + requireNation(nation) + ",%')";
    }

    /** {@link #sqlVisibleTo(String, String)} for a query of one table. */
    public static String sqlVisibleTo(String nation) {
        return sqlVisibleTo("", nation);
    }

    public Releasability {
        nations = new TreeSet<>(nations);
        if (coalition && !nations.isEmpty()) {
            throw new IllegalArgumentException("a COALITION marking names no nations");
        }
        if (!coalition && nations.isEmpty()) {
            throw new IllegalArgumentException("REL TO needs at least one nation");
        }
        for (String n : nations) {
            requireNation(n);
        }
    }

    /** REL TO the given nations (ISO 3166 alpha-3). */
    public static Releasability relTo(String... nations) {
        return new Releasability(false, new TreeSet<>(Arrays.asList(nations)));
    }

    /** REL TO the given nations. */
    public static Releasability relTo(Set<String> nations) {
        return new Releasability(false, new TreeSet<>(nations));
    }

    /**
     * Parses a marking: {@code COALITION}, or {@code REL TO} followed by nations separated by commas, slashes or
     * spaces ({@code REL TO FRA, GBR}); case-insensitive.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Releasability parse(String marking) {
        if (marking == null || marking.isBlank()) {
            throw new IllegalArgumentException("releasability is empty: write COALITION or REL TO followed by nations (ISO3)");
        }
        String m = marking.trim().toUpperCase(Locale.ROOT);
        if (m.equals("COALITION")) {
            return COALITION;
        }
        if (!m.startsWith("REL TO")) {
            throw new IllegalArgumentException("releasability '" + marking + "' is neither COALITION nor REL TO <nations>");
        }
        TreeSet<String> ns = new TreeSet<>();
        for (String part : m.substring(6).split("[,/\\s]+")) {
            if (!part.isEmpty()) {
                ns.add(requireNation(part));
            }
        }
        if (ns.isEmpty()) {
            throw new IllegalArgumentException("releasability '" + marking + "' names no nation after REL TO");
        }
        return new Releasability(false, ns);
    }

    static String requireNation(String n) {
        // three capital letters (String.matches compiled a pattern on every call: a read's marking check)
        if (n == null || n.length() != 3 || !capital(n.charAt(0)) || !capital(n.charAt(1)) || !capital(n.charAt(2))) {
            throw new IllegalArgumentException("'" + n + "' is not a nation code (ISO 3166 alpha-3, e.g. FRA)");
        }
        return n;
    }

    private static boolean capital(char c) {
        return c >= 'A' && c <= 'Z';
    }

    /** The marking as people write it: {@code COALITION} or {@code REL TO FRA, GBR}. */
    public String marking() {
        return coalition ? "COALITION" : "REL TO " + String.join(", ", nations);
    }

    /** The stored form: {@code COALITION} or {@code ,FRA,GBR,} (so that a LIKE finds a whole code). */
    public String column() {
        return coalition ? "COALITION" : "," + String.join(",", nations) + ",";
    }

    /** Reads the stored form. */
    public static Releasability fromColumn(String column) {
        if (column.equals("COALITION")) {
            return COALITION;
        }
        TreeSet<String> ns = new TreeSet<>();
        for (String part : column.split(",")) {
            if (!part.isEmpty()) {
                ns.add(part);
            }
        }
        return new Releasability(false, ns);
    }

    /** Whether every nation that may see a record with this marking may also see one marked {@code other}. */
    public boolean within(Releasability other) {
        return other.coalition || (!coalition && other.nations.containsAll(nations));
    }

    /** Whether a user of that nation may see a record with this marking. */
    public boolean releasableTo(String nation) {
        return coalition || nations.contains(nation);
    }

    /**
     * The marking with the originator's nation added (an originator can always see what it wrote, as a REL TO
     * marking always names its originator).
     */
    public Releasability withOriginator(String nation) {
        if (coalition || nations.contains(nation)) {
            return this;
        }
        TreeSet<String> ns = new TreeSet<>(nations);
        ns.add(requireNation(nation));
        return new Releasability(false, ns);
    }

    /**
     * The marking of a record derived from records with both markings: releasable only where both are (the most
     * restrictive). Two disjoint REL TO lists give an empty intersection; the result is then null (nobody may see it).
     */
    public Releasability intersect(Releasability other) {
        if (coalition) {
            return other;
        }
        if (other.coalition) {
            return this;
        }
        TreeSet<String> ns = new TreeSet<>(nations);
        ns.retainAll(other.nations);
        return ns.isEmpty() ? null : new Releasability(false, ns);
    }

    @Override
    public String toString() {
        return marking();
    }
}
