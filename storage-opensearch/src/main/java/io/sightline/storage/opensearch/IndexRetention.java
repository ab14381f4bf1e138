package io.sightline.storage.opensearch;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the daily span and service indices whose whole day lies further back than the
 * retention, so that no external index cleaner is needed and disk comes back a day at a time.
 */
final class IndexRetention {
    private static final Logger log = LoggerFactory.getLogger(IndexRetention.class);

    private final ClusterClient client;
    private final IndexLayout layout;
    private final Duration retention;
    private final Clock clock;

    IndexRetention(ClusterClient client, IndexLayout layout, Duration retention, Clock clock) {
        this.client = client;
        this.layout = layout;
        this.retention = retention;
        this.clock = clock;
    }

    /** One pass; returns the indices it deleted. Throws when the cluster cannot be asked. */
    List<String> deleteExpired() {
        Instant cutoff = clock.instant().minus(retention);
        ClusterClient.Response response = client.get("/_cat/indices/" + layout.spanTemplatePattern() + ","
                + layout.serviceTemplatePattern() + "?format=json&h=index&expand_wildcards=open,closed");
        if (!response.ok()) {
            throw ClusterClient.failure("cannot list indices for retention", response);
        }
        List<String> deleted = new ArrayList<>();
        for (JsonNode row : response.body()) {
            String index = row.path("index").asText();
            Optional<LocalDate> day = layout.dayOf(index);
            // The index holds spans that started until the end of its day: delete it once that end expired.
            if (day.isPresent() && !day.get().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(cutoff)) {
                ClusterClient.Response delete = client.delete("/" + index);
                if (delete.ok() || delete.status() == 404) {
                    deleted.add(index);
                } else {
                    log.warn("{}", ClusterClient.describe("cannot delete expired index " + index, delete));
                }
            }
        }
        if (!deleted.isEmpty()) {
            log.info("retention {}: deleted {}", retention, deleted);
        }
        return deleted;
    }

    /** {@link #deleteExpired} for the scheduler: a failure is logged and the next pass tries again. */
    void run() {
        try {
            deleteExpired();
        } catch (RuntimeException e) {
            log.warn("retention pass failed, next one will retry: {}", e.getMessage());
        }
    }
}
