package io.sightline.core.model;

import java.util.Locale;

/** OTLP span kinds; the lower-case name is Jaeger's {@code span.kind} tag value. */
public enum SpanKind {
    UNSPECIFIED(""),
    INTERNAL("internal"),
    SERVER("server"),
    CLIENT("client"),
    PRODUCER("producer"),
    CONSUMER("consumer");

    private final String jaegerName;

    SpanKind(String jaegerName) {
        this.jaegerName = jaegerName;
    }

    /** {@code server}, {@code client}, …; empty for {@link #UNSPECIFIED}. */
    public String jaegerName() {
        return jaegerName;
    }

    /**
     * Parses a Jaeger span kind name ({@code server}, …); empty means unspecified.
     *
     * @throws IllegalArgumentException for any other value
     */
    public static SpanKind fromJaegerName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (SpanKind kind : values()) {
            if (kind.jaegerName.equals(lower)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown span kind: " + name
                + " (expected: server, client, producer, consumer, internal)");
    }
}
