package io.sightline.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Acknowledged means durable: a writer killed with SIGKILL loses no acknowledged batch, and no batch in part. */
class RocksDbStorageKillIT {
    @TempDir
    Path directory;

    @Test
    void killMinus9_losesNoAcknowledgedBatchAndLeavesNoBatchInPart() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process writer = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                KillableWriter.class.getName(), directory.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        int lastAcked = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (lastAcked < 200 && (line = out.readLine()) != null) {
                lastAcked = Integer.parseInt(line.substring("acked ".length()));
            }
            writer.destroyForcibly();
        } finally {
            writer.destroyForcibly();
            assertThat(writer.waitFor(1, TimeUnit.MINUTES)).isTrue();
        }
        assertThat(lastAcked).as("the writer acknowledged batches before it was killed").isGreaterThanOrEqualTo(200);

        try (RocksDbStorage storage = RocksDbStorage.open(RocksDbStorageOptions.builder().dataDirectory(directory).build())) {
            for (int number = 0; number <= lastAcked; number++) {
                assertThat(storage.getTrace(TraceId.of(7, number)).orElseThrow().spans())
                        .as("acknowledged batch %d", number).containsExactlyElementsOf(KillableWriter.batch(number));
            }
            // The batch in flight at the kill is there whole or not at all.
            List<Span> inFlight = storage.getTrace(TraceId.of(7, lastAcked + 1)).map(t -> t.spans()).orElse(List.of());
            assertThat(inFlight.size()).isIn(0, KillableWriter.SPANS_PER_BATCH);
        }
    }
}
