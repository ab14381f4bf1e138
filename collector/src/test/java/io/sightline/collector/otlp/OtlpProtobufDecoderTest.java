package io.sightline.collector.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnknownFieldSet;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.sightline.collector.InvalidSpansException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The wire decoder must give exactly what protobuf-java's parser followed by
 * {@link OtlpSpanDecoder} gives: the same spans for every valid request, the same message for
 * every invalid span, and a decode error for malformed bytes.
 */
class OtlpProtobufDecoderTest {

    private static List<io.sightline.core.model.Span> viaGeneratedMessages(byte[] body) {
        try {
            return OtlpSpanDecoder.decode(ExportTraceServiceRequest.parseFrom(body));
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertSameAsGeneratedPath(byte[] body) {
        assertThat(OtlpProtobufDecoder.decode(body)).isEqualTo(viaGeneratedMessages(body));
    }

    private static void assertSameErrorAsGeneratedPath(byte[] body) {
        String expected = null;
        try {
            viaGeneratedMessages(body);
        } catch (InvalidSpansException e) {
            expected = e.getMessage();
        }
        assertThat(expected).as("the generated path refuses it too").isNotNull();
        assertThatThrownBy(() -> OtlpProtobufDecoder.decode(body))
                .isInstanceOf(InvalidSpansException.class).hasMessage(expected);
    }

    private static ByteString bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return ByteString.copyFrom(bytes);
    }

    private static AnyValue value(Random random, int depth) {
        int kind = random.nextInt(depth > 1 ? 6 : 8);
        AnyValue.Builder value = AnyValue.newBuilder();
        switch (kind) {
            case 0 -> value.setStringValue(random.nextBoolean() ? "GET" : "value-" + random.nextInt(1000) + "-\u00e9\u4e2d\ud83d\ude00");
            case 1 -> value.setBoolValue(random.nextBoolean());
            case 2 -> value.setIntValue(random.nextLong());
            case 3 -> value.setDoubleValue(random.nextDouble() * 1e6);
            case 4 -> value.setBytesValue(bytes(random, random.nextInt(5)));
            case 5 -> { } // no value set
            case 6 -> {
                ArrayValue.Builder array = ArrayValue.newBuilder();
                for (int i = random.nextInt(3); i > 0; i--) {
                    array.addValues(value(random, depth + 1));
                }
                value.setArrayValue(array);
            }
            default -> {
                KeyValueList.Builder list = KeyValueList.newBuilder();
                for (int i = random.nextInt(3); i > 0; i--) {
                    list.addValues(KeyValue.newBuilder().setKey("k" + i).setValue(value(random, depth + 1)));
                }
                value.setKvlistValue(list);
            }
        }
        return value.build();
    }

    private static KeyValue attribute(Random random) {
        String[] keys = {"http.method", "http.status_code", "db.statement", "peer.service", "error", "x"};
        return KeyValue.newBuilder().setKey(keys[random.nextInt(keys.length)]).setValue(value(random, 0)).build();
    }

    private static Span span(Random random) {
        Span.Builder span = Span.newBuilder()
                .setTraceId(bytes(random, 16)).setSpanId(bytes(random, 8))
                .setName("op-" + random.nextInt(5))
                .setKindValue(random.nextInt(6))
                .setStartTimeUnixNano(1_700_000_000_000_000_000L + random.nextInt(1_000_000))
                .setFlags(random.nextInt());
        span.setEndTimeUnixNano(span.getStartTimeUnixNano() + random.nextInt(1_000_000));
        if (random.nextBoolean()) {
            span.setParentSpanId(bytes(random, 8));
        }
        if (random.nextInt(4) == 0) {
            span.setTraceState("vendor=x");
        }
        for (int i = random.nextInt(8); i > 0; i--) {
            span.addAttributes(attribute(random));
        }
        for (int i = random.nextInt(3); i > 0; i--) {
            Span.Event.Builder event = Span.Event.newBuilder().setTimeUnixNano(random.nextLong()).setName("event-" + i);
            for (int a = random.nextInt(3); a > 0; a--) {
                event.addAttributes(attribute(random));
            }
            span.addEvents(event);
        }
        for (int i = random.nextInt(2); i > 0; i--) {
            span.addLinks(Span.Link.newBuilder().setTraceId(bytes(random, 16)).setSpanId(bytes(random, 8))
                    .setTraceState(random.nextBoolean() ? "" : "a=b").addAttributes(attribute(random)));
        }
        if (random.nextBoolean()) {
            span.setStatus(Status.newBuilder().setCodeValue(random.nextInt(3)).setMessage(random.nextBoolean() ? "" : "boom"));
        }
        return span.build();
    }

    private static ExportTraceServiceRequest request(Random random) {
        ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
        for (int r = 1 + random.nextInt(3); r > 0; r--) {
            ResourceSpans.Builder resourceSpans = ResourceSpans.newBuilder();
            if (random.nextInt(5) != 0) {
                Resource.Builder resource = Resource.newBuilder();
                if (random.nextInt(4) != 0) {
                    resource.addAttributes(KeyValue.newBuilder().setKey("service.name")
                            .setValue(AnyValue.newBuilder().setStringValue(random.nextBoolean() ? "frontend" : "")));
                }
                for (int a = random.nextInt(3); a > 0; a--) {
                    resource.addAttributes(attribute(random));
                }
                resourceSpans.setResource(resource);
            }
            for (int s = 1 + random.nextInt(2); s > 0; s--) {
                ScopeSpans.Builder scopeSpans = ScopeSpans.newBuilder();
                if (random.nextBoolean()) {
                    scopeSpans.setScope(InstrumentationScope.newBuilder().setName("io.lib").setVersion(random.nextBoolean() ? "1.2" : ""));
                }
                for (int i = random.nextInt(6); i > 0; i--) {
                    scopeSpans.addSpans(span(random));
                }
                resourceSpans.addScopeSpans(scopeSpans);
            }
            request.addResourceSpans(resourceSpans);
        }
        return request.build();
    }

    @Test
    void decode_givesTheSameSpansAsTheGeneratedMessages_forRandomRequests() {
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            assertSameAsGeneratedPath(request(random).toByteArray());
        }
    }

