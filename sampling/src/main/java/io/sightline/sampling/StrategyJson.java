package io.sightline.sampling;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sightline.sampling.proto.OperationSamplingStrategy;
import io.sightline.sampling.proto.PerOperationSamplingStrategies;
import io.sightline.sampling.proto.SamplingStrategyResponse;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

/**
 * The two JSON shapes Jaeger serves: proto-JSON on {@code /sampling} and {@code /api/sampling}
 * (enum names, zeros emitted, absent sub-strategies left out), and the older Thrift-style JSON
 * on the agent's {@code /} (enum as an integer, zero upper bound left out).
 */
final class StrategyJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private StrategyJson() {}

    static String protoJson(SamplingStrategyResponse response) {
        return write(response, false);
    }

    /**
     * @throws IllegalArgumentException when {@code maxTracesPerSecond} does not fit the Thrift
     *     field's 16 bits, as Jaeger's agent refuses it
     */
    static String legacyThriftJson(SamplingStrategyResponse response) {
        int maxTraces = response.getRateLimitingSampling().getMaxTracesPerSecond();
        if (maxTraces > Short.MAX_VALUE) {
            throw new IllegalArgumentException("maxTracesPerSecond " + maxTraces
                    + " does not fit the legacy endpoint's 16-bit field; use /sampling");
        }
        return write(response, true);
    }

    private static String write(SamplingStrategyResponse response, boolean legacy) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = FACTORY.createGenerator(out)) {
            json.writeStartObject();
            if (legacy) {
                json.writeNumberField("strategyType", response.getStrategyTypeValue());
            } else {
                json.writeStringField("strategyType", response.getStrategyType().name());
            }
            if (response.hasProbabilisticSampling()) {
                json.writeObjectFieldStart("probabilisticSampling");
                number(json, "samplingRate", response.getProbabilisticSampling().getSamplingRate());
                json.writeEndObject();
            }
            if (response.hasRateLimitingSampling()) {
                json.writeObjectFieldStart("rateLimitingSampling");
                json.writeNumberField("maxTracesPerSecond", response.getRateLimitingSampling().getMaxTracesPerSecond());
                json.writeEndObject();
            }
            if (response.hasOperationSampling()) {
                operations(json, response.getOperationSampling(), legacy);
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void operations(JsonGenerator json, PerOperationSamplingStrategies ops, boolean legacy)
            throws IOException {
        json.writeObjectFieldStart("operationSampling");
        number(json, "defaultSamplingProbability", ops.getDefaultSamplingProbability());
        number(json, "defaultLowerBoundTracesPerSecond", ops.getDefaultLowerBoundTracesPerSecond());
        json.writeArrayFieldStart("perOperationStrategies");
        for (OperationSamplingStrategy op : ops.getPerOperationStrategiesList()) {
            json.writeStartObject();
            json.writeStringField("operation", op.getOperation());
            json.writeObjectFieldStart("probabilisticSampling");
            number(json, "samplingRate", op.getProbabilisticSampling().getSamplingRate());
            json.writeEndObject();
            json.writeEndObject();
        }
        json.writeEndArray();
        if (!legacy || ops.getDefaultUpperBoundTracesPerSecond() != 0) {
            number(json, "defaultUpperBoundTracesPerSecond", ops.getDefaultUpperBoundTracesPerSecond());
        }
        json.writeEndObject();
    }

    private static void number(JsonGenerator json, String field, double value) throws IOException {
        json.writeFieldName(field);
        json.writeNumber(goNumber(value));
    }

    /**
     * A double as Go's JSON encoder writes it: the shortest form, no trailing {@code .0}, and
     * exponent notation only below 1e-6 or from 1e21 (so {@code 1}, {@code 0.8}, {@code 1e-7}).
     */
    static String goNumber(double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("value: " + value + " (expected: a finite number)");
        }
        double abs = Math.abs(value);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21)) {
            String java = Double.toString(value);
            int e = java.indexOf('E');
            String mantissa = java.substring(0, e);
            if (mantissa.endsWith(".0")) {
                mantissa = mantissa.substring(0, mantissa.length() - 2);
            }
            String exponent = java.substring(e + 1);
            return mantissa + "e" + (exponent.startsWith("-") ? exponent : "+" + exponent);
        }
        if (value == 0) {
            return "0";
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }
}
