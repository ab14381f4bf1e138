package io.sightline.core.storage;

import io.sightline.core.model.SpanKind;
import java.util.Comparator;
import java.util.Objects;

/** An operation name and the span kind it was seen with. */
public record Operation(String name, SpanKind spanKind) implements Comparable<Operation> {
    private static final Comparator<Operation> ORDER =
            Comparator.comparing(Operation::name).thenComparing(Operation::spanKind);

    public Operation {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(spanKind, "spanKind");
    }

    @Override
    public int compareTo(Operation other) {
        return ORDER.compare(this, other);
    }
}