    @Test
    void decode_refusesInvalidSpansWithTheSameMessage() {
        Random random = new Random(7);
        Span valid = span(random);
        List<Span> invalid = List.of(
                valid.toBuilder().setTraceId(bytes(random, 5)).build(),
                valid.toBuilder().setTraceId(ByteString.copyFrom(new byte[16])).build(),
                valid.toBuilder().clearTraceId().build(),
                valid.toBuilder().setSpanId(ByteString.copyFrom(new byte[8])).build(),
                valid.toBuilder().setParentSpanId(bytes(random, 3)).build(),
                valid.toBuilder().setEndTimeUnixNano(valid.getStartTimeUnixNano() - 1).build(),
                valid.toBuilder().setKindValue(9).build(),
                valid.toBuilder().setStatus(Status.newBuilder().setCodeValue(4)).build(),
                valid.toBuilder().addLinks(Span.Link.newBuilder().setTraceId(bytes(random, 16))).build());
        for (Span span : invalid) {
            byte[] body = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                    .addScopeSpans(ScopeSpans.newBuilder().addSpans(valid).addSpans(span))).build().toByteArray();
            assertSameErrorAsGeneratedPath(body);
        }
    }

    @Test
    void decode_skipsUnknownFields() {
        UnknownFieldSet unknown = UnknownFieldSet.newBuilder()
                .addField(99, UnknownFieldSet.Field.newBuilder().addVarint(5).addFixed32(1).addFixed64(2)
                        .addLengthDelimited(ByteString.copyFromUtf8("later")).build())
                .build();
        Random random = new Random(3);
        Span span = span(random).toBuilder().setUnknownFields(unknown).build();
        ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(ResourceSpans.newBuilder().setUnknownFields(unknown)
                        .addScopeSpans(ScopeSpans.newBuilder().addSpans(span)))
                .setUnknownFields(unknown).build();
        assertSameAsGeneratedPath(request.toByteArray());
    }

    @Test
    void decode_acceptsFieldsInAnyOrder_aResourceAfterItsSpans() throws IOException {
        Random random = new Random(5);
        ScopeSpans scopeSpans = ScopeSpans.newBuilder().addSpans(span(random)).addSpans(span(random)).build();
        Resource resource = Resource.newBuilder().addAttributes(KeyValue.newBuilder().setKey("service.name")
                .setValue(AnyValue.newBuilder().setStringValue("late"))).build();
        ByteArrayOutputStream resourceSpans = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(resourceSpans);
        out.writeMessage(2, scopeSpans);
        out.writeMessage(1, resource);
        out.flush();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        CodedOutputStream request = CodedOutputStream.newInstance(body);
        request.writeByteArray(1, resourceSpans.toByteArray());
        request.flush();

        assertSameAsGeneratedPath(body.toByteArray());
        assertThat(OtlpProtobufDecoder.decode(body.toByteArray())).allSatisfy(s -> assertThat(s.serviceName()).isEqualTo("late"));
    }

    @Test
    void decode_mergesASpanSentTwiceInOneField_asProtobufDoes() throws IOException {
        Random random = new Random(11);
        Span first = span(random);
        Span second = Span.newBuilder().setName("renamed").addAttributes(attribute(random))
                .setStatus(Status.newBuilder().setMessage("later message")).build();
        byte[] merged = concat(first.toByteArray(), second.toByteArray());
        ByteArrayOutputStream scope = new ByteArrayOutputStream();
        CodedOutputStream scopeOut = CodedOutputStream.newInstance(scope);
        scopeOut.writeByteArray(2, merged);
        scopeOut.flush();
        byte[] body = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.parseFrom(scope.toByteArray()))).build().toByteArray();
        assertSameAsGeneratedPath(body);
    }

    @Test
    void decode_refusesMalformedBytes_namingTheProblem() {
        byte[] valid = request(new Random(1)).toByteArray();
        assertThatThrownBy(() -> OtlpProtobufDecoder.decode(Arrays.copyOf(valid, valid.length - 7)))
                .isInstanceOf(InvalidSpansException.class)
                .hasMessageStartingWith("cannot decode protobuf ExportTraceServiceRequest: ");
        assertThatThrownBy(() -> OtlpProtobufDecoder.decode(new byte[] {(byte) 0x80, (byte) 0x80}))
                .hasMessageContaining("truncated varint");
        assertThatThrownBy(() -> OtlpProtobufDecoder.decode(new byte[] {0x0B, 0x0C}))
                .hasMessageContaining("unsupported wire type 3 of field 1");
        assertThatThrownBy(() -> OtlpProtobufDecoder.decode(new byte[] {0x0A, 0x05, 0x01}))
                .hasMessageContaining("length 5 runs past the end");
        assertThatThrownBy(() -> OtlpProtobufDecoder.decode(new byte[] {0x00}))
                .hasMessageContaining("invalid tag 0");
    }

    private static byte[] nestedArrays(int levels) {
        AnyValue value = AnyValue.newBuilder().setStringValue("leaf").build();
        for (int i = 0; i < levels; i++) {
            value = AnyValue.newBuilder().setArrayValue(ArrayValue.newBuilder().addValues(value)).build();
        }
        Span span = span(new Random(4)).toBuilder().addAttributes(KeyValue.newBuilder().setKey("deep").setValue(value)).build();
        return ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build().toByteArray();
    }

    @Test
    void decode_acceptsNestingProtobufAccepts_andRefusesDeeperWithoutOverflowingTheStack() throws IOException {
        assertSameAsGeneratedPath(nestedArrays(45));
        byte[] tooDeep = nestedArrays(60);
        assertThatThrownBy(() -> ExportTraceServiceRequest.parseFrom(tooDeep)).isInstanceOf(InvalidProtocolBufferException.class);
        assertThatThrownBy(() -> OtlpProtobufDecoder.decode(tooDeep))
                .isInstanceOf(InvalidSpansException.class).hasMessageContaining("nested deeper than 100");
        // Too deep for protobuf-java to even build: written by hand, inside out.
        assertThatThrownBy(() -> OtlpProtobufDecoder.decode(hostileNesting(3_000)))
                .isInstanceOf(InvalidSpansException.class).hasMessageContaining("nested deeper than 100");
    }

    private static byte[] hostileNesting(int levels) throws IOException {
        byte[] value = AnyValue.newBuilder().setStringValue("leaf").build().toByteArray();
        for (int i = 0; i < levels; i++) {
            value = field(5, field(1, value)); // AnyValue.array_value { ArrayValue.values: value }
        }
        byte[] keyValue = concat(field(1, "deep".getBytes(StandardCharsets.UTF_8)), field(2, value));
        byte[] span = concat(span(new Random(4)).toByteArray(), field(9, keyValue));
        return field(1, field(2, field(2, span))); // request { resource_spans { scope_spans { spans } } }
    }

    private static byte[] field(int number, byte[] message) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(message.length + 8);
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        out.writeByteArray(number, message);
        out.flush();
        return bytes.toByteArray();
    }

    @Test
    void decode_refusesInvalidUtf8InAString_asProtobufDoes() {
        Span span = Span.newBuilder().setTraceId(ByteString.copyFrom(new byte[16])).setName("NAME").build();
        byte[] body = ExportTraceServiceRequest.newBuilder().addResourceSpans(ResourceSpans.newBuilder()
                .addScopeSpans(ScopeSpans.newBuilder().addSpans(span))).build().toByteArray();
        int at = indexOf(body, "NAME".getBytes(StandardCharsets.US_ASCII));
        body[at + 1] = (byte) 0xC0;
        byte[] malformed = body;
        assertThatThrownBy(() -> ExportTraceServiceRequest.parseFrom(malformed)).isInstanceOf(InvalidProtocolBufferException.class);
        assertThatThrownBy(() -> OtlpProtobufDecoder.decode(malformed))
                .isInstanceOf(InvalidSpansException.class).hasMessageContaining("invalid UTF-8");
    }

    @Test
    void utf8Check_agreesWithTheJdksStrictDecoder() {
        Random random = new Random(9);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(6)];
            for (int b = 0; b < bytes.length; b++) {
                bytes[b] = (byte) (random.nextBoolean() ? 0x80 + random.nextInt(0x80) : random.nextInt(256));
            }
            assertThat(WireStrings.isValidUtf8(bytes, 0, bytes.length)).as(Arrays.toString(bytes)).isEqualTo(strictlyDecodes(bytes));
        }
    }

    @Test
    void strings_agreeWithTheJdkAtEveryOffsetAndLength() {
        // Lengths across the eight-byte steps of the ASCII check and the cache's hash, with one
        // non-ASCII or invalid byte anywhere, or none.
        Random random = new Random(11);
        WireStrings strings = new WireStrings();
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[3 + random.nextInt(60)];
            for (int b = 0; b < bytes.length; b++) {
                bytes[b] = (byte) ('a' + random.nextInt(26));
            }
            if (random.nextBoolean()) {
                bytes[random.nextInt(bytes.length)] = (byte) (0x80 + random.nextInt(0x80));
            }
            int offset = random.nextInt(3);
            int length = random.nextInt(bytes.length - offset + 1);
            byte[] slice = Arrays.copyOfRange(bytes, offset, offset + length);
            String expected = strictlyDecodes(slice) ? new String(slice, StandardCharsets.UTF_8) : null;
            for (int twice = 0; twice < 2; twice++) {
                if (expected == null) {
                    assertThatThrownBy(() -> strings.repeated(bytes, offset, length)).hasMessageContaining("invalid UTF-8");
                    assertThatThrownBy(() -> WireStrings.create(bytes, offset, length)).hasMessageContaining("invalid UTF-8");
                } else {
                    assertThat(strings.repeated(bytes, offset, length)).isEqualTo(expected);
                    assertThat(WireStrings.create(bytes, offset, length)).isEqualTo(expected);
                }
            }
        }
    }

    private static boolean strictlyDecodes(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
