package org.garant.server;

/**
 * An error answered to the client in the one error shape {@code {"error": ..., "detail": ...}} with its status.
 * {@code detail} names the field (e.g. {@code detections[3].time}) and what is wrong.
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String error;

    public ApiError(int status, String error, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
    }

    public static ApiError badRequest(String detail) {
        return new ApiError(400, "bad_request", detail);
    }

    public static ApiError notFound(String detail) {
        return new ApiError(404, "not_found", detail);
    }

    public static ApiError forbidden(String detail) {
        return new ApiError(403, "forbidden", detail);
    }

    public static ApiError unauthorized(String detail) {
        return new ApiError(401, "unauthorized", detail);
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }
}
