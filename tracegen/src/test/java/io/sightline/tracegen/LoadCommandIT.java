package io.sightline.tracegen;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.server.Server;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import zipkin2.codec.SpanBytesDecoder;

/** Runs {@code tracegen load} for about two seconds against receivers in this JVM. */
class LoadCommandIT {
  private static final AtomicLong zipkinSpansReceived = new AtomicLong();
  private static Server receivers;
  private static OtlpReceiver otlp;

  @BeforeAll
  static void startReceivers() {
    receivers =
        Server.builder()
            .http(0)
            .gracefulShutdownTimeoutMillis(0, 0)
            .service("/api/v2/spans", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(body -> {
              zipkinSpansReceived.addAndGet(
                  SpanBytesDecoder.JSON_V2.decodeList(body.content().array()).size());
              return HttpResponse.of(HttpStatus.ACCEPTED);
            })))
            .service("/overloaded/api/v2/spans", (ctx, req) -> HttpResponse.of(req.aggregate()
                .thenApply(body -> HttpResponse.of(HttpStatus.TOO_MANY_REQUESTS))))
            // A trailers-only gRPC answer, as a collector with a full queue sends it.
            .service(ArmeriaBatchSender.GRPC_EXPORT_PATH, (ctx, req) -> HttpResponse.of(req.aggregate()
                .thenApply(body -> HttpResponse.of(
                    ResponseHeaders.builder(HttpStatus.OK)
                        .contentType(MediaType.parse("application/grpc+proto"))
                        .add("grpc-status", "8")
                        .add("grpc-message", "queue full")
                        .build()))))
            .build();
    receivers.start().join();
    otlp = OtlpReceiver.accepting();
  }

  @AfterAll
  static void stopReceivers() {
    receivers.stop().join();
    otlp.close();
  }

  private static String receiversUrl() {
    return "http://127.0.0.1:" + receivers.activeLocalPort();
  }

  @Test
  void zipkinJson_reportsExactlyTheSpansTheReceiverCounted() {
    zipkinSpansReceived.set(0);

    CliRun run = load("zipkin-json", receiversUrl(), "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    long acknowledged = jsonLong(run.out(), "acknowledged_spans");
    assertThat(acknowledged).isPositive().isEqualTo(zipkinSpansReceived.get());
    assertThat(acknowledged % 50).isZero();
    assertThat(jsonLong(run.out(), "rejected_requests")).isZero();
    assertThat(jsonLong(run.out(), "failed_requests")).isZero();
    // Progress goes to stderr with --json, so stdout stays one JSON object.
    assertThat(run.out().strip()).startsWith("{").endsWith("}").doesNotContain("\n");
    assertThat(run.err()).contains("last interval:");
  }

  @Test
  void otlpGrpc_reportsExactlyTheSpansTheReceiverCounted() {
    otlp.clear();

    CliRun run = load("otlp-grpc", otlp.endpoint(Protocol.GRPC), "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(jsonLong(run.out(), "acknowledged_spans"))
        .isPositive()
        .isEqualTo(otlp.spans().size());
  }

  @Test
  void otlpHttp_reportsExactlyTheSpansTheReceiverCounted() {
    otlp.clear();

    CliRun run = load("otlp-http", otlp.endpoint(Protocol.HTTP_PROTOBUF), "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(jsonLong(run.out(), "acknowledged_spans"))
        .isPositive()
        .isEqualTo(otlp.spans().size());
    // The type OTLP/HTTP receivers require; Sightline answers 415 to any other.
    assertThat(otlp.httpContentTypes()).containsOnly("application/x-protobuf");
  }

  @Test
  void http429_isReportedAsRejected() {
    CliRun run = load("zipkin-json", receiversUrl() + "/overloaded/api/v2/spans");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("tracegen load: total: 0.0 acknowledged spans/s")
        .containsPattern("rejected \\(429/RESOURCE_EXHAUSTED\\): [1-9]\\d* requests, [1-9]\\d* spans;"
            + " failed: 0 requests");
  }

  @Test
  void grpcResourceExhausted_isReportedAsRejected() {
    CliRun run = load("otlp-grpc", receiversUrl(), "--json");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(jsonLong(run.out(), "acknowledged_spans")).isZero();
    assertThat(jsonLong(run.out(), "rejected_spans")).isPositive();
  }

  @Test
  void refusedConnection_isAFailureAndExitsOne() {
    CliRun run = load("otlp-http", "http://127.0.0.1:1/v1/traces", "--json");

    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(jsonLong(run.out(), "failed_requests")).isPositive();
  }

  @Test
  void fixedRate_holdsTheRequestedSpansPerSecond() {
    zipkinSpansReceived.set(0);

    CliRun run = load("zipkin-json", receiversUrl(), "--json", "--rate", "1000");

    // 2 s at 1000 spans/s in batches of 50: 40 batches, the first one at once.
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(jsonLong(run.out(), "acknowledged_spans")).isBetween(1500L, 2150L);
  }

  @Test
  void warmup_isSentButNotCounted() {
    zipkinSpansReceived.set(0);

    CliRun run = load("zipkin-json", receiversUrl(), "--json", "--rate", "1000", "--warmup", "1s");

    // 1 s of warm-up then the 2 s measured, both at 1000 spans/s: the receiver saw both,
    // the report only the measured part.
    assertThat(run.exitCode()).as(run.err()).isZero();
    long counted = jsonLong(run.out(), "acknowledged_spans");
    assertThat(counted).isBetween(1500L, 2150L);
    assertThat(zipkinSpansReceived.get() - counted).isBetween(500L, 1150L);
    assertThat(jsonLong(run.out(), "elapsed_ms")).isLessThan(2900L);
    assertThat(run.err()).contains("warm-up total (not counted):");
    assertThat(jsonLong(run.out(), "generator_cpu_ms")).isPositive();
  }

  @Test
  void negativeWarmup_isRefusedNamingTheOption() {
    CliRun run = load("zipkin-json", receiversUrl(), "--warmup", "-1s");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--warmup");
  }

  private static CliRun load(String protocol, String endpoint, String... more) {
    String[] common = {
      "load", "--protocol", protocol, "--endpoint", endpoint, "--duration", "2s",
      "--batch-size", "50", "--pool-batches", "8", "--concurrency", "4",
      "--report-interval", "1s", "--request-timeout", "2s", "--seed", "3"
    };
    String[] args = new String[common.length + more.length];
    System.arraycopy(common, 0, args, 0, common.length);
    System.arraycopy(more, 0, args, common.length, more.length);
    return CliRun.of(args);
  }

  private static long jsonLong(String json, String field) {
    Matcher matcher = Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
    assertThat(matcher.find()).as("%s in %s", field, json).isTrue();
    return Long.parseLong(matcher.group(1));
  }
}
