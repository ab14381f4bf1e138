package io.sightline.storage.opensearch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One single-node OpenSearch or Elasticsearch, started from the distribution Maven unpacked into
 * {@code target/engines} on free ports, with a 512 MB heap; stopped and its data deleted by
 * {@link #close()}. Both refuse to run as root, so under root it runs as {@code nobody}.
 */
final class SearchEngine implements AutoCloseable {
    /** The engines the module is tested against; each knows its distribution and start script. */
    enum Kind {
        OPENSEARCH("opensearch.home", "bin/opensearch", "OPENSEARCH_JAVA_HOME", "OPENSEARCH_JAVA_OPTS"),
        ELASTICSEARCH("elasticsearch.home", "bin/elasticsearch", "ES_JAVA_HOME", "ES_JAVA_OPTS");

        final String homeProperty;
        final String script;
        final String javaHomeVariable;
        final String javaOptsVariable;

        Kind(String homeProperty, String script, String javaHomeVariable, String javaOptsVariable) {
            this.homeProperty = homeProperty;
            this.script = script;
            this.javaHomeVariable = javaHomeVariable;
            this.javaOptsVariable = javaOptsVariable;
        }
    }

    private static final int NOBODY = 65534;
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final Kind kind;
    private final Process process;
    private final Path runDirectory;
    private final URI url;

    private SearchEngine(Kind kind, Process process, Path runDirectory, URI url) {
        this.kind = kind;
        this.process = process;
        this.runDirectory = runDirectory;
        this.url = url;
    }

    static SearchEngine start(Kind kind) throws IOException, InterruptedException {
        String homeSetting = System.getProperty(kind.homeProperty);
        if (homeSetting == null) {
            throw new IllegalStateException("system property " + kind.homeProperty
                    + " is not set: run the ITs through Maven (failsafe), which unpacks the engine");
        }
        Path home = Path.of(homeSetting).toAbsolutePath();
        if (!Files.isRegularFile(home.resolve(kind.script))) {
            throw new IllegalStateException(home.resolve(kind.script) + " missing: was the distribution unpacked?");
        }
        Path run = Files.createTempDirectory(home.getParent(), "run-" + kind.name().toLowerCase() + "-");
        Path data = Files.createDirectories(run.resolve("data"));
        Path logs = Files.createDirectories(run.resolve("logs"));
        boolean root = isRoot();
        if (root) {
            chown(home);
            chown(run);
        }
        int httpPort = freePort();
        int transportPort = freePort();
        List<String> command = new ArrayList<>();
        if (root) {
            command.addAll(List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        }
        command.addAll(List.of("bash", home.resolve(kind.script).toString(),
                "-Ediscovery.type=single-node",
                "-Enetwork.host=127.0.0.1",
                "-Ehttp.port=" + httpPort,
                "-Etransport.port=" + transportPort,
                "-Epath.data=" + data,
                "-Epath.logs=" + logs,
                "-Ecluster.name=sightline-it",
                "-Ecluster.routing.allocation.disk.threshold_enabled=false"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(run.resolve("console.log").toFile());
        String javaHome = System.getenv("JAVA_HOME") != null ? System.getenv("JAVA_HOME") : System.getProperty("java.home");
        builder.environment().put(kind.javaHomeVariable, javaHome);
        builder.environment().put(kind.javaOptsVariable, "-Xms512m -Xmx512m");
        Process process = builder.start();
        URI url = URI.create("http://127.0.0.1:" + httpPort);
        SearchEngine engine = new SearchEngine(kind, process, run, url);
        try {
            engine.awaitHealthy();
        } catch (IOException | InterruptedException | RuntimeException e) {
            String console = engine.consoleTail();
            engine.close();
            throw new IllegalStateException(kind + " did not start: " + e.getMessage() + "\n" + console, e);
        }
        return engine;
    }

    URI url() {
        return url;
    }

    Kind kind() {
        return kind;
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("exited with " + process.exitValue());
            }
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        url.resolve("/_cluster/health?wait_for_status=yellow&timeout=1s")).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 && (response.body().contains("\"green\"")
                        || response.body().contains("\"yellow\""))) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(500);
        }
        throw new IOException("not healthy after " + START_TIMEOUT);
    }

    private String consoleTail() {
        try {
            List<String> lines = Files.readAllLines(runDirectory.resolve("console.log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no console output: " + e + ")";
        }
    }

    /** Stops the engine (the script's children too) and deletes its data and logs. */
    @Override
    public void close() {
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
            }
        }
        try (Stream<Path> files = Files.walk(runDirectory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isRoot() throws IOException, InterruptedException {
        Process id = new ProcessBuilder("id", "-u").redirectErrorStream(true).start();
        String uid = new String(id.getInputStream().readAllBytes()).trim();
        id.waitFor();
        return uid.equals("0");
    }

    private static void chown(Path path) throws IOException, InterruptedException {
        Process chown = new ProcessBuilder("chown", "-R", NOBODY + ":" + NOBODY, path.toString())
                .redirectErrorStream(true).start();
        String output = new String(chown.getInputStream().readAllBytes());
        if (chown.waitFor() != 0) {
            throw new IOException("chown " + path + " failed: " + output);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
