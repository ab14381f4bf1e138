package io.sightline.storage.rocksdb;

import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import io.sightline.storage.testkit.TestSpans;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Run in its own JVM by {@link RocksDbStorageKillIT}: writes batches for ever and prints
 * "acked N" once the write of batch N has returned, until it is killed.
 */
public final class KillableWriter {
    static final int SPANS_PER_BATCH = 10;
    static final long HOUR_NANOS = 3_600_000_000_000L;

    private KillableWriter() {}

    static List<Span> batch(int number) {
        List<Span> spans = new ArrayList<>();
        for (int s = 0; s < SPANS_PER_BATCH; s++) {
            // Spread over two daily partitions, so the batch is only whole if the write is atomic across them.
            spans.add(TestSpans.span(TraceId.of(7, number), s + 1L).startEpochNanos(TestSpans.at(s * 3 * HOUR_NANOS)).build());
        }
        return spans;
    }

    public static void main(String[] args) {
        RocksDbStorage storage = RocksDbStorage.open(RocksDbStorageOptions.builder().dataDirectory(Path.of(args[0])).build());
        for (int number = 0; ; number++) {
            storage.write(batch(number));
            System.out.println("acked " + number);
            System.out.flush();
        }
    }
}
