package io.sightline.core.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.memory.InMemoryStorage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryStorageTest {
    private static final Resource RESOURCE = new Resource("svc", List.of());

    private static List<Span> trace(long traceLow, int spans) {
        List<Span> out = new ArrayList<>();
        for (int i = 1; i <= spans; i++) {
            out.add(Span.builder().traceId(TraceId.of(0, traceLow)).spanId(i).name("op").resource(RESOURCE).build());
        }
        return out;
    }

    @Test
    void write_pastTheCapEvictsWholeOldestTraces() {
        InMemoryStorage storage = new InMemoryStorage(10);
        storage.write(trace(1, 4));
        storage.write(trace(2, 4));
        storage.write(trace(3, 4));
        assertThat(storage.getTrace(TraceId.of(0, 1))).isEmpty();
        assertThat(storage.getTrace(TraceId.of(0, 2))).isPresent();
        assertThat(storage.getTrace(TraceId.of(0, 3))).isPresent();
        assertThat(storage.storedSpans()).isEqualTo(8);
        assertThat(storage.evictedSpans()).isEqualTo(4);
    }

    @Test
    void constructor_rejectsANonPositiveCap() {
        assertThatThrownBy(() -> new InMemoryStorage(0)).hasMessage("maxSpans: 0 (expected: > 0)");
    }
}
