package io.sightline.server.backup;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.ServerBuilder;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /admin/backup} on the admin port: a consistent snapshot of the store, taken while
 * ingest goes on, answered with where it was written. A mutating endpoint, so the admin port's
 * authentication applies to it.
 */
public final class BackupService {
    private static final Logger log = LoggerFactory.getLogger(BackupService.class);
    public static final String PATH = "/admin/backup";

    private final Backups backups;

    public BackupService(Backups backups) {
        this.backups = backups;
    }

    public void bindTo(ServerBuilder sb) {
        sb.service(PATH, (ctx, req) -> {
            if (req.method() != HttpMethod.POST) {
                return HttpResponse.of(HttpStatus.METHOD_NOT_ALLOWED, MediaType.JSON,
                        "{\"error\":\"use POST to take a snapshot\"}");
            }
            return HttpResponse.of(() -> snapshot(), ctx.blockingTaskExecutor());
        });
    }

    /** For a server without the embedded store: the endpoint says why it cannot back up. */
    public static void bindUnsupported(ServerBuilder sb, String why) {
        sb.service(PATH, (ctx, req) -> HttpResponse.of(HttpStatus.NOT_IMPLEMENTED, MediaType.JSON,
                "{\"error\":" + quote(why) + "}"));
    }

    private HttpResponse snapshot() {
        long startNanos = System.nanoTime();
        try {
            Path snapshot = backups.snapshot();
            long tookMs = (System.nanoTime() - startNanos) / 1_000_000;
            log.info("Snapshot of the store written to {} in {} ms", snapshot, tookMs);
            return HttpResponse.of(HttpStatus.OK, MediaType.JSON, "{\"snapshot\":" + quote(snapshot.toAbsolutePath().toString())
                    + ",\"tookMs\":" + tookMs + "}");
        } catch (RuntimeException e) {
            log.warn("Snapshot failed: {}", e.toString());
            return HttpResponse.of(HttpStatus.INTERNAL_SERVER_ERROR, MediaType.JSON,
                    "{\"error\":" + quote("snapshot failed: " + e.getMessage()) + "}");
        }
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
