package io.sightline.storage.opensearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import io.sightline.storage.testkit.TestSpans;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ExactSpanCodecTest {
    private static final TraceId TRACE = TraceId.fromHex("4bf92f3577b34da6a3ce929d0e0e4736");

    @Test
    void decode_returnsEveryFieldOfTheEncodedSpan() {
        Span span = TestSpans.everyField(TRACE, 7, 3, 123);
        assertThat(ExactSpanCodec.decode(ExactSpanCodec.encode(span))).isEqualTo(span);
    }

    @Test
    void decode_rejectsTruncatedOrTrailingBytesAndOtherVersions() {
        byte[] bytes = ExactSpanCodec.encode(TestSpans.everyField(TRACE, 7, 3, 123));
        assertThatThrownBy(() -> ExactSpanCodec.decode(Arrays.copyOf(bytes, bytes.length - 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("corrupt span encoding");
        assertThatThrownBy(() -> ExactSpanCodec.decode(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 bytes after the span");
        byte[] otherVersion = bytes.clone();
        otherVersion[0] = 9;
        assertThatThrownBy(() -> ExactSpanCodec.decode(otherVersion))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("span encoding version 9");
    }
}
