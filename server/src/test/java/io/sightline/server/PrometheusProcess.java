package io.sightline.server;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.StringJoiner;

/**
 * A real Prometheus (Debian's package) scraping Sightline admin ports every second, on a free
 * loopback port, with its data and log in a test's directory. Stopped on close.
 */
final class PrometheusProcess implements AutoCloseable {
    private final Process process;
    private final Path dir;
    private final int port;

    private PrometheusProcess(Process process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /** Starts Prometheus scraping {@code /metrics} of each admin port on 127.0.0.1. */
    static PrometheusProcess start(Path dir, int... adminPorts) throws IOException {
        StringJoiner targets = new StringJoiner(", ");
        for (int adminPort : adminPorts) {
            targets.add("'127.0.0.1:" + adminPort + "'");
        }
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
                + "scrape_configs:\n  - job_name: sightline\n    static_configs:\n"
                + "      - targets: [" + targets + "]\n");
        int port = freePort();
        Process process = new ProcessBuilder(binary(), "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        return new PrometheusProcess(process, dir, port);
    }

    int port() {
        return port;
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    void awaitReady() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail("prometheus exited: " + Files.readString(dir.resolve("prometheus.log")));
            }
            try {
                if (HttpGets.get(port, "/-/ready").statusCode() == 200) {
                    return;
                }
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        fail("prometheus not ready: " + Files.readString(dir.resolve("prometheus.log")));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** Debian's package puts the binary on the PATH; CI installs it, so its absence is a failure. */
    private static String binary() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "prometheus");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return fail("the prometheus binary is not on the PATH: apt-get install -y prometheus (.ci/run does)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
