package io.sightline.collector.pipeline;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.Span;

/** The {@code sampler_type} label of a root span: the sampler its Jaeger client named, if known. */
enum SamplerType {
    PROBABILISTIC("probabilistic"),
    LOWERBOUND("lowerbound"),
    RATELIMITING("ratelimiting"),
    CONST("const"),
    UNRECOGNIZED("unrecognized");

    static final String ATTRIBUTE_KEY = "sampler.type";
    private static final SamplerType[] ALL = values();

    final String label;

    SamplerType(String label) {
        this.label = label;
    }

    static int count() {
        return ALL.length;
    }

    static SamplerType ofOrdinal(int ordinal) {
        return ALL[ordinal];
    }

    /** From the span's first {@value #ATTRIBUTE_KEY} attribute. */
    static SamplerType of(Span span) {
        for (Attribute attribute : span.attributes()) {
            if (attribute.key().equals(ATTRIBUTE_KEY)) {
                switch (attribute.value().asString()) {
                    case "probabilistic": return PROBABILISTIC;
                    case "lowerbound": return LOWERBOUND;
                    case "ratelimiting": return RATELIMITING;
                    case "const": return CONST;
                    default: return UNRECOGNIZED;
                }
            }
        }
        return UNRECOGNIZED;
    }
}
