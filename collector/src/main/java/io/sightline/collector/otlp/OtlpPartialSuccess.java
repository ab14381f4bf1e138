package io.sightline.collector.otlp;

import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.sightline.collector.pipeline.IngestOutcome;

/**
 * The OTLP answer to an accepted export. OTLP lets a server accept a request yet tell the
 * sender that some spans were not kept ({@code rejected_spans}) or, with zero rejected, warn it
 * ({@code error_message} alone); exporters log it. Senders must not retry a partial success.
 */
final class OtlpPartialSuccess {
    private OtlpPartialSuccess() {}

    static ExportTraceServiceResponse response(IngestOutcome outcome) {
        if (!outcome.isPartial()) {
            return ExportTraceServiceResponse.getDefaultInstance();
        }
        return ExportTraceServiceResponse.newBuilder()
                .setPartialSuccess(ExportTracePartialSuccess.newBuilder()
                        .setRejectedSpans(outcome.droppedSpans())
                        .setErrorMessage(outcome.message()))
                .build();
    }
}
