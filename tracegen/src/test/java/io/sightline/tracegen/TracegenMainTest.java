package io.sightline.tracegen;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TracegenMainTest {

  @Test
  void help_listsEveryOptionAndExitsZero() {
    CliRun run = CliRun.of("--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains(
        "--endpoint", "--protocol", "--traces", "--rate", "--duration", "--seed",
        "--export-timeout", "--gzip", "http://localhost:4317", "http://localhost:4318/v1/traces");
  }

  @Test
  void unknownProtocol_isAUsageError() {
    CliRun run = CliRun.of("--protocol", "thrift");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'thrift' is not a protocol (expected: grpc or http)");
  }

  @Test
  void negativeRate_isAUsageError() {
    CliRun run = CliRun.of("--rate", "-5");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--rate: -5.0 (expected: >= 0");
  }

  @Test
  void malformedDuration_isAUsageError() {
    CliRun run = CliRun.of("--duration", "soon");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'soon' is not a duration");
  }

  @Test
  void malformedEndpoint_isAUsageError() {
    CliRun run = CliRun.of("--endpoint", "localhost:4317");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("endpoint: localhost:4317 (expected: http://host:port");
  }

  @Test
  void loadHelp_listsEveryLoadOption() {
    CliRun run = CliRun.of("load", "--help");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains(
        "--protocol", "otlp-grpc", "otlp-http", "zipkin-json", "--endpoint", "--duration", "--rate",
        "--concurrency", "--batch-size", "--json", "http://localhost:9411/api/v2/spans");
  }

  @Test
  void mainHelp_pointsToTheLoadCommand() {
    assertThat(CliRun.of("--help").out()).contains("load", "tracegen load --help");
  }

  @Test
  void load_zeroConcurrency_isAUsageError() {
    CliRun run = CliRun.of("load", "--concurrency", "0");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--concurrency: 0 (expected: > 0)");
  }

  @Test
  void load_unknownProtocol_isAUsageError() {
    CliRun run = CliRun.of("load", "--protocol", "grpc");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("expected: otlp-grpc, otlp-http or zipkin-json");
  }
}
