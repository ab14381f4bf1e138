package io.sightline.sampling;

/** A strategies file that cannot be used; the message names the source, the position and the problem. */
public final class StrategiesFileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StrategiesFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
