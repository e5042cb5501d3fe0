package org.garant.store;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * What idempotent inserts by id share (detections, events, violations): the usual case inserts a whole batch and lets
 * the table's unique id refuse it when some record is stored already ({@link Duplicate}: the transaction rolls back);
 * the careful path then asks which ids are stored ({@link #existing}) and inserts only the others.
 */
final class StoredIds {
    private static final int CHUNK = 1000;

    private StoredIds() {
    }

    /** A unique-key violation: some id of the batch is stored already. */
    static final class Duplicate extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Duplicate(Throwable cause) {
            super(cause);
        }
    }

    /** Whether the exception is a unique-key violation (SQLSTATE 23505 on H2 and PostgreSQL). */
    static boolean isDuplicate(java.sql.SQLException e) {
        for (java.sql.SQLException x = e; x != null; x = x.getNextException()) {
            if ("23505".equals(x.getSQLState())) {
                return true;
            }
            if (x.getCause() instanceof java.sql.SQLException c && "23505".equals(c.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** Which of the ids the table holds already. */
    static Set<String> existing(Handle h, String table, List<String> ids) {
        Set<String> found = new HashSet<>();
        for (int i = 0; i < ids.size(); i += CHUNK) {
            List<String> part = ids.subList(i, Math.min(ids.size(), i + CHUNK));
            found.addAll(h.createQuery("SELECT id FROM " + table + " WHERE id IN (<ids>)").bindList("ids", part)
                    .mapTo(String.class).list());
        }
        return found;
    }
}
