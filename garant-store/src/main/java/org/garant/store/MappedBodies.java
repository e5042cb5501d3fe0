package org.garant.store;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The embedded store's copy of located records' JSON bodies, appended to a memory-mapped scratch file: box queries
 * read their page's bodies here instead of from H2's pages. Derived data, like {@link PlaceTimeIndex}: written after
 * each commit and rebuilt from the tables when the store opens. The file lives beside the database (or in the
 * temporary folder for an in-memory one) and is unlinked as soon as it is open, so it never outlives the process
 * that wrote it (not even a killed one) and no other store can open it; the operating system's page cache holds its
 * bytes, not the Java heap, and pages them out to the file when memory is short.
 *
 * <p>Thread-safe: appends are serialised; a reader learns an offset only after the append that wrote it (through the
 * index's cell lock), so it reads complete bytes.
 */
final class MappedBodies implements AutoCloseable {
    /** Bytes in one mapped segment; a body never spans two, so this is also the largest body. */
    static final int SEGMENT = 64 << 20;

    private final FileChannel channel;
    private volatile MappedByteBuffer[] segments = new MappedByteBuffer[0];
    /** The next free offset (guarded by this). */
    private long end;

    /** A new, empty scratch file in {@code dir}. */
    MappedBodies(Path dir) {
        try {
            Files.createDirectories(dir);
            Path file = Files.createTempFile(dir, "garant-bodies-", ".tmp");
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            try {
                Files.delete(file);
            } catch (IOException e) {
                // where an open file cannot be unlinked (Windows), at least when the JVM exits
                file.toFile().deleteOnExit();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the scratch file for located records' bodies in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The body's bytes (UTF-8), checked before anything is stored: they must fit in a segment. */
    static byte[] encode(String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        if (b.length > SEGMENT) {
            throw new StoreException(StoreException.Kind.INVALID, "a located record's body of " + b.length + " bytes is larger than the "
                    + SEGMENT + " bytes allowed");
        }
        return b;
    }

    /** Appends the bytes; returns their offset. */
    synchronized long append(byte[] b) {
        long at = end;
        if (at % SEGMENT + b.length > SEGMENT) {
            at = (at / SEGMENT + 1) * SEGMENT;
        }
        int seg = (int) (at / SEGMENT);
        MappedByteBuffer[] s = segments;
        if (seg >= s.length) {
            try {
                s = Arrays.copyOf(s, seg + 1);
                for (int i = segments.length; i <= seg; i++) {
                    s[i] = channel.map(FileChannel.MapMode.READ_WRITE, (long) i * SEGMENT, SEGMENT);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot grow the scratch file of located records' bodies: " + e.getMessage(), e);
            }
            segments = s;
        }
        s[seg].put((int) (at % SEGMENT), b);
        end = at + b.length;
        return at;
    }

    /** The body appended at {@code at} with {@code length} bytes. */
    String read(long at, int length) {
        byte[] b = new byte[length];
        segments[(int) (at / SEGMENT)].get((int) (at % SEGMENT), b);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Forgets every body (after the tables were emptied; the file keeps its size). */
    synchronized void clear() {
        end = 0;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the file is unlinked already: nothing is lost
        }
    }
}
