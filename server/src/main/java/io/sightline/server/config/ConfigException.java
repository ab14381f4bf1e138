package io.sightline.server.config;

/** A setting is unknown or malformed; the message names the setting and the expected form. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
