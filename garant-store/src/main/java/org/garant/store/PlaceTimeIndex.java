package org.garant.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The embedded store's in-memory index of located records (events or violations) by place and time: per 0.25° cell
 * ({@link Located#cell}), the records' times, positions, markings, kinds, sides, alert flags, ids and where their
 * bodies are in {@link MappedBodies}, in time order. A box query is answered here whole, visiting only the records of
 * its cells in its window and reading only its page's bodies: H2 costs ~2.7 µs for each index entry and row it visits,
 * a day in a box along the line visits about six times the rows it returns, and the pages it reads and caches for
 * random days across a year were most of what the garbage collector had to copy (BENCHMARKS.md, server).
 *
 * <p>Only for the embedded store: it is one process by definition, so every insert passes through it ({@link #add},
 * after the commit) and the index is never stale; it is filled from the table when the store opens. PostgreSQL, which
 * several servers may share, answers from its own indexes. Memory: about 100 bytes of heap per record, and its body
 * in the mapped file.
 *
 * <p>Thread-safe: a cell is written under its own lock, and a query holds the locks of the cells it reads.
 */
final class PlaceTimeIndex {
    /** A record found: what orders it (newest first, then id), and the rest of what a query answers of it. */
    record Entry(long timeNs, String id, double lon, double lat, int attrs, long bodyAt, int bodyLength) {
    }

    private final ConcurrentHashMap<Integer, Cell> cells = new ConcurrentHashMap<>();
    private final Dictionary markings = new Dictionary(1 << 19);
    private final Dictionary kinds = new Dictionary(64);
    private final Dictionary sides = new Dictionary(32);
    private final MappedBodies bodies;

    PlaceTimeIndex(MappedBodies bodies) {
        this.bodies = bodies;
    }

    /** Adds a stored record (its body as {@link MappedBodies#encode} gives it). */
    void add(String id, long timeNs, double lon, double lat, String rel, String kind, String side, boolean alert, byte[] body) {
        int attrs = markings.code(rel) << 12 | kinds.code(kind) << 6 | sides.code(side) << 1 | (alert ? 1 : 0);
        long at = bodies.append(body);
        cells.computeIfAbsent(Located.cell(lon, lat), c -> new Cell()).add(id, timeNs, lon, lat, attrs, at, body.length);
    }

    /** The record an entry found, its body read from the mapped file. */
    Located.Row row(Entry e) {
        int a = e.attrs();
        return new Located.Row(e.id(), e.timeNs(), e.lon(), e.lat(), kinds.value((a >>> 6) & 63), sides.value((a >>> 1) & 31), (a & 1) == 1,
                bodies.read(e.bodyAt(), e.bodyLength()), markings.releasability(a >>> 12));
    }

    /** The record an entry found as a point of the map (no body read). */
    Located.Point point(Entry e) {
        int a = e.attrs();
        return new Located.Point(e.id(), e.timeNs(), e.lon(), e.lat(), kinds.value((a >>> 6) & 63), sides.value((a >>> 1) & 31));
    }

    /** The cells holding records whose column and row are within the given ranges (a box of any size). */
    List<Integer> cellsWithin(int x0, int y0, int x1, int y1) {
        List<Integer> out = new ArrayList<>();
        for (Integer c : cells.keySet()) {
            int x = c % 1440;
            int y = c / 1440;
            if (x >= x0 && x <= x1 && y >= y0 && y <= y1) {
                out.add(c);
            }
        }
        return out;
    }

    void clear() {
        cells.clear();
    }

    /**
     * The newest {@code need} records of the given cells that match the query and that the viewer may see (the marking
     * tested by {@link Releasability#releasableTo}, the same rule as the SQL condition), and any more of the same time
     * as the last, so that the caller can order ties by id and cut the page. The cells are walked back in time
     * together, merged by time, so only the records newer than the page's end are visited and only the page's are
     * taken.
     */
    List<Entry> newest(List<Integer> cellIds, String viewerNation, Located.Query q, boolean violations, int need) {
        List<Cell> cs = new ArrayList<>();
        cellIds.stream().sorted().forEach(id -> {
            Cell c = cells.get(id);
            if (c != null) {
                cs.add(c);
            }
        });
        if (cs.isEmpty() || need <= 0) {
            return List.of();
        }
        boolean[] visible = markings.visibleTo(viewerNation);
        int kind = q.kind() == null ? -1 : kinds.find(q.kind());
        int side = q.side() == null ? -1 : sides.find(q.side());
        if ((q.kind() != null && kind < 0) || (q.side() != null && side < 0)) {
            return List.of();
        }
        int alert = !violations || q.alert() == null ? -1 : q.alert() ? 1 : 0;
        double[] box = q.bbox();
        List<Entry> out = new ArrayList<>(need + 8);
        // in ascending cell order (a writer holds one cell's lock at a time, so this cannot deadlock)
        for (Cell c : cs) {
            c.lock.lock();
        }
        try {
            int n = cs.size();
            int[] at = new int[n];
            for (int k = 0; k < n; k++) {
                // the last record before the window's end
                at[k] = cs.get(k).lowerBound(q.toNs()) - 1;
            }
            long cutTime = Long.MIN_VALUE;
            while (true) {
                int best = -1;
                long bestTime = Long.MIN_VALUE;
                for (int k = 0; k < n; k++) {
                    if (at[k] < 0) {
                        continue;
                    }
                    long t = cs.get(k).time[at[k]];
                    if (t < q.fromNs()) {
                        at[k] = -1;
                    } else if (best < 0 || t > bestTime) {
                        best = k;
                        bestTime = t;
                    }
                }
                if (best < 0 || (out.size() >= need && bestTime < cutTime)) {
                    break;
                }
                Cell c = cs.get(best);
                int i = at[best]--;
                int a = c.attrs[i];
                double lon = c.lon[i];
                double lat = c.lat[i];
                if (lon < box[0] || lon > box[2] || lat < box[1] || lat > box[3]) {
                    continue;
                }
                int m = a >>> 12;
                if (m >= visible.length || !visible[m]) {
                    continue;
                }
                if ((kind >= 0 && ((a >>> 6) & 63) != kind) || (side >= 0 && ((a >>> 1) & 31) != side) || (alert >= 0 && (a & 1) != alert)) {
                    continue;
                }
                out.add(new Entry(bestTime, c.id[i], lon, lat, a, c.bodyAt[i], c.bodyLength[i]));
                if (out.size() == need) {
                    cutTime = bestTime;
                }
            }
        } finally {
            for (Cell c : cs) {
                c.lock.unlock();
            }
        }
        return out;
    }

    /** One cell's records in time order (appended at the end, as they mostly arrive; inserted in place otherwise). */
    private static final class Cell {
        long[] time = new long[16];
        double[] lon = new double[16];
        double[] lat = new double[16];
        int[] attrs = new int[16];
        long[] bodyAt = new long[16];
        int[] bodyLength = new int[16];
        String[] id = new String[16];
        int size;
        final java.util.concurrent.locks.ReentrantLock lock = new java.util.concurrent.locks.ReentrantLock();

        void add(String i, long t, double x, double y, int a, long b, int bl) {
            lock.lock();
            try {
                append(i, t, x, y, a, b, bl);
            } finally {
                lock.unlock();
            }
        }

        private void append(String i, long t, double x, double y, int a, long b, int bl) {
            if (size == time.length) {
                int n = size * 2;
                time = Arrays.copyOf(time, n);
                lon = Arrays.copyOf(lon, n);
                lat = Arrays.copyOf(lat, n);
                attrs = Arrays.copyOf(attrs, n);
                bodyAt = Arrays.copyOf(bodyAt, n);
                bodyLength = Arrays.copyOf(bodyLength, n);
                id = Arrays.copyOf(id, n);
            }
            int at = size == 0 || time[size - 1] <= t ? size : upperBound(t);
            if (at < size) {
                System.arraycopy(time, at, time, at + 1, size - at);
                System.arraycopy(lon, at, lon, at + 1, size - at);
                System.arraycopy(lat, at, lat, at + 1, size - at);
                System.arraycopy(attrs, at, attrs, at + 1, size - at);
                System.arraycopy(bodyAt, at, bodyAt, at + 1, size - at);
                System.arraycopy(bodyLength, at, bodyLength, at + 1, size - at);
                System.arraycopy(id, at, id, at + 1, size - at);
            }
            time[at] = t;
            lon[at] = x;
            lat[at] = y;
            attrs[at] = a;
            bodyAt[at] = b;
            bodyLength[at] = bl;
            id[at] = i;
            size++;
        }

        /** The first position whose time is ≥ t. */
        int lowerBound(long t) {
            int lo = 0;
            int hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (time[mid] < t) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }

        /** The first position whose time is > t. */
        int upperBound(long t) {
            int lo = 0;
            int hi = size;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (time[mid] <= t) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    /** Small codes for the few distinct markings, kinds and sides. */
    private static final class Dictionary {
        private final ConcurrentHashMap<String, Integer> codes = new ConcurrentHashMap<>();
        private volatile String[] values = new String[0];
        private volatile Releasability[] parsed = new Releasability[0];
        private final ConcurrentHashMap<String, boolean[]> visibility = new ConcurrentHashMap<>();
        private final int max;

        Dictionary(int max) {
            this.max = max;
        }

        int code(String value) {
            Integer c = codes.get(value);
            if (c != null) {
                return c;
            }
            synchronized (this) {
                c = codes.get(value);
                if (c == null) {
                    c = values.length;
                    if (c >= max) {
                        throw new IllegalStateException("more than " + max + " distinct values for the place-and-time index");
                    }
                    String[] v = Arrays.copyOf(values, c + 1);
                    v[c] = value;
                    values = v;
                    codes.put(value, c);
                    visibility.clear();
                }
                return c;
            }
        }

        String value(int code) {
            return values[code];
        }

        /** The marking a code stands for, parsed once. */
        Releasability releasability(int code) {
            Releasability[] r = parsed;
            if (r.length <= code || r[code] == null) {
                synchronized (this) {
                    r = parsed.length > code ? parsed : Arrays.copyOf(parsed, values.length);
                    if (r[code] == null) {
                        r[code] = Releasability.fromColumn(values[code]);
                    }
                    parsed = r;
                }
            }
            return r[code];
        }

        /** The code of a value, or -1 when no record has it. */
        int find(String value) {
            Integer c = codes.get(value);
            return c == null ? -1 : c;
        }

        /** For each marking code, whether the nation may see it (computed once per nation and set of markings). */
        boolean[] visibleTo(String nation) {
            boolean[] v = visibility.get(nation);
            String[] vals = values;
            if (v == null || v.length != vals.length) {
                v = new boolean[vals.length];
                for (int i = 0; i < vals.length; i++) {
                    v[i] = Releasability.fromColumn(vals[i]).releasableTo(nation);
                }
                visibility.put(nation, v);
            }
            return v;
        }
    }
}
