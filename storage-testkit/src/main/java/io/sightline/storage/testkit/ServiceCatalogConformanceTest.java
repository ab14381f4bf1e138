package io.sightline.storage.testkit;

import static io.sightline.storage.testkit.TestSpans.span;
import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.model.Resource;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.Operation;
import io.sightline.core.storage.ServiceCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The service and operation names every backend must list, and its health while open. Names are
 * sorted by {@link String#compareTo} (so upper case before lower case); operations by name then
 * span kind.
 */
public abstract class ServiceCatalogConformanceTest extends StorageTestBase {
    private static final TraceId TRACE = TraceId.fromHex("4bf92f3577b34da6a3ce929d0e0e4736");

    private ServiceCatalog catalog() {
        return store().serviceCatalog();
    }

    @Test
    void getServices_onAnEmptyStoreIsEmpty() {
        assertThat(catalog().getServices()).isEmpty();
        assertThat(catalog().getOperations("frontend", null)).isEmpty();
    }

    @Test
    void getServices_isSortedAndDeduplicated() {
        write(span(TRACE, 1).resource(TestSpans.MYSQL).build(),
                span(TRACE, 2).resource(TestSpans.FRONTEND).build(),
                span(TRACE, 3).resource(TestSpans.FRONTEND).build(),
                span(TRACE, 4).resource(new Resource("Zeta", List.of())).build());
        write(span(TraceId.of(0, 9), 1).resource(TestSpans.CUSTOMER).build());
        assertThat(catalog().getServices()).containsExactly("Zeta", "customer", "frontend", "mysql");
    }

    @Test
    void getOperations_withoutKindListsEveryKindSortedByNameThenKind() {
        write(span(TRACE, 1).name("render").kind(SpanKind.UNSPECIFIED).build(),
                span(TRACE, 2).name("HTTP GET /dispatch").kind(SpanKind.CLIENT).build(),
                span(TRACE, 3).name("HTTP GET /dispatch").kind(SpanKind.SERVER).build(),
                span(TRACE, 4).name("HTTP GET /dispatch").kind(SpanKind.SERVER).build(),
                span(TRACE, 5).name("SQL SELECT").kind(SpanKind.CLIENT).resource(TestSpans.MYSQL).build());
        assertThat(catalog().getOperations("frontend", null)).containsExactly(
                new Operation("HTTP GET /dispatch", SpanKind.SERVER),
                new Operation("HTTP GET /dispatch", SpanKind.CLIENT),
                new Operation("render", SpanKind.UNSPECIFIED));
    }

    @Test
    void getOperations_filtersBySpanKind() {
        write(span(TRACE, 1).name("HTTP GET /dispatch").kind(SpanKind.SERVER).build(),
                span(TRACE, 2).name("HTTP GET /dispatch").kind(SpanKind.CLIENT).build(),
                span(TRACE, 3).name("HTTP GET /customer").kind(SpanKind.CLIENT).build(),
                span(TRACE, 4).name("render").kind(SpanKind.UNSPECIFIED).build());
        assertThat(catalog().getOperations("frontend", SpanKind.CLIENT)).containsExactly(
                new Operation("HTTP GET /customer", SpanKind.CLIENT),
                new Operation("HTTP GET /dispatch", SpanKind.CLIENT));
        assertThat(catalog().getOperations("frontend", SpanKind.UNSPECIFIED))
                .containsExactly(new Operation("render", SpanKind.UNSPECIFIED));
        assertThat(catalog().getOperations("frontend", SpanKind.PRODUCER)).isEmpty();
    }

    @Test
    void getOperations_belongToTheirServiceOnly() {
        write(span(TRACE, 1).name("SQL SELECT").kind(SpanKind.CLIENT).resource(TestSpans.MYSQL).build(),
                span(TRACE, 2).name("GetDriver").kind(SpanKind.CLIENT).resource(TestSpans.REDIS).build());
        assertThat(catalog().getOperations("mysql", null)).containsExactly(new Operation("SQL SELECT", SpanKind.CLIENT));
        assertThat(catalog().getOperations("redis", null)).containsExactly(new Operation("GetDriver", SpanKind.CLIENT));
        assertThat(catalog().getOperations("nobody", null)).isEmpty();
    }

    @Test
    void getOperations_includeOperationsOfEveryBatch() {
        write(span(TRACE, 1).name("first").build());
        write(span(TRACE, 2).name("second").build());
        assertThat(catalog().getOperations("frontend", SpanKind.SERVER))
                .extracting(Operation::name).containsExactly("first", "second");
    }

    @Test
    void check_isHealthyWhileOpen() {
        assertThat(store().check().healthy()).isTrue();
        write(span(TRACE, 1).build());
        assertThat(store().check().healthy()).isTrue();
    }
}
