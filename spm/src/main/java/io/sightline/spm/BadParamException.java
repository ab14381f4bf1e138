package io.sightline.spm;

/** A request parameter that cannot be used; answered 400 with this message. */
final class BadParamException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadParamException(String message) {
        // No stack trace: an expected answer, not a fault.
        super(message, null, false, false);
    }

    /** Jaeger's {@code newParseError}: {@code unable to parse param '<name>': <cause>}. */
    static BadParamException param(String name, String cause) {
        return new BadParamException("unable to parse param '" + name + "': " + cause);
    }
}
