package io.sightline.spm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded metrics store: snapshots of every series' histogram, appended to one file per
 * time segment ({@code segment-<startEpochMs>.spm}); retention deletes whole files.
 *
 * <p>Why files and not RocksDB: the data is append-only, always read as a time range and
 * expired wholesale, so a segment file is exactly the unit of writing, reading and expiry, and
 * {@code spm} stays free of a storage engine. Each segment is self-contained: it starts with the
 * bucket bounds, defines each series (its labels) before first use, and its first snapshot lists
 * every series in full. Later snapshots list only the series that changed, as varint deltas, so an
 * idle series costs nothing and a busy one a few bytes per bucket. A process always starts a new
 * segment, so a torn record (crash mid-write) only ever ends a file; readers stop at the first
 * record whose length or CRC does not check out.
 *
 * <p>Record: {@code int length, int crc32, payload}; payload {@code 'H' bounds}, {@code 'D' id
 * labels} or {@code 'S' epochMs entries}.
 */
final class MetricsStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsStore.class);
    private static final String PREFIX = "segment-";
    private static final String SUFFIX = ".spm";
    private static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;

    private final Path dir;
    private final double[] boundsMs;
    private final long segmentMs;
    private final long retentionMs;

    private FileChannel current;
    private long currentStartMs = Long.MIN_VALUE;
    private final Map<String, Integer> ids = new HashMap<>();
    private final Map<Integer, long[]> lastCounts = new HashMap<>();

    MetricsStore(Path dir, double[] boundsMs, long segmentMs, long retentionMs) {
        this.dir = dir;
        this.boundsMs = boundsMs.clone();
        this.segmentMs = segmentMs;
        this.retentionMs = retentionMs;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the metrics directory " + dir, e);
        }
    }

    /** Appends one snapshot of every series, taken at {@code epochMs}, and drops expired segments. */
    synchronized void append(long epochMs, List<SeriesSnapshot> series) {
        try {
            if (current == null || epochMs >= currentStartMs + segmentMs || epochMs < currentStartMs) {
                roll(epochMs);
            }
            ByteArrayOutputStream entries = new ByteArrayOutputStream();
            int listed = 0;
            for (SeriesSnapshot s : series) {
                String key = key(s.labelNames(), s.labelValues());
                Integer id = ids.get(key);
                if (id == null) {
                    id = ids.size();
                    ids.put(key, id);
                    writeRecord(definition(id, s.labelNames(), s.labelValues()));
                }
                long[] counts = s.bucketCounts();
                long[] last = lastCounts.get(id);
                if (last != null && Arrays.equals(last, counts)) {
                    continue;
                }
                Varints.write(entries, id);
                for (int b = 0; b < counts.length; b++) {
                    Varints.writeSigned(entries, counts[b] - (last == null ? 0 : last[b]));
                }
                lastCounts.put(id, counts.clone());
                listed++;
            }
            ByteArrayOutputStream payload = new ByteArrayOutputStream(entries.size() + 16);
            payload.write('S');
            Varints.write(payload, epochMs);
            Varints.write(payload, listed);
            entries.writeTo(payload);
            writeRecord(payload.toByteArray());
            current.force(false);
            expire(epochMs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the metrics store in " + dir, e);
        }
    }

    private void roll(long epochMs) throws IOException {
        closeCurrent();
        // Never reopen an existing segment (a clock that stepped back): its data stays as it is.
        long name = epochMs;
        while (true) {
            try {
                current = FileChannel.open(dir.resolve(PREFIX + name + SUFFIX), StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE);
                break;
            } catch (java.nio.file.FileAlreadyExistsException e) {
                name++;
            }
        }
        currentStartMs = epochMs;
        ids.clear();
        lastCounts.clear();
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.write('H');
        Varints.write(header, boundsMs.length);
        for (double bound : boundsMs) {
            Varints.write(header, Double.doubleToLongBits(bound));
        }
        writeRecord(header.toByteArray());
    }

    private static byte[] definition(int id, String[] names, String[] values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('D');
        Varints.write(out, id);
        Varints.write(out, names.length);
        for (int i = 0; i < names.length; i++) {
            Varints.writeString(out, names[i]);
            Varints.writeString(out, values[i]);
        }
        return out.toByteArray();
    }

    private void writeRecord(byte[] payload) throws IOException {
        CRC32 crc = new CRC32();
        crc.update(payload);
        ByteBuffer buffer = ByteBuffer.allocate(8 + payload.length);
        buffer.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
        while (buffer.hasRemaining()) {
            current.write(buffer);
        }
    }

    private static String key(String[] names, String[] values) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            key.append(names[i]).append('\u0000').append(values[i]).append('\u0000');
        }
        return key.toString();
    }

    /** Deletes segments that end before the retention window: a segment ends where the next starts. */
    private void expire(long nowMs) throws IOException {
        TreeMap<Long, Path> segments = segments();
        Long previousStart = null;
        for (Map.Entry<Long, Path> segment : segments.descendingMap().entrySet()) {
            long end = previousStart == null ? Long.MAX_VALUE : previousStart;
            previousStart = segment.getKey();
            if (end <= nowMs - retentionMs) {
                Files.deleteIfExists(segment.getValue());
            }
        }
    }

    private TreeMap<Long, Path> segments() throws IOException {
        TreeMap<Long, Path> segments = new TreeMap<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path file : files) {
                String name = file.getFileName().toString();
                try {
                    segments.put(Long.parseLong(name.substring(PREFIX.length(), name.length() - SUFFIX.length())), file);
                } catch (NumberFormatException e) {
                    log.warn("ignoring {} in the metrics store: not a segment name", file);
                }
            }
        }
        return segments;
    }

    /**
     * Every series matching {@code filter} with its snapshots taken in {@code [fromMs, toMs]}.
     * Segments written with other bucket bounds are skipped: their buckets do not add up with
     * today's.
     */
    List<StoredSeries> read(long fromMs, long toMs, Predicate<StoredSeries> filter) {
        Map<String, StoredSeries> result = new LinkedHashMap<>();
        try {
            TreeMap<Long, Path> segments = segments();
            List<Map.Entry<Long, Path>> ordered = new ArrayList<>(segments.entrySet());
            for (int i = 0; i < ordered.size(); i++) {
                long start = ordered.get(i).getKey();
                long end = i + 1 < ordered.size() ? ordered.get(i + 1).getKey() : Long.MAX_VALUE;
                if (start > toMs || end < fromMs) {
                    continue;
                }
                readSegment(ordered.get(i).getValue(), fromMs, toMs, filter, result);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the metrics store in " + dir, e);
        }
        return new ArrayList<>(result.values());
    }

    private void readSegment(Path file, long fromMs, long toMs, Predicate<StoredSeries> filter,
                             Map<String, StoredSeries> result) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (java.nio.file.NoSuchFileException e) {
            return; // expired while listing
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        Map<Integer, StoredSeries> byId = new HashMap<>();
        Map<Integer, long[]> counts = new HashMap<>();
        boolean headerOk = false;
        while (in.remaining() >= 8) {
            int length = in.getInt();
            int crc = in.getInt();
            if (length < 1 || length > MAX_RECORD_BYTES || length > in.remaining()) {
                break;
            }
            byte[] payload = new byte[length];
            in.get(payload);
            CRC32 check = new CRC32();
            check.update(payload);
            if ((int) check.getValue() != crc) {
                log.warn("{}: corrupt record, reading stops there", file);
                break;
            }
            ByteBuffer p = ByteBuffer.wrap(payload);
            byte type = p.get();
            if (type == 'H') {
                int n = (int) Varints.read(p);
                double[] bounds = new double[n];
                for (int b = 0; b < n; b++) {
                    bounds[b] = Double.longBitsToDouble(Varints.read(p));
                }
                headerOk = Arrays.equals(bounds, boundsMs);
                if (!headerOk) {
                    log.info("{}: written with other histogram buckets, skipped", file);
                    return;
                }
            } else if (!headerOk) {
                return;
            } else if (type == 'D') {
                int id = (int) Varints.read(p);
                int n = (int) Varints.read(p);
                String[] names = new String[n];
                String[] values = new String[n];
                for (int l = 0; l < n; l++) {
                    names[l] = Varints.readString(p);
                    values[l] = Varints.readString(p);
                }
                String key = key(names, values);
                StoredSeries series = result.get(key);
                if (series == null) {
                    series = new StoredSeries(names, values);
                    if (!filter.test(series)) {
                        continue;
                    }
                    result.put(key, series);
                }
                byId.put(id, series);
            } else if (type == 'S') {
                long epochMs = Varints.read(p);
                int listed = (int) Varints.read(p);
                for (int e = 0; e < listed; e++) {
                    int id = (int) Varints.read(p);
                    long[] c = counts.computeIfAbsent(id, k -> new long[boundsMs.length + 1]);
                    for (int b = 0; b < c.length; b++) {
                        c[b] += Varints.readSigned(p);
                    }
                }
                if (epochMs < fromMs || epochMs > toMs) {
                    continue;
                }
                // Every series this segment has seen is sampled at every snapshot, changed or not,
                // as Prometheus scrapes an idle counter.
                for (Map.Entry<Integer, StoredSeries> entry : byId.entrySet()) {
                    long[] c = counts.get(entry.getKey());
                    if (c != null) {
                        entry.getValue().add(epochMs, c.clone());
                    }
                }
            }
        }
    }

    private void closeCurrent() throws IOException {
        if (current != null) {
            FileChannel closing = current;
            current = null;
            if (closing.isOpen()) {
                closing.force(true);
            }
            closing.close();
        }
    }

    @Override
    public synchronized void close() {
        try {
            closeCurrent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** For the record: the segment files as they are now, oldest first. */
    List<Path> segmentFiles() {
        try {
            return new ArrayList<>(segments().values());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
