package org.garant.geo;

/**
 * Input that Garant cannot use, with where the problem is: the source (a file name or argument), the place in it
 * (a feature index, a line and column) and what is wrong. The message is one line, fit for a user.
 */
public class GeoInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String source;

    public GeoInputException(String source, String message) {
        super(source + ": " + message);
        this.source = source;
    }

    public GeoInputException(String source, String message, Throwable cause) {
        super(source + ": " + message, cause);
        this.source = source;
    }

    /** The file or argument the problem is in. */
    public String source() {
        return source;
    }
}
