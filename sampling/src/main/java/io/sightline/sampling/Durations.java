package io.sightline.sampling;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Go-style durations as Jaeger's flags take them ({@code 30s}, {@code 1m30s}, {@code 500ms}, {@code 0}). */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");

    private Durations() {}

    /**
     * @return the duration in milliseconds (sub-millisecond parts are dropped)
     * @throws IllegalArgumentException naming the text when it is not a duration
     */
    public static long parseMillis(String text) {
        String trimmed = text.trim();
        if (trimmed.equals("0")) {
            return 0;
        }
        Matcher matcher = PART.matcher(trimmed);
        double totalMs = 0;
        int end = 0;
        while (matcher.find() && matcher.start() == end) {
            double amount = Double.parseDouble(matcher.group(1));
            totalMs += amount * switch (matcher.group(2)) {
                case "ns" -> 1e-6;
                case "us", "µs" -> 1e-3;
                case "ms" -> 1;
                case "s" -> 1_000;
                case "m" -> 60_000;
                default -> 3_600_000;
            };
            end = matcher.end();
        }
        if (end == 0 || end != trimmed.length()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration (expected e.g. 500ms, 30s, 1m, 0)");
        }
        return (long) totalMs;
    }
}
