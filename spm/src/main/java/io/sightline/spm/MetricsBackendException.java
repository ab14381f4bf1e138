package io.sightline.spm;

/** The metrics backend (Prometheus) could not answer; answered 500 with this message. */
final class MetricsBackendException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MetricsBackendException(String message, Throwable cause) {
        super(message, cause);
    }
}
