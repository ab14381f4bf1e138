package io.sightline.core.storage;

import io.sightline.core.model.Attribute;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.StatusCode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The (key, value-as-string) pairs a tag search can match on one span: the tags the Jaeger API
 * shows for it. Every backend indexes and matches exactly these, so that a search for a tag the
 * UI displays (including the derived {@code error=true} and {@code span.kind=server}) finds it.
 */
public final class SearchableTags {
    private SearchableTags() {}

    /**
     * Calls {@code sink} with every searchable pair of {@code span}: its attributes and derived
     * tags, its resource attributes (process tags, {@code service.name} excluded, as Jaeger keeps
     * it apart), and the fields of each event ({@code event} for the name). Pairs may repeat.
     */
    public static void forEach(Span span, BiConsumer<String, String> sink) {
        for (Attribute attribute : span.attributes()) {
            sink.accept(attribute.key(), attribute.value().asString());
        }
        if (span.kind() != SpanKind.UNSPECIFIED) {
            sink.accept("span.kind", span.kind().jaegerName());
        }
        if (span.statusCode() == StatusCode.OK) {
            sink.accept("otel.status_code", "OK");
        } else if (span.statusCode() == StatusCode.ERROR) {
            sink.accept("otel.status_code", "ERROR");
            sink.accept("error", "true");
        }
        if (!span.statusMessage().isEmpty()) {
            sink.accept("otel.status_description", span.statusMessage());
        }
        for (Attribute attribute : span.resource().attributes()) {
            sink.accept(attribute.key(), attribute.value().asString());
        }
        if (!span.scope().name().isEmpty()) {
            sink.accept("otel.scope.name", span.scope().name());
        }
        if (!span.scope().version().isEmpty()) {
            sink.accept("otel.scope.version", span.scope().version());
        }
        for (SpanEvent event : span.events()) {
            if (!event.name().isEmpty()) {
                sink.accept("event", event.name());
            }
            for (Attribute attribute : event.attributes()) {
                sink.accept(attribute.key(), attribute.value().asString());
            }
        }
    }

    /** Whether {@code span} carries every pair of {@code tags} (an empty map always matches). */
    public static boolean containsAll(Span span, Map<String, String> tags) {
        if (tags.isEmpty()) {
            return true;
        }
        Set<String> found = new HashSet<>();
        forEach(span, (key, value) -> {
            if (value.equals(tags.get(key))) {
                found.add(key);
            }
        });
        return found.size() == tags.size();
    }
}
