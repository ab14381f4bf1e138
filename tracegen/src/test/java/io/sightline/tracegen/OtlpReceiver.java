package io.sightline.tracegen;

import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.Server;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.TraceServiceGrpc;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.GZIPInputStream;

/**
 * A minimal OTLP receiver on a real gRPC/HTTP server, so the ITs see exactly what the exporter
 * puts on the wire. Accepts everything, or rejects everything with a non-retryable error. Starting
 * and stopping one takes seconds, so test classes share one and {@link #clear()} it.
 */
final class OtlpReceiver implements AutoCloseable {
  private final Queue<ExportTraceServiceRequest> requests = new ConcurrentLinkedQueue<>();
  private final Queue<String> httpContentEncodings = new ConcurrentLinkedQueue<>();
  private final Queue<String> httpContentTypes = new ConcurrentLinkedQueue<>();
  private final boolean reject;
  private final Server server;

  private OtlpReceiver(boolean reject) {
    this.reject = reject;
    server =
        Server.builder()
            .http(0)
            // Tests stop the receiver only after the generator has flushed; nothing to drain.
            .gracefulShutdownTimeoutMillis(0, 0)
            .service(GrpcService.builder().addService(new TraceService()).build())
            .service("/v1/traces", (ctx, req) -> HttpResponse.of(req.aggregate().thenApply(this::onHttp)))
            .build();
    server.start().join();
  }

  static OtlpReceiver accepting() {
    return new OtlpReceiver(false);
  }

  /** Answers every request with gRPC INVALID_ARGUMENT or HTTP 400, which exporters do not retry. */
  static OtlpReceiver rejecting() {
    return new OtlpReceiver(true);
  }

  String endpoint(Protocol protocol) {
    String base = "http://127.0.0.1:" + server.activeLocalPort();
    return protocol == Protocol.GRPC ? base : base + "/v1/traces";
  }

  /** Forgets what was received, so one receiver can serve every test of a class. */
  void clear() {
    requests.clear();
    httpContentEncodings.clear();
    httpContentTypes.clear();
  }

  List<ExportTraceServiceRequest> requests() {
    return List.copyOf(requests);
  }

  List<String> httpContentTypes() {
    return List.copyOf(httpContentTypes);
  }

  List<String> httpContentEncodings() {
    return List.copyOf(httpContentEncodings);
  }

  List<Span> spans() {
    List<Span> spans = new ArrayList<>();
    for (ExportTraceServiceRequest request : requests) {
      for (ResourceSpans resourceSpans : request.getResourceSpansList()) {
        for (ScopeSpans scopeSpans : resourceSpans.getScopeSpansList()) {
          spans.addAll(scopeSpans.getSpansList());
        }
      }
    }
    return spans;
  }

  private HttpResponse onHttp(AggregatedHttpRequest request) {
    String encoding = request.headers().get(HttpHeaderNames.CONTENT_ENCODING, "identity");
    httpContentEncodings.add(encoding);
    httpContentTypes.add(request.headers().get(HttpHeaderNames.CONTENT_TYPE, ""));
    if (reject) {
      return HttpResponse.of(HttpStatus.BAD_REQUEST, MediaType.PLAIN_TEXT_UTF_8, "rejected by test");
    }
    try (InputStream body = decode(request.content().array(), encoding)) {
      requests.add(ExportTraceServiceRequest.parseFrom(body));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HttpResponse.of(
        HttpStatus.OK, MediaType.PROTOBUF, ExportTraceServiceResponse.getDefaultInstance().toByteArray());
  }

  private static InputStream decode(byte[] body, String encoding) throws IOException {
    InputStream in = new ByteArrayInputStream(body);
    return encoding.equals("gzip") ? new GZIPInputStream(in) : in;
  }

  @Override
  public void close() {
    server.stop().join();
  }

  private final class TraceService extends TraceServiceGrpc.TraceServiceImplBase {
    @Override
    public void export(
        ExportTraceServiceRequest request, StreamObserver<ExportTraceServiceResponse> responses) {
      if (reject) {
        responses.onError(Status.INVALID_ARGUMENT.withDescription("rejected by test").asRuntimeException());
        return;
      }
      requests.add(request);
      responses.onNext(ExportTraceServiceResponse.getDefaultInstance());
      responses.onCompleted();
    }
  }
}
