package io.sightline.benchmarks.bigstore;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options of the harness's mains; an unknown or valueless option is an error. */
final class CliArgs {
  private final Map<String, String> values = new HashMap<>();

  CliArgs(String[] args, Set<String> known) {
    for (int i = 0; i < args.length; i++) {
      String name = args[i];
      if (!name.startsWith("--") || !known.contains(name.substring(2))) {
        throw new IllegalArgumentException("unknown option: " + name + " (expected one of --" + String.join(", --", known) + ")");
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(name + " needs a value");
      }
      values.put(name.substring(2), args[++i]);
    }
  }

  String string(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  String required(String name) {
    String value = values.get(name);
    if (value == null) {
      throw new IllegalArgumentException("--" + name + " is required");
    }
    return value;
  }

  Path path(String name) {
    return Path.of(required(name));
  }

  long positiveLong(String name, long fallback) {
    String text = values.get(name);
    if (text == null) {
      return fallback;
    }
    try {
      long value = Long.parseLong(text.replace("_", "").replace(",", ""));
      if (value > 0) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("--" + name + ": " + text + " (expected: a whole number > 0)");
  }

  int positiveInt(String name, int fallback) {
    long value = positiveLong(name, fallback);
    if (value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("--" + name + ": " + value + " (expected: <= " + Integer.MAX_VALUE + ")");
    }
    return (int) value;
  }

  boolean bool(String name, boolean fallback) {
    String text = values.get(name);
    if (text == null) {
      return fallback;
    }
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new IllegalArgumentException("--" + name + ": " + text + " (expected: true or false)");
  }
}
