package io.sightline.tracegen;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs once per OTLP transport against a real receiver. */
class TrafficGeneratorExportIT {
  /** OTLP span flags: the "has is-remote" bit and the "parent is remote" bit. */
  private static final int PARENT_IS_REMOTE_FLAGS = 0x300;

  private static OtlpReceiver receiver;
  private static OtlpReceiver rejectingReceiver;

  @BeforeAll
  static void startReceivers() {
    receiver = OtlpReceiver.accepting();
    rejectingReceiver = OtlpReceiver.rejecting();
  }

  @AfterEach
  void clearReceiver() {
    receiver.clear();
  }

  @AfterAll
  static void stopReceivers() {
    receiver.close();
    rejectingReceiver.close();
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void generate_deliversEverySpanAndCountsItExported(Protocol protocol) {
    try (TrafficGenerator generator = generator(protocol, receiver.endpoint(protocol), false)) {
      GenerationReport report = generator.generate(20);

      assertThat(report.hasFailures()).as("%s", report).isFalse();
      assertThat(report.spansExported()).isEqualTo(report.spans()).isEqualTo(receiver.spans().size());
      Set<String> receivedTraceIds = receiver.spans().stream()
          .map(span -> HexFormat.of().formatHex(span.getTraceId().toByteArray()))
          .collect(Collectors.toSet());
      assertThat(receivedTraceIds).containsExactlyInAnyOrderElementsOf(
          report.generatedTraces().stream().map(GeneratedTrace::traceId).toList());
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void generate_sendsOneResourcePerServiceAndRemoteParentsOnServerSpans(Protocol protocol) {
    try (TrafficGenerator generator = generator(protocol, receiver.endpoint(protocol), false)) {
      generator.generate(5);

      Set<String> services = receiver.requests().stream()
          .flatMap(request -> request.getResourceSpansList().stream())
          .map(TrafficGeneratorExportIT::serviceName)
          .collect(Collectors.toSet());
      assertThat(services).containsExactlyInAnyOrderElementsOf(TrafficGenerator.serviceNames());
      List<Span> calledServers = receiver.spans().stream()
          .filter(span -> span.getKind() == Span.SpanKind.SPAN_KIND_SERVER && !span.getParentSpanId().isEmpty())
          .toList();
      assertThat(calledServers).isNotEmpty().allSatisfy(span ->
          assertThat(span.getFlags() & PARENT_IS_REMOTE_FLAGS).isEqualTo(PARENT_IS_REMOTE_FLAGS));
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void generate_compressesRequestsWhenGzipIsOn(Protocol protocol) {
    try (TrafficGenerator generator = generator(protocol, receiver.endpoint(protocol), true)) {
      GenerationReport report = generator.generate(3);

      assertThat(report.hasFailures()).as("%s", report).isFalse();
      assertThat(receiver.spans()).hasSize((int) report.spans());
      if (protocol == Protocol.HTTP_PROTOBUF) {
        assertThat(receiver.httpContentEncodings()).isNotEmpty().containsOnly("gzip");
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void generate_reportsSpansTheReceiverRejected(Protocol protocol) {
    try (TrafficGenerator generator =
        generator(protocol, rejectingReceiver.endpoint(protocol), false)) {
      GenerationReport report = generator.generate(3);

      assertThat(report.hasFailures()).isTrue();
      assertThat(report.spansExported()).isZero();
      assertThat(report.spansFailed()).isEqualTo(report.spans());
      assertThat(report.failedExports()).isPositive();
      assertThat(report.lastFailure()).isPresent();
    }
  }

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void generate_paceLimitedRunStillDeliversEverySpan(Protocol protocol) {
    try (TrafficGenerator generator = generator(protocol, receiver.endpoint(protocol), false)) {
      GenerationReport report = generator.generateFor(Duration.ofMillis(300), 20);

      assertThat(report.traces()).isPositive();
      assertThat(report.hasFailures()).as("%s", report).isFalse();
      assertThat(receiver.spans()).hasSize((int) report.spans());
    }
  }

  private static TrafficGenerator generator(Protocol protocol, String endpoint, boolean gzip) {
    return TrafficGenerator.builder()
        .protocol(protocol)
        .endpoint(endpoint)
        .gzip(gzip)
        .seed(7)
        .exportTimeout(Duration.ofSeconds(5))
        .build();
  }

  private static String serviceName(ResourceSpans resourceSpans) {
    return resourceSpans.getResource().getAttributesList().stream()
        .filter(attribute -> attribute.getKey().equals("service.name"))
        .map(KeyValue::getValue)
        .map(value -> value.getStringValue())
        .findFirst()
        .orElseThrow();
  }
}
