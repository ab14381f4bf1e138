package io.sightline.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sightline.core.model.Resource;
import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.memory.InMemoryStorage;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code POST /api/archive/{id}} and the archive fallback of trace lookups. */
class ArchiveIT {
    private static final Resource SHOP = new Resource("shop", List.of());
    private static final TraceId LIVE = TraceId.of(0, 0x11);
    private static final TraceId ONLY_ARCHIVED = TraceId.of(0, 0x22);
    private static InMemoryStorage primary;
    private static InMemoryStorage archive;
    private static TestServer server;

    private static Span span(TraceId traceId, long id) {
        return Span.builder().traceId(traceId).spanId(id).name("op").resource(SHOP)
                .startEpochNanos(1_795_900_000_000_000_000L).durationNanos(1_000).build();
    }

    @BeforeAll
    static void start() {
        primary = new InMemoryStorage(1_000);
        archive = new InMemoryStorage(1_000);
        primary.write(List.of(span(LIVE, 1), span(LIVE, 2)));
        archive.write(List.of(span(ONLY_ARCHIVED, 7)));
        server = TestServer.start(sb -> {
            new QueryService(primary, QueryOptions.DEFAULTS, archive).bindTo(sb, "/");
            new QueryService(new InMemoryStorage(10)).bindTo(sb, "/no-archive");
        });
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> post(String path) {
        return server.send(HttpRequest.newBuilder(server.uri(path)).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void archivingCopiesEverySpan_andAnswersWithEmptyDataAndErrors() throws Exception {
        HttpResponse<String> response = post("/api/archive/11");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("{\"data\":[],\"total\":0,\"limit\":0,\"offset\":0,\"errors\":[]}");
        assertThat(archive.getTrace(LIVE)).get().satisfies(t -> assertThat(t.spans()).hasSize(2));
    }

    @Test
    void aTraceOnlyInTheArchive_isFoundByIdAndByMultiIdSearch() throws Exception {
        JsonNode byId = TestServer.MAPPER.readTree(server.get("/api/traces/22").body());
        assertThat(byId.at("/data/0/spans")).hasSize(1);
        JsonNode multi = TestServer.MAPPER.readTree(server.get("/api/traces?traceID=22&traceID=11").body());
        assertThat(multi.get("data")).hasSize(2);
    }

    @Test
    void unknownTraces_are404_andWithoutAnArchive_500() throws Exception {
        HttpResponse<String> unknown = post("/api/archive/99");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(TestServer.MAPPER.readTree(unknown.body()).at("/errors/0/msg").asText()).isEqualTo("trace not found");
        HttpResponse<String> none = post("/no-archive/api/archive/11");
        assertThat(none.statusCode()).isEqualTo(500);
        assertThat(TestServer.MAPPER.readTree(none.body()).at("/errors/0/msg").asText())
                .isEqualTo("archive span storage was not configured");
        assertThat(post("/api/archive/not-hex").statusCode()).isEqualTo(400);
    }
}
