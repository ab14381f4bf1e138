package io.sightline.tracegen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EndpointsTest {

  @Test
  void normalize_appendsTheTracesPathToABareHttpEndpoint() {
    assertThat(Endpoints.normalize(Protocol.HTTP_PROTOBUF, "http://collector:4318"))
        .isEqualTo("http://collector:4318/v1/traces");
    assertThat(Endpoints.normalize(Protocol.HTTP_PROTOBUF, "http://collector:4318/"))
        .isEqualTo("http://collector:4318/v1/traces");
  }

  @Test
  void normalize_keepsAnExplicitHttpPathAndGrpcEndpointsAsGiven() {
    assertThat(Endpoints.normalize(Protocol.HTTP_PROTOBUF, "https://gw/otlp/v1/traces"))
        .isEqualTo("https://gw/otlp/v1/traces");
    assertThat(Endpoints.normalize(Protocol.GRPC, "http://localhost:4317"))
        .isEqualTo("http://localhost:4317");
  }

  @Test
  void normalize_rejectsEndpointsThatAreNotHttpUrls() {
    assertThatThrownBy(() -> Endpoints.normalize(Protocol.GRPC, "localhost:4317"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("endpoint: localhost:4317 (expected: http://host:port or https://host:port)");
    assertThatThrownBy(() -> Endpoints.normalize(Protocol.GRPC, "http://"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Endpoints.normalize(Protocol.GRPC, "ftp://host:21"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void protocol_defaultsToTheAllInOnePorts() {
    assertThat(Protocol.GRPC.defaultEndpoint()).isEqualTo("http://localhost:4317");
    assertThat(Protocol.HTTP_PROTOBUF.defaultEndpoint()).isEqualTo("http://localhost:4318/v1/traces");
  }
}
