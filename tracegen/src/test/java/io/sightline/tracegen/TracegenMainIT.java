package io.sightline.tracegen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TracegenMainIT {
  private static OtlpReceiver receiver;

  @BeforeAll
  static void startReceiver() {
    receiver = OtlpReceiver.accepting();
  }

  @AfterEach
  void clearReceiver() {
    receiver.clear();
  }

  @AfterAll
  static void stopReceiver() {
    receiver.close();
  }

  @Test
  void run_exitsZeroAndSummarizesWhenEverySpanIsExported() {
    CliRun run = CliRun.of(
        "--protocol", "http", "--endpoint", receiver.endpoint(Protocol.HTTP_PROTOBUF),
        "--traces", "5", "--seed", "3");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("(seed 3)", "5 traces, " + receiver.spans().size() + " spans", "spans/s achieved",
            "export failures: 0 (0 spans failed, 0 spans unconfirmed)");
  }

  @Test
  void run_exitsNonZeroWhenExportsFail() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }

    CliRun run = CliRun.of(
        "--endpoint", "http://127.0.0.1:" + port, "--traces", "2", "--export-timeout", "1s");

    assertThat(run.exitCode()).isEqualTo(TracegenMain.EXIT_EXPORT_FAILED);
    assertThat(run.err()).contains("tracegen: FAILED:", "last error:");
  }

  @Test
  void run_withDurationSendsPacedTraces() {
    CliRun run = CliRun.of(
        "--endpoint", receiver.endpoint(Protocol.GRPC), "--duration", "500ms", "--rate", "10");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("sending traces for 0.5s");
    assertThat(receiver.spans()).isNotEmpty();
  }
}
