package io.sightline.collector.zipkin;

import com.linecorp.armeria.common.MediaType;
import zipkin2.codec.SpanBytesDecoder;

/** The four Zipkin span list encodings: which path and media type select each, and its codec. */
enum ZipkinEncoding {
    V1_JSON(MediaType.JSON, SpanBytesDecoder.JSON_V1, "v1 JSON"),
    V1_THRIFT(MediaType.parse("application/x-thrift"), SpanBytesDecoder.THRIFT, "v1 Thrift"),
    V2_JSON(MediaType.JSON, SpanBytesDecoder.JSON_V2, "v2 JSON"),
    V2_PROTO3(MediaType.parse("application/x-protobuf"), SpanBytesDecoder.PROTO3, "v2 proto3");

    final MediaType mediaType;
    final SpanBytesDecoder decoder;
    final String displayName;

    ZipkinEncoding(MediaType mediaType, SpanBytesDecoder decoder, String displayName) {
        this.mediaType = mediaType;
        this.decoder = decoder;
        this.displayName = displayName;
    }

    /**
     * Whether {@code body} is an empty span list in this encoding: no bytes at all, {@code []}
     * in JSON (whitespace aside), or a Thrift list header with zero elements.
     */
    boolean isEmptyList(byte[] body) {
        if (body.length == 0) {
            return true;
        }
        if (this == V1_JSON || this == V2_JSON) {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8).replaceAll("\\s", "").equals("[]");
        }
        // Thrift binary list header: element type (1 byte), then the element count (4 bytes).
        return this == V1_THRIFT && body.length == 5 && body[1] == 0 && body[2] == 0 && body[3] == 0 && body[4] == 0;
    }

    /** Matches by media type only: parameters such as {@code charset} are ignored. */
    static ZipkinEncoding forV1(MediaType contentType) {
        return match(contentType, V1_JSON, V1_THRIFT);
    }

    static ZipkinEncoding forV2(MediaType contentType) {
        return match(contentType, V2_JSON, V2_PROTO3);
    }

    private static ZipkinEncoding match(MediaType contentType, ZipkinEncoding... candidates) {
        for (ZipkinEncoding candidate : candidates) {
            if (contentType.is(candidate.mediaType)) {
                return candidate;
            }
        }
        return null;
    }
}
