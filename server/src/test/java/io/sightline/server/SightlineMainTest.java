package io.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SightlineMainTest {

    private record Run(int exit, String out, String err) {}

    private static Run run(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = SightlineMain.run(args, env, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void help_listsSubcommandsAndEveryOptionWithItsVariable() {
        Run run = run(Map.of(), "--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("all-in-one", "version", "--data-dir", "SIGHTLINE_DATA_DIR",
                "--otlp-grpc-host-port", "Default: :4317");
    }

    @Test
    void unknownVariable_exitsWithUsageErrorNamingIt() {
        Run run = run(Map.of("SIGHTLINE_NOPE", "1"), "all-in-one");
        assertThat(run.exit()).isEqualTo(SightlineMain.EXIT_USAGE);
        assertThat(run.err()).contains("configuration error: unknown setting SIGHTLINE_NOPE");
    }

    @Test
    void unknownFlag_exitsWithUsageError() {
        Run run = run(Map.of(), "--no-such-flag");
        assertThat(run.exit()).isEqualTo(SightlineMain.EXIT_USAGE);
        assertThat(run.err()).contains("--no-such-flag");
    }

    @Test
    void unopenableDataDirectory_failsStartupWithOneLine() throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("sightline", ".notadir");
        Run run = run(Map.of(), "--data-dir", file.resolve("sub").toString(), "--otlp-grpc-host-port", "127.0.0.1:0",
                "--otlp-http-host-port", "127.0.0.1:0", "--query-http-host-port", "127.0.0.1:0", "--admin-host-port", "127.0.0.1:0");
        assertThat(run.exit()).isEqualTo(SightlineMain.EXIT_STARTUP_FAILED);
        assertThat(run.err().strip()).startsWith("sightline: cannot start: cannot open storage").contains(file.toString());
        assertThat(run.err().strip().lines()).hasSize(1);
    }
}
