package io.sightline.tracegen;

import java.net.URI;
import java.net.URISyntaxException;

/** Validates endpoints up front, so a typo fails at start-up instead of as a stream of export errors. */
final class Endpoints {
  private static final String OTLP_HTTP_TRACES_PATH = "/v1/traces";

  private Endpoints() {}

  /**
   * Returns the endpoint the exporter should use. For OTLP/HTTP a bare {@code http://host:port} gets
   * {@code /v1/traces} appended: the HTTP exporter posts to the URL as given, and users tend to pass
   * the same base URL they would give an OpenTelemetry SDK through {@code OTEL_EXPORTER_OTLP_ENDPOINT}.
   */
  static String normalize(Protocol protocol, String endpoint) {
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      throw invalid(endpoint);
    }
    String scheme = uri.getScheme();
    if (scheme == null
        || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
        || uri.getHost() == null) {
      throw invalid(endpoint);
    }
    if (protocol == Protocol.HTTP_PROTOBUF) {
      String path = uri.getPath();
      if (path == null || path.isEmpty() || path.equals("/")) {
        String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        return base + OTLP_HTTP_TRACES_PATH;
      }
    }
    return endpoint;
  }

  /** Appends {@code defaultPath} to an already validated URL that has no path. */
  static String withDefaultPath(String endpoint, String defaultPath) {
    String path = URI.create(endpoint).getPath();
    if (path == null || path.isEmpty() || path.equals("/")) {
      String base = endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
      return base + defaultPath;
    }
    return endpoint;
  }

  private static IllegalArgumentException invalid(String endpoint) {
    return new IllegalArgumentException(
        "endpoint: " + endpoint + " (expected: http://host:port or https://host:port)");
  }
}
