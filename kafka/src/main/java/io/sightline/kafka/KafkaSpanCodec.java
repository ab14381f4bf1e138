package io.sightline.kafka;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.exporter.jaeger.proto.api_v2.Model;
import io.sightline.collector.InvalidSpansException;
import io.sightline.collector.jaeger.grpc.JaegerProtoSpanDecoder;
import io.sightline.core.model.Span;
import io.sightline.core.model.TraceId;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One span per Kafka message, as Jaeger's Kafka storage writes them: key = the trace ID in
 * Jaeger's string form (so every span of a trace lands in one partition), value = the api_v2
 * {@code model.Span} with its process, in the configured encoding.
 */
final class KafkaSpanCodec {
    private static final JsonFormat.Printer JSON_PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();
    /** Unknown fields are skipped: a newer Jaeger may add some, and the span is still whole without them. */
    private static final JsonFormat.Parser JSON_PARSER = JsonFormat.parser().ignoringUnknownFields();

    private final KafkaEncoding encoding;

    KafkaSpanCodec(KafkaEncoding encoding) {
        this.encoding = encoding;
    }

    KafkaEncoding encoding() {
        return encoding;
    }

    /** Jaeger's {@code TraceID.String()}: hex without leading zeros of the high half, the low half padded. */
    static byte[] key(TraceId traceId) {
        String hex = traceId.high() == 0 ? Long.toHexString(traceId.low())
                : Long.toHexString(traceId.high()) + String.format("%016x", traceId.low());
        return hex.getBytes(StandardCharsets.US_ASCII);
    }

    byte[] encode(Span span) {
        Model.Span message = JaegerProtoSpanEncoder.encode(span);
        if (encoding == KafkaEncoding.PROTOBUF) {
            return message.toByteArray();
        }
        try {
            return JSON_PRINTER.print(message).getBytes(StandardCharsets.UTF_8);
        } catch (InvalidProtocolBufferException e) {
            // Only Any fields without a type registry fail to print; model.Span has none.
            throw new IllegalStateException("cannot print a span as JSON: " + e.getMessage(), e);
        }
    }

    /** @throws UndecodableMessageException saying why the bytes are not a span */
    Span decode(byte[] value) {
        if (value == null) {
            throw new UndecodableMessageException("the message has no value (a tombstone)");
        }
        Model.Span message = parse(value);
        List<Span> spans;
        try {
            spans = JaegerProtoSpanDecoder.decode(Model.Batch.newBuilder().addSpans(message).build());
        } catch (InvalidSpansException e) {
            throw new UndecodableMessageException(e.getMessage(), e);
        }
        return ScopeTags.restoreScope(spans.get(0));
    }

    private Model.Span parse(byte[] value) {
        try {
            if (encoding == KafkaEncoding.PROTOBUF) {
                return Model.Span.parseFrom(value);
            }
            Model.Span.Builder builder = Model.Span.newBuilder();
            JSON_PARSER.merge(new String(value, StandardCharsets.UTF_8), builder);
            return builder.build();
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            // JsonFormat reports some malformed input as unchecked exceptions (e.g. JsonSyntaxException).
            throw new UndecodableMessageException("not a " + encoding.jaegerName() + "-encoded jaeger.api_v2 Span: "
                    + e.getMessage(), e);
        }
    }
}
