package io.sightline.server.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file of credentials, one per line ({@code #} starts a comment, blank lines are skipped),
 * re-read when it changes so that a token can be added or revoked without a restart. The file
 * is looked at no more than once per {@value #CHECK_INTERVAL_NANOS} ns; a file that becomes
 * unreadable keeps the last lines read, and says so in the log.
 */
final class CredentialsFile {
    private static final Logger log = LoggerFactory.getLogger(CredentialsFile.class);
    static final long CHECK_INTERVAL_NANOS = 1_000_000_000L;

    private final Path path;
    private volatile List<String> lines;
    private volatile FileTime modified;
    private volatile long checkedNanos;

    /** @throws IOException when the file cannot be read at start-up */
    CredentialsFile(Path path) throws IOException {
        this.path = Objects.requireNonNull(path, "path");
        this.modified = Files.getLastModifiedTime(path);
        this.lines = read(path);
        this.checkedNanos = System.nanoTime();
    }

    Path path() {
        return path;
    }

    /** The credential lines, as of the last check. */
    List<String> lines() {
        long now = System.nanoTime();
        if (now - checkedNanos >= CHECK_INTERVAL_NANOS) {
            checkedNanos = now;
            reloadIfChanged();
        }
        return lines;
    }

    private void reloadIfChanged() {
        try {
            FileTime current = Files.getLastModifiedTime(path);
            if (!current.equals(modified)) {
                lines = read(path);
                modified = current;
                log.info("credentials reloaded from {}", path);
            }
        } catch (IOException e) {
            log.warn("credentials file {} cannot be read, keeping the previous credentials: {}", path, e.toString());
        }
    }

    private static List<String> read(Path path) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(path, StandardCharsets.UTF_8)) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                out.add(trimmed);
            }
        }
        return List.copyOf(out);
    }
}
