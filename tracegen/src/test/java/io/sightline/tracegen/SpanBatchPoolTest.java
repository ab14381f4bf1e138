package io.sightline.tracegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import zipkin2.Span;
import zipkin2.codec.SpanBytesDecoder;

class SpanBatchPoolTest {

  @Test
  void build_encodesExactlyBatchSizeSpansPerBatch_otlpHttp() throws Exception {
    SpanBatchPool pool = SpanBatchPool.build(LoadProtocol.OTLP_HTTP, 1, 100, 3);

    assertThat(pool.size()).isEqualTo(3);
    Set<String> services = new HashSet<>();
    for (SpanBatch batch : pool.batches()) {
      ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(batch.body());
      assertThat(batch.spanCount()).isEqualTo(100);
      assertThat(spanCount(request)).isEqualTo(100);
      request.getResourceSpansList().forEach(resourceSpans -> services.add(serviceName(resourceSpans)));
    }
    // Realistic spans: the simulated system's services, not one synthetic service.
    assertThat(services).contains("frontend", "customer", "mysql", "driver", "redis", "route");
  }

  @Test
  void build_framesOtlpGrpcBodiesAsOneUncompressedMessage() throws Exception {
    SpanBatch batch = SpanBatchPool.build(LoadProtocol.OTLP_GRPC, 1, 50, 1).next();

    ByteBuffer body = ByteBuffer.wrap(batch.body());
    assertThat(body.get()).isZero();
    int messageBytes = body.getInt();
    assertThat(messageBytes).isEqualTo(batch.body().length - 5);
    byte[] message = Arrays.copyOfRange(batch.body(), 5, batch.body().length);
    assertThat(spanCount(ExportTraceServiceRequest.parseFrom(message))).isEqualTo(50);
  }

  @Test
  void build_encodesZipkinJsonV2WithParentsAndServiceNames() {
    SpanBatchPool pool = SpanBatchPool.build(LoadProtocol.ZIPKIN_JSON, 7, 200, 2);

    for (SpanBatch batch : pool.batches()) {
      List<Span> spans = SpanBytesDecoder.JSON_V2.decodeList(batch.body());
      assertThat(spans).hasSize(200);
      assertThat(spans).allSatisfy(span -> {
        assertThat(span.localServiceName()).isNotBlank();
        assertThat(span.durationAsLong()).isPositive();
      });
      assertThat(spans).anySatisfy(span -> assertThat(span.parentId()).isNotNull());
      assertThat(spans).anySatisfy(span -> assertThat(span.kind()).isEqualTo(Span.Kind.SERVER));
    }
  }

  @Test
  void next_handsOutBatchesRoundRobin() {
    SpanBatch a = new SpanBatch(new byte[] {1}, 1);
    SpanBatch b = new SpanBatch(new byte[] {2}, 1);
    SpanBatchPool pool = new SpanBatchPool(List.of(a, b));

    assertThat(List.of(pool.next(), pool.next(), pool.next(), pool.next()))
        .containsExactly(a, b, a, b);
  }

  @Test
  void build_rejectsEmptyBatchesAndEmptyPools() {
    assertThatThrownBy(() -> SpanBatchPool.build(LoadProtocol.OTLP_HTTP, 1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SpanBatchPool.build(LoadProtocol.OTLP_HTTP, 1, 10, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SpanBatchPool(List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static int spanCount(ExportTraceServiceRequest request) {
    return request.getResourceSpansList().stream()
        .flatMap(resourceSpans -> resourceSpans.getScopeSpansList().stream())
        .mapToInt(scopeSpans -> scopeSpans.getSpansCount())
        .sum();
  }

  private static String serviceName(ResourceSpans resourceSpans) {
    return resourceSpans.getResource().getAttributesList().stream()
        .filter(attribute -> attribute.getKey().equals("service.name"))
        .map(attribute -> attribute.getValue().getStringValue())
        .findFirst()
        .orElse("");
  }
}
