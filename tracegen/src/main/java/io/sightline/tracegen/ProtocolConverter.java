package io.sightline.tracegen;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Maps the CLI's protocol names, the same values {@code OTEL_EXPORTER_OTLP_PROTOCOL} takes. */
final class ProtocolConverter implements ITypeConverter<Protocol>, Iterable<String> {
  @Override
  public Protocol convert(String value) {
    switch (value.toLowerCase(Locale.ROOT)) {
      case "grpc":
        return Protocol.GRPC;
      case "http":
      case "http/protobuf":
        return Protocol.HTTP_PROTOBUF;
      default:
        throw new TypeConversionException(
            "'" + value + "' is not a protocol (expected: grpc or http)");
    }
  }

  /** The candidates picocli lists in the help. */
  @Override
  public Iterator<String> iterator() {
    return List.of("grpc", "http").iterator();
  }
}
