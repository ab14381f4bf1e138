package io.sightline.kafka;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.AttributeValue;
import io.sightline.core.model.InstrumentationScope;
import io.sightline.core.model.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Takes the instrumentation scope back out of a consumed span's tags. Jaeger's Kafka messages
 * carry the scope as span tags ({@code otel.scope.*}, or {@code otel.library.*} from older
 * collectors); keeping them as tags would show them twice once the query API renders the scope.
 */
final class ScopeTags {
    static final String SCOPE_NAME_KEY = "otel.scope.name";
    static final String SCOPE_VERSION_KEY = "otel.scope.version";
    static final String LIBRARY_NAME_KEY = "otel.library.name";
    static final String LIBRARY_VERSION_KEY = "otel.library.version";

    private ScopeTags() {}

    static Span restoreScope(Span span) {
        if (!span.scope().isEmpty()) {
            return span;
        }
        String name = "";
        String version = "";
        List<Attribute> others = new ArrayList<>(span.attributes().size());
        for (Attribute attribute : span.attributes()) {
            String value = attribute.value() instanceof AttributeValue.StringValue s ? s.value() : "";
            if (name.isEmpty() && !value.isEmpty() && isNameKey(attribute.key())) {
                name = value;
            } else if (version.isEmpty() && !value.isEmpty() && isVersionKey(attribute.key())) {
                version = value;
            } else {
                others.add(attribute);
            }
        }
        if (name.isEmpty() && version.isEmpty()) {
            return span;
        }
        return span.toBuilder().attributes(others).scope(new InstrumentationScope(name, version)).build();
    }

    private static boolean isNameKey(String key) {
        return key.equals(SCOPE_NAME_KEY) || key.equals(LIBRARY_NAME_KEY);
    }

    private static boolean isVersionKey(String key) {
        return key.equals(SCOPE_VERSION_KEY) || key.equals(LIBRARY_VERSION_KEY);
    }
}
