package io.sightline.tracegen;

/** The OTLP transport the generator exports over, each with the port a Jaeger all-in-one listens on. */
public enum Protocol {
  /** OTLP/gRPC, port 4317. */
  GRPC("http://localhost:4317"),
  /** OTLP/HTTP with protobuf bodies, port 4318, path {@code /v1/traces}. */
  HTTP_PROTOBUF("http://localhost:4318/v1/traces");

  private final String defaultEndpoint;

  Protocol(String defaultEndpoint) {
    this.defaultEndpoint = defaultEndpoint;
  }

  /** The endpoint used when none is given: the local all-in-one's port for this protocol. */
  public String defaultEndpoint() {
    return defaultEndpoint;
  }
}
