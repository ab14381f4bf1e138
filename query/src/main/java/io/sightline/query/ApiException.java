package io.sightline.query;

import com.linecorp.armeria.common.HttpStatus;

/** A request that is answered with an error envelope: its status and the message shown to users. */
final class ApiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient HttpStatus status;

    ApiException(HttpStatus status, String message) {
        // No stack trace: these are expected answers, not faults.
        super(message, null, false, false);
        this.status = status;
    }

    static ApiException badRequest(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, message);
    }

    static ApiException notFound(String message) {
        return new ApiException(HttpStatus.NOT_FOUND, message);
    }

    HttpStatus status() {
        return status;
    }
}
