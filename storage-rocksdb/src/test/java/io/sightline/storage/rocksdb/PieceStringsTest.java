package io.sightline.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PieceStringsTest {
    private static String[] table(PieceStrings strings) {
        ByteSink out = new ByteSink(16);
        strings.writeTable(out);
        return PieceStrings.readTable(new ByteSource(out.toByteArray()));
    }

    @Test
    void namesAndShortValuesAreWrittenOnce_longValuesInPlace() {
        PieceStrings strings = PieceStrings.forPiece();
        ByteSink body = new ByteSink(16);
        String longValue = "x".repeat(PieceStrings.MAX_SHARED_VALUE_CHARS + 1);
        strings.writeName(body, "http.request.method");
        strings.writeValue(body, "GET");
        strings.writeName(body, "http.request.method");
        strings.writeValue(body, "GET");
        strings.writeValue(body, longValue);
        strings.writeValue(body, "Zürich ☃");
        String[] table = table(strings);
        assertThat(table).containsExactly("http.request.method", "GET", "Zürich ☃");

        ByteSource in = new ByteSource(body.toByteArray());
        assertThat(PieceStrings.read(in, table)).isEqualTo("http.request.method");
        assertThat(PieceStrings.read(in, table)).isEqualTo("GET");
        assertThat(PieceStrings.read(in, table)).isEqualTo("http.request.method");
        assertThat(PieceStrings.read(in, table)).isEqualTo("GET");
        assertThat(PieceStrings.read(in, table)).isEqualTo(longValue);
        assertThat(PieceStrings.read(in, table)).isEqualTo("Zürich ☃");
        assertThat(in.exhausted()).isTrue();
        // Two references and the long value in place: the repeats cost one byte each.
        assertThat(body.size()).isEqualTo(4 + 1 + longValue.length() + 1);
    }

    @Test
    void inPlace_writesEveryStringWhereItIs() {
        PieceStrings strings = PieceStrings.inPlace();
        ByteSink body = new ByteSink(16);
        strings.writeName(body, "k");
        strings.writeName(body, "k");
        assertThat(table(strings)).isEmpty();
        ByteSource in = new ByteSource(body.toByteArray());
        assertThat(PieceStrings.read(in, PieceStrings.EMPTY_TABLE)).isEqualTo("k");
        assertThat(PieceStrings.read(in, PieceStrings.EMPTY_TABLE)).isEqualTo("k");
    }

    @Test
    void aReferenceBeyondTheTableOrALengthBeyondTheValueIsCorrupt() {
        assertThatThrownBy(() -> PieceStrings.read(new ByteSource(new byte[] {(2 << 1) | 1}), new String[] {"a", "b"}))
                .isInstanceOf(ByteSource.CorruptValueException.class).hasMessageContaining("string 2 of a table of 2");
        assertThatThrownBy(() -> PieceStrings.read(new ByteSource(new byte[] {5 << 1, 'a'}), PieceStrings.EMPTY_TABLE))
                .isInstanceOf(ByteSource.CorruptValueException.class).hasMessageContaining("overruns");
    }
}
