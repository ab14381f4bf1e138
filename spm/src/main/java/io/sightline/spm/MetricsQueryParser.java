package io.sightline.spm;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Parses {@code /api/metrics/*} parameters as Jaeger's {@code parseMetricsQueryParams} does, in
 * the same order and with the same messages (Go's {@code strconv} errors included), plus range
 * checks Jaeger leaves to Prometheus, so that a nonsensical window is a 400 rather than a 500.
 */
final class MetricsQueryParser {
    static final long DEFAULT_LOOKBACK_MS = 3_600_000;
    static final long DEFAULT_STEP_MS = 5_000;
    static final long DEFAULT_RATE_PER_MS = 600_000;

    private static final Set<String> SPAN_KINDS = Set.of("SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL",
            "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT", "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER");
    private static final Pattern GO_INT = Pattern.compile("[+-]?[0-9]+");
    private static final Pattern GO_FLOAT = Pattern.compile(
            "[+-]?(?:(?:[0-9]+\\.?[0-9]*|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?|(?i:inf|infinity|nan))");

    private MetricsQueryParser() {}

    /**
     * @param params all values of a query parameter, in order; empty when absent
     * @param nowMs what {@code endTs} defaults to
     * @param latencies whether {@code quantile} is required (it is parsed first, as Jaeger does)
     */
    static MetricsQuery parse(Function<String, List<String>> params, long nowMs, boolean latencies) {
        double quantile = Double.NaN;
        if (latencies) {
            String text = first(params, "quantile");
            if (!GO_FLOAT.matcher(text).matches()) {
                throw BadParamException.param("quantile", "strconv.ParseFloat: parsing " + goQuote(text) + ": invalid syntax");
            }
            quantile = Double.parseDouble(text.replaceAll("(?i)infinity|inf", "Infinity").replaceAll("(?i)nan", "NaN"));
            if (Double.isInfinite(quantile) && !text.toLowerCase(Locale.ROOT).contains("inf")) {
                throw BadParamException.param("quantile", "strconv.ParseFloat: parsing " + goQuote(text) + ": value out of range");
            }
            if (!(quantile > 0 && quantile <= 1)) {
                throw BadParamException.param("quantile", text + " (expected: 0 < quantile <= 1)");
            }
            quantile = Quantiles.rounded(quantile);
        }
        List<String> services = params.apply("service");
        if (services.isEmpty()) {
            throw BadParamException.param("service", "please provide at least one service name");
        }
        boolean groupByOperation = parseBool(first(params, "groupByOperation"), "groupByOperation");
        List<String> spanKinds = new ArrayList<>();
        List<String> kinds = params.apply("spanKind");
        if (kinds.isEmpty()) {
            spanKinds.add("SPAN_KIND_SERVER");
        }
        for (String kind : kinds) {
            String value = "SPAN_KIND_" + kind.toUpperCase(Locale.ROOT);
            if (!SPAN_KINDS.contains(value)) {
                throw BadParamException.param("spanKind", "unsupported span kind: '" + kind + "'");
            }
            spanKinds.add(value);
        }
        long endMs = parseLong(first(params, "endTs"), "endTs", nowMs);
        long lookbackMs = parseLong(first(params, "lookback"), "lookback", DEFAULT_LOOKBACK_MS);
        long stepMs = parseLong(first(params, "step"), "step", DEFAULT_STEP_MS);
        long ratePerMs = parseLong(first(params, "ratePer"), "ratePer", DEFAULT_RATE_PER_MS);
        return checked(services, groupByOperation, spanKinds, endMs, lookbackMs, stepMs, ratePerMs, quantile);
    }

    /**
     * The query once its values are read, from HTTP parameters or a gRPC request: the range
     * checks Jaeger leaves to Prometheus, so a nonsensical window is bad input, not a failure.
     */
    static MetricsQuery checked(List<String> services, boolean groupByOperation, List<String> spanKinds, long endMs,
                                long lookbackMs, long stepMs, long ratePerMs, double quantile) {
        if (lookbackMs < 0) {
            throw BadParamException.param("lookback", lookbackMs + " (expected: >= 0)");
        }
        if (stepMs <= 0) {
            throw BadParamException.param("step", stepMs + " (expected: > 0)");
        }
        if (ratePerMs <= 0) {
            throw BadParamException.param("ratePer", ratePerMs + " (expected: > 0)");
        }
        if (lookbackMs / stepMs + 1 > MetricsQuery.MAX_POINTS) {
            throw new BadParamException("exceeded maximum resolution of 11,000 points per timeseries. "
                    + "Try decreasing the query resolution (?step=XX)");
        }
        return new MetricsQuery(services, groupByOperation, spanKinds, endMs, lookbackMs, stepMs, ratePerMs, quantile);
    }

    /** Go's {@code r.FormValue}: the first value, or empty. */
    private static String first(Function<String, List<String>> params, String name) {
        List<String> values = params.apply(name);
        return values.isEmpty() ? "" : values.get(0);
    }

    private static boolean parseBool(String text, String name) {
        switch (text) {
            case "":
            case "0": case "f": case "F": case "false": case "FALSE": case "False":
                return false;
            case "1": case "t": case "T": case "true": case "TRUE": case "True":
                return true;
            default:
                throw BadParamException.param(name, "strconv.ParseBool: parsing " + goQuote(text) + ": invalid syntax");
        }
    }

    private static long parseLong(String text, String name, long defaultValue) {
        if (text.isEmpty()) {
            return defaultValue;
        }
        if (!GO_INT.matcher(text).matches()) {
            throw BadParamException.param(name, "strconv.ParseInt: parsing " + goQuote(text) + ": invalid syntax");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw BadParamException.param(name, "strconv.ParseInt: parsing " + goQuote(text) + ": value out of range");
        }
    }

    /** Go's {@code strconv.Quote}, enough for error messages: quotes, backslashes and control characters escaped. */
    static String goQuote(String text) {
        return io.sightline.core.model.GoStrings.quote(text);
    }
}
