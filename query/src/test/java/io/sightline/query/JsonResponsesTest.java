package io.sightline.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonResponsesTest {

    @Test
    void render_prettyIndentsWithFourSpacesLikeGoMarshalIndent() {
        String json = render(true);

        assertThat(json).isEqualTo("""
                {
                    "data": [
                        "a",
                        {
                            "k": 1
                        }
                    ],
                    "empty": [],
                    "none": {},
                    "errors": null
                }""");
    }

    @Test
    void render_compactByDefault() {
        assertThat(render(false)).isEqualTo("{\"data\":[\"a\",{\"k\":1}],\"empty\":[],\"none\":{},\"errors\":null}");
    }

    @Test
    void ok_partialErrorsHaveNoCodeAndOmitAMissingTraceId() {
        ServiceRequestContext ctx = ServiceRequestContext.of(HttpRequest.of(HttpMethod.GET, "/api/traces"));

        AggregatedHttpResponse response = JsonResponses.ok(ctx, g -> {
            g.writeStartArray();
            g.writeEndArray();
        }, 0, List.of(new JsonResponses.PartialError("trace not found", "00000000000000ab"),
                new JsonResponses.PartialError("something else", null))).aggregate().join();

        assertThat(response.status().code()).isEqualTo(200);
        assertThat(response.contentUtf8()).isEqualTo("{\"data\":[],\"total\":0,\"limit\":0,\"offset\":0,"
                + "\"errors\":[{\"msg\":\"trace not found\",\"traceID\":\"00000000000000ab\"},"
                + "{\"msg\":\"something else\"}]}");
    }

    private static String render(boolean pretty) {
        HttpData data = JsonResponses.render(UnpooledByteBufAllocator.DEFAULT, pretty, g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("data");
            g.writeString("a");
            g.writeStartObject();
            g.writeNumberField("k", 1);
            g.writeEndObject();
            g.writeEndArray();
            g.writeArrayFieldStart("empty");
            g.writeEndArray();
            g.writeObjectFieldStart("none");
            g.writeEndObject();
            g.writeNullField("errors");
            g.writeEndObject();
        });
        try {
            return data.toString(StandardCharsets.UTF_8);
        } finally {
            data.close();
        }
    }
}
