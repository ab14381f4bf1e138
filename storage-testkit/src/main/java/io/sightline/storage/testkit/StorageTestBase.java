package io.sightline.storage.testkit;

import io.sightline.core.model.Span;
import io.sightline.core.model.Trace;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.StorageComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The lifecycle every conformance suite shares: one fresh, empty store per test, closed after
 * it. A backend extends each suite ({@link SpanStoreConformanceTest},
 * {@link ServiceCatalogConformanceTest}) and implements only {@link #storage()}.
 */
public abstract class StorageTestBase {
    private StorageComponent store;

    /**
     * Opens a new, empty store. Called once before each test; the suite closes what it returns
     * after the test. Anything the backend needs (a {@code @TempDir}, a container) is the
     * subclass's to set up.
     */
    protected abstract StorageComponent storage() throws Exception;

    @BeforeEach
    final void openFreshStore() throws Exception {
        store = storage();
    }

    @AfterEach
    final void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    /** The store of the running test. */
    protected final StorageComponent store() {
        return store;
    }

    protected final void write(Span... spans) {
        store.spanWriter().write(Arrays.asList(spans));
    }

    protected final void write(List<Span> spans) {
        store.spanWriter().write(spans);
    }

    protected final Optional<Trace> getTrace(TraceId traceId) {
        return store.traceReader().getTrace(traceId);
    }

    /** The spans of a trace that must exist. */
    protected final List<Span> spansOf(TraceId traceId) {
        Trace trace = getTrace(traceId).orElseThrow(() -> new AssertionError("trace " + traceId + " not found"));
        return trace.spans();
    }
}
