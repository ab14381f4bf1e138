package io.sightline.tracegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TrafficGeneratorExportFailureIT {

  @ParameterizedTest
  @EnumSource(Protocol.class)
  void generate_reportsFailuresWhenNothingListens(Protocol protocol) throws IOException {
    String endpoint = "http://127.0.0.1:" + unusedPort();
    try (TrafficGenerator generator =
        TrafficGenerator.builder()
            .protocol(protocol)
            .endpoint(endpoint)
            .seed(1)
            // Short, so retries of the refused connection give up quickly.
            .exportTimeout(Duration.ofSeconds(1))
            .build()) {
      GenerationReport report = generator.generate(3);

      assertThat(report.spans()).isPositive();
      assertThat(report.hasFailures()).isTrue();
      assertThat(report.spansExported()).isZero();
      assertThat(report.spansFailed() + report.spansUnconfirmed()).isEqualTo(report.spans());
      assertThat(report.failedExports()).isPositive();
      assertThat(report.lastFailure()).isPresent();
    }
  }

  /** A port that was free a moment ago; nothing in the test binds it again. */
  private static int unusedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
