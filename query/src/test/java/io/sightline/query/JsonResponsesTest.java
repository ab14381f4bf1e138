package io.sightline.query;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpData;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
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
