package io.sightline.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import io.sightline.core.storage.StorageException;
import io.sightline.storage.testkit.TestSpans;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SpanCodecTest {

    @Test
    void roundTrip_keepsEveryFieldAndAttributeType() {
        Span span = TestSpans.rich(TraceId.of(-1L, Long.MIN_VALUE), -2L, Long.MAX_VALUE, 42);
        assertThat(SpanCodec.decode(SpanCodec.encode(span))).isEqualTo(span);
    }

    @Test
    void decode_truncatedOrUnknownVersionIsACorruptionError() {
        byte[] encoded = SpanCodec.encode(TestSpans.rich(TraceId.of(1, 2), 3, 0, 0));
        assertThatThrownBy(() -> SpanCodec.decode(Arrays.copyOf(encoded, encoded.length - 3)))
                .isInstanceOf(StorageException.class).hasMessageContaining("corrupt stored span");
        encoded[0] = 9;
        assertThatThrownBy(() -> SpanCodec.decode(encoded)).hasMessageContaining("format version 9");
    }
}
