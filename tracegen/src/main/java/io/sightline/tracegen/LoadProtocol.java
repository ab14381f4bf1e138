package io.sightline.tracegen;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The wire formats the load mode sends, each with the port Sightline listens on by default. */
enum LoadProtocol {
  /** OTLP/gRPC, {@code TraceService/Export}, port 4317. */
  OTLP_GRPC("otlp-grpc", "http://localhost:4317"),
  /** OTLP/HTTP with protobuf bodies, port 4318. */
  OTLP_HTTP("otlp-http", "http://localhost:4318/v1/traces"),
  /** Zipkin JSON v2, {@code POST /api/v2/spans}, port 9411. */
  ZIPKIN_JSON("zipkin-json", "http://localhost:9411/api/v2/spans");

  private final String cliName;
  private final String defaultEndpoint;

  LoadProtocol(String cliName, String defaultEndpoint) {
    this.cliName = cliName;
    this.defaultEndpoint = defaultEndpoint;
  }

  String cliName() {
    return cliName;
  }

  String defaultEndpoint() {
    return defaultEndpoint;
  }

  /** Parses {@code --protocol} of the load command, and lists its values in the help. */
  static final class Converter implements ITypeConverter<LoadProtocol>, Iterable<String> {
    @Override
    public LoadProtocol convert(String value) {
      for (LoadProtocol protocol : values()) {
        if (protocol.cliName.equals(value.toLowerCase(Locale.ROOT))) {
          return protocol;
        }
      }
      throw new TypeConversionException(
          "'" + value + "' is not a protocol (expected: otlp-grpc, otlp-http or zipkin-json)");
    }

    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(values()).map(LoadProtocol::cliName).iterator();
    }
  }
}
