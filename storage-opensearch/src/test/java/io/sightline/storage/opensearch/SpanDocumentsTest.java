package io.sightline.storage.opensearch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sightline.core.model.Attribute;
import io.sightline.core.model.InstrumentationScope;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.SpanEvent;
import io.sightline.core.model.SpanKind;
import io.sightline.core.model.SpanLink;
import io.sightline.core.model.StatusCode;
import io.sightline.core.model.TraceId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A document without Sightline's exact copy (what Jaeger reads) still carries what Jaeger's model has. */
class SpanDocumentsTest {
    private static final TraceId TRACE = TraceId.fromHex("4bf92f3577b34da6a3ce929d0e0e4736");

    private static Span jaegerExpressible() {
        return Span.builder()
                .traceId(TRACE)
                .spanId(0x22)
                .parentSpanId(0x11)
                .traceState("rojo=00f067aa0ba902b7")
                .flags(1)
                .name("GET /cart")
                .kind(SpanKind.CLIENT)
                .startEpochNanos(1_795_867_200_000_123_000L)
                .durationNanos(5_000)
                .attributes(List.of(Attribute.of("http.method", "GET"), Attribute.of("http.status_code", 503L),
                        Attribute.of("load", 0.75), Attribute.of("retry", true)))
                .events(List.of(new SpanEvent(1_795_867_200_000_124_000L, "exception",
                        List.of(Attribute.of("exception.type", "IOException")))))
                .links(List.of(new SpanLink(TraceId.of(0, 5), 6, "",
                        List.of(Attribute.of(SpanLink.REF_TYPE_KEY, "follows_from")))))
                .status(StatusCode.ERROR, "unavailable")
                .resource(new Resource("cart", List.of(Attribute.of("host.name", "web-1"))))
                .scope(new InstrumentationScope("io.opentelemetry.okhttp", "2.0"))
                .build();
    }

    @Test
    void jaegerFieldsAloneReadBackAsTheSpan() {
        for (boolean tagsAsFields : new boolean[] {false, true}) {
            OpenSearchStorageOptions options = OpenSearchStorageOptions.builder().tagsAsFieldsAll(tagsAsFields).build();
            ObjectNode doc = new SpanDocumentWriter(options).write(jaegerExpressible());
            doc.remove(SpanDocumentWriter.SIGHTLINE);
            assertThat(new SpanDocumentReader("@").read(doc)).as("tags as fields: " + tagsAsFields)
                    .isEqualTo(jaegerExpressible());
        }
    }

    @Test
    void tagsAsFieldsKeepTheirJsonTypeAndReplaceDots() {
        OpenSearchStorageOptions options = OpenSearchStorageOptions.builder()
                .tagsAsFieldsInclude(Set.of("http.status_code", "host.name")).build();
        ObjectNode doc = new SpanDocumentWriter(options).write(jaegerExpressible());
        assertThat(doc.path("tag").path("http@status_code").isIntegralNumber()).isTrue();
        assertThat(doc.path("process").path("tag").path("host@name").asText()).isEqualTo("web-1");
        assertThat(doc.path("tags").toString()).doesNotContain("http.status_code").contains("http.method");
    }

    @Test
    void documentIdIsTheSameForTheSameSpanAndStartMicrosecond() {
        Span span = jaegerExpressible();
        assertThat(SpanDocumentWriter.documentId(span)).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736-0000000000000022-1795867200000123")
                .isEqualTo(SpanDocumentWriter.documentId(span.toBuilder().startEpochNanos(span.startEpochNanos() + 999).build()));
    }
}
