package io.sightline.tracegen;

import static io.sightline.tracegen.SpanTrees.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.AttributeType;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {
  private static final long SEED = 42;
  private static final int TRACES = 200;

  private static List<SpanData> spans;
  private static GenerationReport report;

  @BeforeAll
  static void generate() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (TrafficGenerator generator = inMemory(exporter, SEED)) {
      report = generator.generate(TRACES);
    }
    spans = exporter.getFinishedSpanItems();
  }

  private static TrafficGenerator inMemory(InMemorySpanExporter exporter, long seed) {
    return TrafficGenerator.builder().spanExporter(exporter).seed(seed).build();
  }

  @Test
  void generate_emitsSpansOfEverySimulatedService() {
    Set<String> services = spans.stream().map(SpanTrees::service).collect(Collectors.toSet());

    assertThat(services)
        .containsExactlyInAnyOrderElementsOf(TrafficGenerator.serviceNames())
        .contains("frontend", "customer", "mysql", "driver", "redis", "route");
  }

  @Test
  void generate_givesEachServiceItsOwnResource() {
    Map<String, Set<io.opentelemetry.sdk.resources.Resource>> resources =
        spans.stream()
            .collect(Collectors.groupingBy(
                SpanTrees::service, Collectors.mapping(SpanData::getResource, Collectors.toSet())));

    assertThat(resources).allSatisfy((service, set) -> {
      assertThat(set).hasSize(1);
      io.opentelemetry.sdk.resources.Resource resource = set.iterator().next();
      assertThat(resource.getAttribute(AttributeKey.stringKey("service.version"))).isNotBlank();
      assertThat(resource.getAttribute(AttributeKey.stringKey("host.name"))).isNotBlank();
      assertThat(resource.getAttribute(AttributeKey.stringKey("telemetry.sdk.language")))
          .isEqualTo("java");
    });
  }

  @Test
  void generate_startsEveryTraceAtTheFrontendDispatchEndpoint() {
    List<SpanData> roots =
        spans.stream().filter(span -> !span.getParentSpanContext().isValid()).toList();

    assertThat(roots).hasSize(TRACES).allSatisfy(root -> {
      assertThat(service(root)).isEqualTo("frontend");
      assertThat(root.getName()).isEqualTo("HTTP GET /dispatch");
      assertThat(root.getKind()).isEqualTo(SpanKind.SERVER);
    });
  }

  @Test
  void generate_parentsServerSpansOnClientSpansOfTheCallingServiceThroughRemoteContext() {
    Map<String, SpanData> bySpanId = SpanTrees.bySpanId(spans);
    List<SpanData> calledServers =
        spans.stream()
            .filter(span -> span.getKind() == SpanKind.SERVER && span.getParentSpanContext().isValid())
            .toList();

    assertThat(calledServers).isNotEmpty();
    assertThat(calledServers).allSatisfy(server -> {
      SpanData client = bySpanId.get(server.getParentSpanId());
      assertThat(client).as("parent of %s", server.getName()).isNotNull();
      assertThat(client.getKind()).isEqualTo(SpanKind.CLIENT);
      assertThat(service(client)).isNotEqualTo(service(server));
      assertThat(client.getTraceId()).isEqualTo(server.getTraceId());
      assertThat(server.getParentSpanContext().isRemote()).isTrue();
      assertThat(server.getStartEpochNanos()).isGreaterThanOrEqualTo(client.getStartEpochNanos());
      assertThat(server.getEndEpochNanos()).isLessThanOrEqualTo(client.getEndEpochNanos());
    });
    assertThat(calledServers.stream().map(SpanTrees::service).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("customer", "driver", "route");
  }

  @Test
  void generate_nestsDatabaseClientSpansUnderTheServiceThatQueriesThem() {
    Map<String, SpanData> bySpanId = SpanTrees.bySpanId(spans);

    SpanData select = first("mysql", "SQL SELECT");
    assertThat(select.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(select.getAttributes().get(AttributeKey.stringKey("db.system"))).isEqualTo("mysql");
    assertThat(select.getAttributes().get(AttributeKey.stringKey("db.statement"))).startsWith("SELECT");
    assertThat(service(bySpanId.get(select.getParentSpanId()))).isEqualTo("customer");

    SpanData getDriver = first("redis", "GetDriver");
    assertThat(getDriver.getAttributes().get(AttributeKey.stringKey("db.system"))).isEqualTo("redis");
    assertThat(bySpanId.get(getDriver.getParentSpanId()).getName())
        .isEqualTo("/driver.DriverService/FindNearest");
    assertThat(first("redis", "FindDriverIDs").getKind()).isEqualTo(SpanKind.CLIENT);
  }

  @Test
  void generate_emitsInternalSpans() {
    assertThat(spans)
        .filteredOn(span -> span.getKind() == SpanKind.INTERNAL)
        .extracting(SpanData::getName)
        .contains("compute ETAs", "compute route");
  }

  @Test
  void generate_marksAFewPercentOfSpansAsErrorsWithExceptionEvents() {
    List<SpanData> errors =
        spans.stream().filter(span -> span.getStatus().getStatusCode() == StatusCode.ERROR).toList();

    assertThat(report.errorSpans()).isEqualTo(errors.size());
    assertThat((double) errors.size() / spans.size()).isBetween(0.005, 0.08);
    assertThat(errors).filteredOn(span -> span.getName().equals("GetDriver")).isNotEmpty()
        .allSatisfy(span -> {
          EventData exception = span.getEvents().stream()
              .filter(event -> event.getName().equals("exception")).findFirst().orElseThrow();
          assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.type")))
              .isNotBlank();
          assertThat(exception.getAttributes().get(AttributeKey.stringKey("exception.message")))
              .isNotBlank();
        });
  }

  @Test
  void generate_usesAttributesOfEveryType() {
    Set<AttributeType> types = EnumSet.noneOf(AttributeType.class);
    for (SpanData span : spans) {
      span.getAttributes().forEach((key, value) -> types.add(key.getType()));
    }

    assertThat(types).contains(
        AttributeType.STRING, AttributeType.LONG, AttributeType.DOUBLE, AttributeType.BOOLEAN,
        AttributeType.STRING_ARRAY, AttributeType.LONG_ARRAY, AttributeType.DOUBLE_ARRAY);
  }

  @Test
  void generate_emitsEventsWithAttributesAndOccasionalLinks() {
    assertThat(spans).flatExtracting(SpanData::getEvents)
        .anySatisfy(event -> assertThat(event.getAttributes().size()).isPositive());

    List<SpanData> linked = spans.stream().filter(span -> !span.getLinks().isEmpty()).toList();
    Set<String> traceIds = spans.stream().map(SpanData::getTraceId).collect(Collectors.toSet());
    assertThat(linked).isNotEmpty().allSatisfy(span -> {
      String target = span.getLinks().get(0).getSpanContext().getTraceId();
      assertThat(target).isNotEqualTo(span.getTraceId()).isIn(traceIds);
    });
  }

  @Test
  void generate_variesLatenciesWithSlowOutliers() {
    List<Long> selectMillis = spans.stream()
        .filter(span -> span.getName().equals("SQL SELECT"))
        .map(span -> TimeUnit.NANOSECONDS.toMillis(span.getEndEpochNanos() - span.getStartEpochNanos()))
        .sorted().toList();

    long median = selectMillis.get(selectMillis.size() / 2);
    long max = selectMillis.get(selectMillis.size() - 1);
    assertThat(new HashSet<>(selectMillis)).hasSizeGreaterThan(10);
    assertThat(max).isGreaterThan(3 * median);
  }

  @Test
  void generate_anchorsTracesSoTheyEndAtGenerationTime() {
    long nowNanos = TimeUnit.MILLISECONDS.toNanos(System.currentTimeMillis());
    long tenMinutesNanos = Duration.ofMinutes(10).toNanos();

    assertThat(spans).allSatisfy(span -> {
      assertThat(span.getStartEpochNanos()).isBetween(nowNanos - tenMinutesNanos, nowNanos);
      assertThat(span.getEndEpochNanos()).isLessThanOrEqualTo(nowNanos + 1_000_000);
    });
  }

  @Test
  void generate_reportsCountsAndIdsOfWhatWasExported() {
    assertThat(report.traces()).isEqualTo(TRACES);
    assertThat(report.spans()).isEqualTo(spans.size());
    assertThat(report.spansExported()).isEqualTo(spans.size());
    assertThat(report.spansFailed()).isZero();
    assertThat(report.spansUnconfirmed()).isZero();
    assertThat(report.hasFailures()).isFalse();
    assertThat(report.lastFailure()).isEmpty();

    Map<String, List<SpanData>> traces = SpanTrees.byTraceId(spans);
    assertThat(report.generatedTraces()).hasSize(TRACES).allSatisfy(trace -> {
      List<SpanData> exported = traces.get(trace.traceId());
      assertThat(exported).extracting(SpanData::getSpanId)
          .containsExactlyInAnyOrderElementsOf(trace.spanIds());
      assertThat(trace.spanIds().get(0)).isEqualTo(trace.rootSpanId());
      SpanData root = SpanTrees.bySpanId(exported).get(trace.rootSpanId());
      assertThat(root.getStartEpochNanos()).isEqualTo(trace.startEpochNanos());
      assertThat(root.getEndEpochNanos() - root.getStartEpochNanos()).isEqualTo(trace.durationNanos());
    });
  }

  @Test
  void generate_buildsTheSameTracesForTheSameSeed() {
    assertThat(signatures(SEED, 20)).isEqualTo(signatures(SEED, 20));
  }

  @Test
  void generate_buildsDifferentTracesForDifferentSeedsAndFreshIds() {
    InMemorySpanExporter first = InMemorySpanExporter.create();
    InMemorySpanExporter second = InMemorySpanExporter.create();
    GenerationReport firstReport;
    GenerationReport secondReport;
    try (TrafficGenerator a = inMemory(first, SEED); TrafficGenerator b = inMemory(second, SEED)) {
      firstReport = a.generate(1);
      secondReport = b.generate(1);
    }

    assertThat(firstReport.generatedTraces().get(0).traceId())
        .isNotEqualTo(secondReport.generatedTraces().get(0).traceId());
    assertThat(signatures(SEED + 1, 20)).isNotEqualTo(signatures(SEED, 20));
  }

  @Test
  void generate_capsTheTracesListedByIdButNotTheCounts() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (TrafficGenerator generator =
        TrafficGenerator.builder().spanExporter(exporter).maxRecordedTraces(2).build()) {
      GenerationReport capped = generator.generate(5);

      assertThat(capped.traces()).isEqualTo(5);
      assertThat(capped.generatedTraces()).hasSize(2);
      assertThat(capped.spans()).isEqualTo(exporter.getFinishedSpanItems().size());
    }
  }

  @Test
  void generate_reportsOnlyWhatEachCallGenerated() {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    try (TrafficGenerator generator = inMemory(exporter, SEED)) {
      GenerationReport first = generator.generate(3);
      GenerationReport second = generator.generate(2);

      assertThat(second.traces()).isEqualTo(2);
      assertThat(first.spansExported() + second.spansExported())
          .isEqualTo(exporter.getFinishedSpanItems().size());
    }
  }

  @Test
  void generate_rejectsUseAfterClose() {
    TrafficGenerator generator = inMemory(InMemorySpanExporter.create(), SEED);
    generator.close();

    assertThatThrownBy(() -> generator.generate(1)).isInstanceOf(IllegalStateException.class);
  }

  private static List<String> signatures(long seed, int traces) {
    InMemorySpanExporter exporter = InMemorySpanExporter.create();
    GenerationReport generated;
    try (TrafficGenerator generator = inMemory(exporter, seed)) {
      generated = generator.generate(traces);
    }
    Map<String, List<SpanData>> byTrace = SpanTrees.byTraceId(exporter.getFinishedSpanItems());
    return generated.generatedTraces().stream()
        .map(trace -> SpanTrees.signature(byTrace.get(trace.traceId())))
        .toList();
  }

  private static SpanData first(String service, String name) {
    return spans.stream()
        .filter(span -> service(span).equals(service) && span.getName().equals(name))
        .findFirst().orElseThrow();
  }
}
