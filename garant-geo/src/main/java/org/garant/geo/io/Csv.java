package org.garant.geo.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.garant.geo.GeoInputException;

/**
 * A small RFC 4180 CSV reader: quoted fields, doubled quotes, line breaks inside quotes, a UTF-8 byte-order mark,
 * comma or semicolon separator (guessed from the header). Rows know their physical line number and look up
 * columns by header name, case-insensitively, so errors can say "file, line, column". Not thread-safe.
 */
public final class Csv {
    private final String name;
    private final BufferedReader in;
    private final char sep;
    private final List<String> header;
    private final Map<String, Integer> columns = new HashMap<>();
    private int line;

    /** One data row. */
    public final class Row {
        private final List<String> values;
        private final int lineNo;

        Row(List<String> values, int lineNo) {
            this.values = values;
            this.lineNo = lineNo;
        }

        /** The physical line number (1-based; the header is line 1) where the row starts. */
        public int line() {
            return lineNo;
        }

        /** The value of a column (trimmed; empty when the row is short), or null if there is no such column. */
        public String get(String column) {
            Integer i = columns.get(column.toLowerCase(Locale.ROOT));
            if (i == null) {
                return null;
            }
            return i < values.size() ? values.get(i).trim() : "";
        }

        /** A required number; otherwise a {@link GeoInputException} naming file, line, column and value. */
        public double number(String column) {
            String v = get(column);
            if (v == null || v.isEmpty()) {
                throw error(column, "is empty; a number is required");
            }
            try {
                double d = Double.parseDouble(v.replace(" ", ""));
                if (!Double.isFinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            } catch (NumberFormatException e) {
                throw error(column, "'" + v + "' is not a number");
            }
        }

        public GeoInputException error(String column, String what) {
            return new GeoInputException(name, "line " + lineNo + ", column '" + column + "': " + what);
        }

        public int size() {
            return values.size();
        }
    }

    public Csv(Reader reader, String name) {
        this.name = name;
        this.in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        try {
            in.mark(8192);
            String first = in.readLine();
            in.reset();
            if (first == null) {
                throw new GeoInputException(name, "is empty: a header line is required");
            }
            sep = first.chars().filter(c -> c == ';').count() > first.chars().filter(c -> c == ',').count() ? ';' : ',';
            List<String> h = readRecord();
            if (h == null) {
                throw new GeoInputException(name, "is empty: a header line is required");
            }
            if (!h.isEmpty() && h.get(0).startsWith("\uFEFF")) {
                h.set(0, h.get(0).substring(1));
            }
            header = h;
            for (int i = 0; i < h.size(); i++) {
                columns.putIfAbsent(h.get(i).trim().toLowerCase(Locale.ROOT), i);
            }
        } catch (IOException e) {
            throw new GeoInputException(name, "cannot be read: " + e.getMessage());
        }
    }

    public List<String> header() {
        return header;
    }

    public boolean hasColumn(String column) {
        return columns.containsKey(column.toLowerCase(Locale.ROOT));
    }

    /**
     * Fails, naming the file and the header, on the first of {@code required} the header lacks; {@code what} tells the
     * user what file was expected (e.g. "not a FIRMS VIIRS CSV").
     */
    public void requireColumns(List<String> required, String what) {
        for (String column : required) {
            if (!hasColumn(column)) {
                throw new GeoInputException(name, "line 1: no column '" + column + "' in the header " + header + "; " + what);
            }
        }
    }

    /** The next non-blank row, or null at the end. */
    public Row next() {
        try {
            while (true) {
                int start = line + 1;
                List<String> r = readRecord();
                if (r == null) {
                    return null;
                }
                if (r.size() == 1 && r.get(0).isBlank()) {
                    continue;
                }
                return new Row(r, start);
            }
        } catch (IOException e) {
            throw new GeoInputException(name, "cannot be read at line " + line + ": " + e.getMessage());
        }
    }

    private List<String> readRecord() throws IOException {
        String l = in.readLine();
        if (l == null) {
            return null;
        }
        line++;
        int startLine = line;
        List<String> out = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        int i = 0;
        while (true) {
            if (i >= l.length()) {
                if (quoted) {
                    String more = in.readLine();
                    if (more == null) {
                        throw new GeoInputException(name, "line " + startLine + ": a quoted field is never closed");
                    }
                    line++;
                    field.append('\n');
                    l = more;
                    i = 0;
                    continue;
                }
                out.add(field.toString());
                return out;
            }
            char c = l.charAt(i++);
            if (quoted) {
                if (c == '"') {
                    if (i < l.length() && l.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.toString().isBlank()) {
                field.setLength(0);
                quoted = true;
            } else if (c == sep) {
                out.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
    }
}
