package io.sightline.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StrategiesFileTest {

    private static Strategies parse(String json) {
        return StrategiesFile.parse(json.getBytes(StandardCharsets.UTF_8), "strategies.json");
    }

    private static String served(Strategies strategies, String service) {
        return StrategyJson.protoJson(strategies.strategyFor(service));
    }

    @Test
    void probabilisticAndRateLimitingServices_renderAsJaegerDoes() {
        Strategies strategies = parse("""
                {"default_strategy": {"type": "probabilistic", "param": 0.5},
                 "service_strategies": [
                   {"service": "foo", "type": "probabilistic", "param": 0.8},
                   {"service": "bar", "type": "ratelimiting", "param": 5}]}""");

        assertThat(served(strategies, "foo"))
                .isEqualTo("{\"strategyType\":\"PROBABILISTIC\",\"probabilisticSampling\":{\"samplingRate\":0.8}}");
        assertThat(served(strategies, "bar"))
                .isEqualTo("{\"strategyType\":\"RATE_LIMITING\",\"rateLimitingSampling\":{\"maxTracesPerSecond\":5}}");
        assertThat(served(strategies, "unknown"))
                .isEqualTo("{\"strategyType\":\"PROBABILISTIC\",\"probabilisticSampling\":{\"samplingRate\":0.5}}");
    }

    @Test
    void perOperationStrategies_renderWithDefaultsAndUpperBound() {
        Strategies strategies = parse("""
                {"service_strategies": [{"service": "foo", "type": "probabilistic", "param": 0.8,
                   "operation_strategies": [{"operation": "op1", "type": "probabilistic", "param": 0.2}]}]}""");

        assertThat(served(strategies, "foo")).isEqualTo("{\"strategyType\":\"PROBABILISTIC\","
                + "\"probabilisticSampling\":{\"samplingRate\":0.8},\"operationSampling\":{"
                + "\"defaultSamplingProbability\":0.8,\"defaultLowerBoundTracesPerSecond\":0,"
                + "\"perOperationStrategies\":[{\"operation\":\"op1\",\"probabilisticSampling\":{\"samplingRate\":0.2}}],"
                + "\"defaultUpperBoundTracesPerSecond\":0}}");
    }

    @Test
    void withoutDefaultStrategy_everythingIsSampled() {
        assertThat(served(parse("{}"), "any"))
                .isEqualTo("{\"strategyType\":\"PROBABILISTIC\",\"probabilisticSampling\":{\"samplingRate\":1}}");
    }

    @Test
    void rateLimitingEntryWithOperations_usesJaegerDefaultProbability() {
        Strategies strategies = parse("""
                {"service_strategies": [{"service": "foo", "type": "ratelimiting", "param": 3,
                   "operation_strategies": [{"operation": "op1", "type": "probabilistic", "param": 0.2}]}]}""");

        var ops = strategies.strategyFor("foo").getOperationSampling();
        assertThat(ops.getDefaultSamplingProbability()).isEqualTo(0.001);
        assertThat(strategies.strategyFor("foo").getRateLimitingSampling().getMaxTracesPerSecond()).isEqualTo(3);
    }

    @Test
    void serviceOperations_getDefaultOperationsTheyDoNotName() {
        Strategies strategies = parse("""
                {"default_strategy": {"type": "probabilistic", "param": 0.5, "default_lower_bound_traces_per_second": 2,
                   "operation_strategies": [{"operation": "/health", "type": "probabilistic", "param": 0.0},
                                            {"operation": "op1", "type": "probabilistic", "param": 0.3}]},
                 "service_strategies": [
                   {"service": "foo", "type": "probabilistic", "param": 0.8,
                    "operation_strategies": [{"operation": "op1", "type": "probabilistic", "param": 0.9}]},
                   {"service": "plain", "type": "probabilistic", "param": 0.7},
                   {"service": "limited", "type": "ratelimiting", "param": 4}]}""");

        var foo = strategies.strategyFor("foo").getOperationSampling();
        assertThat(foo.getPerOperationStrategiesList()).extracting(op -> op.getOperation() + "="
                + op.getProbabilisticSampling().getSamplingRate()).containsExactly("op1=0.9", "/health=0.0");
        assertThat(foo.getDefaultSamplingProbability()).isEqualTo(0.8);

        var plain = strategies.strategyFor("plain").getOperationSampling();
        assertThat(plain.getDefaultSamplingProbability()).isEqualTo(0.7);
        assertThat(plain.getDefaultLowerBoundTracesPerSecond()).isEqualTo(2);
        assertThat(plain.getPerOperationStrategiesList()).extracting(op -> op.getOperation())
                .containsExactly("/health", "op1");

        assertThat(strategies.strategyFor("limited").hasOperationSampling()).isFalse();
        assertThat(strategies.strategyFor("other").getOperationSampling().getDefaultLowerBoundTracesPerSecond())
                .isEqualTo(2);
    }

    @Test
    void rateLimitingOperation_isSkippedAsJaegerDoes() {
        Strategies strategies = parse("""
                {"service_strategies": [{"service": "foo", "type": "probabilistic", "param": 0.8,
                   "operation_strategies": [{"operation": "op1", "type": "ratelimiting", "param": 2},
                                            {"operation": "op2", "type": "probabilistic", "param": 0.1}]}]}""");

        assertThat(strategies.strategyFor("foo").getOperationSampling().getPerOperationStrategiesList())
                .extracting(op -> op.getOperation()).containsExactly("op2");
    }

    @Test
    void malformedJson_namesLineAndColumn() {
        assertThatThrownBy(() -> parse("{\n  \"default_strategy\": {\"type\": \"probabilistic\",, \"param\": 1}}"))
                .isInstanceOf(StrategiesFileException.class)
                .hasMessageStartingWith("strategies.json: line 2, column ");
    }

    @Test
    void unknownStrategyType_isRefusedWithItsPosition() {
        assertThatThrownBy(() -> parse("{\"service_strategies\": [\n{\"service\": \"a\", \"type\": \"always\", \"param\": 1}]}"))
                .isInstanceOf(StrategiesFileException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("service_strategies[0]")
                .hasMessageContaining("unknown strategy type 'always' (expected: probabilistic or ratelimiting)");
    }

    @Test
    void probabilityOutsideZeroToOne_isRefused() {
        assertThatThrownBy(() -> parse("{\"default_strategy\": {\"type\": \"probabilistic\", \"param\": 1.5}}"))
                .hasMessageContaining("default_strategy")
                .hasMessageContaining("probability 1.5 (expected: between 0 and 1)");
        assertThatThrownBy(() -> parse("""
                {"default_strategy": {"type": "probabilistic", "param": 1,
                  "operation_strategies": [{"operation": "x", "type": "probabilistic", "param": -0.1}]}}"""))
                .hasMessageContaining("default_strategy.operation_strategies[0]")
                .hasMessageContaining("probability -0.1");
    }

    @Test
    void negativeRate_isRefused() {
        assertThatThrownBy(() -> parse("{\"default_strategy\": {\"type\": \"ratelimiting\", \"param\": -3}}"))
                .hasMessageContaining("traces per second -3.0 (expected: >= 0)");
    }

    @Test
    void wrongTypes_areRefusedWithTheirPath() {
        assertThatThrownBy(() -> parse("{\"default_strategy\": {\"type\": \"probabilistic\", \"param\": \"0.5\"}}"))
                .isInstanceOf(StrategiesFileException.class)
                .hasMessageContaining("line 1, column")
                .hasMessageContaining("default_strategy.param");
        assertThatThrownBy(() -> parse("{\"service_strategies\": {\"service\": \"a\"}}"))
                .hasMessageContaining("service_strategies");
    }

    @Test
    void unknownKeyOrDuplicateService_isRefused() {
        assertThatThrownBy(() -> parse("{\"default_strategy\": {\"type\": \"probabilistic\", \"param\": 1, \"parm\": 2}}"))
                .hasMessageContaining("parm");
        assertThatThrownBy(() -> parse("""
                {"service_strategies": [{"service": "a", "type": "probabilistic", "param": 1},
                                        {"service": "a", "type": "probabilistic", "param": 0}]}"""))
                .hasMessageContaining("service_strategies[1]: service 'a' is listed twice");
    }

    @Test
    void missingParam_isRefused() {
        assertThatThrownBy(() -> parse("{\"default_strategy\": {\"type\": \"probabilistic\"}}"))
                .hasMessageContaining("missing 'param' for type probabilistic");
    }
}
