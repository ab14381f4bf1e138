package io.sightline.tracegen;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;

/**
 * The attributes OpenTelemetry instrumentation puts on HTTP, gRPC and exception data, so the
 * backend sees the same keys it will see from real applications.
 */
final class SpanShapes {
  private SpanShapes() {}

  static SpanDraft httpServer(Service service, String path, String query, long startNs) {
    return new SpanDraft(service, "HTTP GET " + path, SpanKind.SERVER, startNs)
        .put("http.request.method", "GET")
        .put("http.route", path)
        .put("url.path", path)
        .put("url.query", query)
        .put("url.scheme", "http")
        .put("server.address", service.serviceName())
        .put("server.port", service.port());
  }

  static SpanDraft httpClient(Service caller, Service callee, String path, String query, long startNs) {
    return new SpanDraft(caller, "HTTP GET " + path, SpanKind.CLIENT, startNs)
        .put("http.request.method", "GET")
        .put("url.full", "http://" + callee.serviceName() + ":" + callee.port() + path + "?" + query)
        .put("server.address", callee.serviceName())
        .put("server.port", callee.port())
        .put("peer.service", callee.serviceName());
  }

  /** Adds the attributes of a call to the driver service's FindNearest method, either side. */
  static SpanDraft rpc(SpanDraft span) {
    return span.put("rpc.system", "grpc")
        .put("rpc.service", "driver.DriverService")
        .put("rpc.method", "FindNearest")
        .put("rpc.grpc.status_code", 0L);
  }

  /** The attributes of an OpenTelemetry "exception" event, with a short made-up stack trace. */
  static Attributes exception(String type, String message, String frame) {
    String stacktrace =
        type + ": " + message + "\n\tat io.sightline.hotrod." + frame + "(Unknown Source)\n";
    return Attributes.builder()
        .put("exception.type", type)
        .put("exception.message", message)
        .put("exception.stacktrace", stacktrace)
        .put("exception.escaped", false)
        .build();
  }
}
