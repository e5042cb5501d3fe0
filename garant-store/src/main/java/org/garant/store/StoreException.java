package org.garant.store;

/** A request the store refuses (unknown record, conflicting version); the message says what and which record. */
public final class StoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final Kind kind;

    public enum Kind { NOT_FOUND, CONFLICT, INVALID }

    public StoreException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
