package io.sightline.tracegen;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.client.ClientFactory;
import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.RequestHeadersBuilder;
import com.linecorp.armeria.common.util.Exceptions;
import java.net.URI;
import java.time.Duration;

/**
 * Posts pre-encoded batches with a plain Armeria client: one request per batch, no retries, no
 * client-side queue, so the latency measured is the server's acknowledgement. OTLP/gRPC is sent
 * as a unary call written by hand (HTTP/2, length-prefixed body, {@code grpc-status} trailer),
 * which needs no stub or generated classes and copies nothing per request.
 */
final class ArmeriaBatchSender implements BatchSender {
  static final String GRPC_EXPORT_PATH =
      "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
  /** What OTLP/HTTP receivers, and the SDK exporter, call protobuf; Armeria's constant differs. */
  private static final MediaType OTLP_PROTOBUF = MediaType.parse("application/x-protobuf");
  private static final MediaType GRPC_PROTO = MediaType.parse("application/grpc+proto");
  private static final String GRPC_OK = "0";
  private static final String GRPC_RESOURCE_EXHAUSTED = "8";

  private final LoadProtocol protocol;
  private final ClientFactory factory;
  private final WebClient client;
  private final String path;
  private final MediaType contentType;

  ArmeriaBatchSender(LoadProtocol protocol, URI endpoint, Duration requestTimeout) {
    this.protocol = requireNonNull(protocol, "protocol");
    factory = ClientFactory.builder().build();
    String origin = originOf(protocol, endpoint);
    client =
        WebClient.builder(origin)
            .factory(factory)
            .responseTimeout(requestTimeout)
            .writeTimeout(requestTimeout)
            .build();
    if (protocol == LoadProtocol.OTLP_GRPC) {
      path = GRPC_EXPORT_PATH;
      contentType = GRPC_PROTO;
    } else {
      path = endpoint.getRawPath() == null || endpoint.getRawPath().isEmpty() ? "/" : endpoint.getRawPath();
      contentType = protocol == LoadProtocol.OTLP_HTTP ? OTLP_PROTOBUF : MediaType.JSON;
    }
  }

  /** gRPC needs HTTP/2 from the first byte (h2c / h2); HTTP negotiates as an SDK would. */
  private static String originOf(LoadProtocol protocol, URI endpoint) {
    String scheme = endpoint.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (protocol == LoadProtocol.OTLP_GRPC) {
      scheme = scheme.equals("https") ? "h2" : "h2c";
    }
    return scheme + "://" + endpoint.getRawAuthority();
  }

  @Override
  public SendOutcome send(SpanBatch batch) {
    RequestHeadersBuilder headers =
        RequestHeaders.builder(HttpMethod.POST, path).contentType(contentType);
    if (protocol == LoadProtocol.OTLP_GRPC) {
      headers.add("te", "trailers");
    }
    AggregatedHttpResponse response;
    try {
      response =
          client.execute(HttpRequest.of(headers.build(), HttpData.wrap(batch.body()))).aggregate().join();
    } catch (RuntimeException e) {
      Throwable cause = Exceptions.peel(e);
      return SendOutcome.failed(cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }
    return protocol == LoadProtocol.OTLP_GRPC ? grpcOutcome(response) : httpOutcome(response);
  }

  static SendOutcome httpOutcome(AggregatedHttpResponse response) {
    HttpStatus status = response.status();
    if (status.isSuccess()) {
      return SendOutcome.ACKNOWLEDGED;
    }
    String detail = "HTTP " + status.code();
    return status.equals(HttpStatus.TOO_MANY_REQUESTS)
        ? SendOutcome.rejected(detail)
        : SendOutcome.failed(detail);
  }

  /** A gRPC status arrives in the trailers, or in the headers of a trailers-only answer. */
  static SendOutcome grpcOutcome(AggregatedHttpResponse response) {
    if (!response.status().equals(HttpStatus.OK)) {
      return httpOutcome(response);
    }
    String grpcStatus = response.trailers().get("grpc-status");
    if (grpcStatus == null) {
      grpcStatus = response.headers().get("grpc-status");
    }
    if (GRPC_OK.equals(grpcStatus)) {
      return SendOutcome.ACKNOWLEDGED;
    }
    String detail = "grpc-status " + grpcStatus;
    return GRPC_RESOURCE_EXHAUSTED.equals(grpcStatus)
        ? SendOutcome.rejected(detail)
        : SendOutcome.failed(detail);
  }

  @Override
  public void close() {
    factory.close();
  }
}
