package io.sightline.tracegen;

import io.opentelemetry.exporter.internal.otlp.traces.TraceRequestMarshaler;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import zipkin2.codec.SpanBytesEncoder;

/** Encodes a batch of spans into the request body of a {@link LoadProtocol}. */
final class BatchEncoder {
  /** gRPC's length-prefixed message: one compression flag byte, then a 4-byte length. */
  private static final int GRPC_FRAME_HEADER_BYTES = 5;

  private BatchEncoder() {}

  static byte[] encode(LoadProtocol protocol, List<SpanData> spans) {
    return switch (protocol) {
      case OTLP_GRPC -> grpcFrame(otlpProtobuf(spans));
      case OTLP_HTTP -> otlpProtobuf(spans);
      case ZIPKIN_JSON -> SpanBytesEncoder.JSON_V2.encodeList(ZipkinSpans.fromOtel(spans));
    };
  }

  /**
   * An {@code ExportTraceServiceRequest}, written by the OTLP exporter's own marshaler so the
   * server receives byte for byte what an SDK would send for these spans.
   */
  static byte[] otlpProtobuf(List<SpanData> spans) {
    TraceRequestMarshaler request = TraceRequestMarshaler.create(spans);
    ByteArrayOutputStream out = new ByteArrayOutputStream(request.getBinarySerializedSize());
    try {
      request.writeBinaryTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  static byte[] grpcFrame(byte[] message) {
    return ByteBuffer.allocate(GRPC_FRAME_HEADER_BYTES + message.length)
        .put((byte) 0) // uncompressed
        .putInt(message.length)
        .put(message)
        .array();
  }
}
