package io.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.tracegen.GeneratedTrace;
import io.sightline.tracegen.GenerationReport;
import io.sightline.tracegen.TrafficGenerator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server ({@code java -jar}, as {@code ./sightline} runs it) in a child process:
 * it starts from its jar and lib directory alone, keeps every acknowledged span across a
 * SIGKILL, and shuts down cleanly on SIGTERM.
 */
class PackagedServerIT {
    private static final long START_TIMEOUT_MS = 60_000;

    @TempDir
    Path work;

    private record Ports(int otlpGrpc, int otlpHttp, int query, int admin) {}

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static Path serverJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("sightline-server-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("packaged server jar not found in target/"));
        }
    }

    private Process start(Ports ports, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-jar", serverJar().toString(),
                "--data-dir", work.resolve("data").toString(),
                "--otlp-grpc-host-port", "127.0.0.1:" + ports.otlpGrpc(),
                "--otlp-http-host-port", "127.0.0.1:" + ports.otlpHttp(),
                "--query-http-host-port", "127.0.0.1:" + ports.query(),
                "--admin-host-port", "127.0.0.1:" + ports.admin()));
        // Receivers this test does not use listen on ephemeral ports, so parallel builds do not collide.
        for (String flag : List.of("--jaeger-grpc-host-port", "--jaeger-http-host-port", "--agent-compact-host-port",
                "--agent-binary-host-port", "--zipkin-host-port", "--sampling-http-host-port", "--query-grpc-host-port")) {
            command.addAll(List.of(flag, "127.0.0.1:0"));
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("server exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            try {
                if (HttpGets.get(ports.admin(), "/").statusCode() == 200) {
                    return process;
                }
            } catch (RuntimeException notYetListening) {
                // keep polling until the deadline
            }
            sleep(200);
        }
        process.destroyForcibly();
        throw new AssertionError("server not healthy within " + START_TIMEOUT_MS + " ms:\n" + Files.readString(log));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void everyAcknowledgedSpanSurvivesSigkill_andSigtermStopsCleanly() throws Exception {
        Ports ports = new Ports(freePort(), freePort(), freePort(), freePort());
        Path log = work.resolve("server.log");

        Process first = start(ports, log);
        GenerationReport report;
        try (TrafficGenerator generator = TrafficGenerator.builder()
                .endpoint("http://127.0.0.1:" + ports.otlpGrpc()).seed(7).build()) {
            report = generator.generate(30);
        }
        assertThat(report.hasFailures()).as("export failures: %s", report.lastFailure()).isFalse();
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();

        Process second = start(ports, log);
        try {
            long spansFound = 0;
            for (GeneratedTrace trace : report.generatedTraces()) {
                HttpResponse<String> response = HttpGets.get(ports.query(), "/api/traces/" + trace.traceId());
                assertThat(response.statusCode()).as("trace %s after SIGKILL", trace.traceId()).isEqualTo(200);
                int spans = HttpGets.json(response).get("data").get(0).get("spans").size();
                assertThat(spans).as("spans of %s", trace.traceId()).isEqualTo(trace.spanCount());
                spansFound += spans;
            }
            assertThat(spansFound).isEqualTo(report.spans());
        } finally {
            second.destroy();
        }
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).as("stops on SIGTERM").isTrue();
        String output = Files.readString(log);
        assertThat(output).doesNotContain("Exception in thread", "ERROR");
    }
}
