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
}
