package io.sightline.query;

/**
 * Limits and behaviour of the query API.
 *
 * @param maxLimit the most traces one search returns, whatever {@code limit} asks (expected: > 0)
 * @param maxSpansPerResponse the most spans one search response holds, summed over its traces;
 *     traces past it are left out and named in {@code errors} (expected: > 0)
 * @param maxClockSkewAdjustmentNanos the largest clock-skew shift applied to a span, ns; 0 (as
 *     Jaeger's default) only warns (expected: >= 0)
 */
public record QueryOptions(int maxLimit, int maxSpansPerResponse, long maxClockSkewAdjustmentNanos) {
    public static final int DEFAULT_MAX_LIMIT = 1500;
    public static final int DEFAULT_MAX_SPANS_PER_RESPONSE = 1_000_000;

    public static final QueryOptions DEFAULTS =
            new QueryOptions(DEFAULT_MAX_LIMIT, DEFAULT_MAX_SPANS_PER_RESPONSE, 0);

    public QueryOptions {
        if (maxLimit <= 0) {
            throw new IllegalArgumentException("maxLimit: " + maxLimit + " (expected: > 0)");
        }
        if (maxSpansPerResponse <= 0) {
            throw new IllegalArgumentException("maxSpansPerResponse: " + maxSpansPerResponse + " (expected: > 0)");
        }
        if (maxClockSkewAdjustmentNanos < 0) {
            throw new IllegalArgumentException("maxClockSkewAdjustmentNanos: " + maxClockSkewAdjustmentNanos
                    + " (expected: >= 0)");
        }
    }

    /**
     * A Go duration string ({@code 0s}, {@code 30s}, {@code 1m30s}, {@code 500ms}) in ns, for
     * settings that take Jaeger's form, such as {@code QUERY_MAX_CLOCK_SKEW_ADJUSTMENT}.
     *
     * @throws IllegalArgumentException with Go's message when it is not one
     */
    public static long parseGoDurationNanos(String text) {
        return GoDuration.parseNanos(text.trim());
    }
}
