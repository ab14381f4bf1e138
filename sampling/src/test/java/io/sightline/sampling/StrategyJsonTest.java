package io.sightline.sampling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sightline.sampling.proto.RateLimitingSamplingStrategy;
import io.sightline.sampling.proto.SamplingStrategyResponse;
import io.sightline.sampling.proto.SamplingStrategyType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StrategyJsonTest {

    @Test
    void numbers_areWrittenAsGoWritesThem() {
        assertThat(StrategyJson.goNumber(1.0)).isEqualTo("1");
        assertThat(StrategyJson.goNumber(0)).isEqualTo("0");
        assertThat(StrategyJson.goNumber(0.8)).isEqualTo("0.8");
        assertThat(StrategyJson.goNumber(0.001)).isEqualTo("0.001");
        assertThat(StrategyJson.goNumber(1e-5)).isEqualTo("0.00001");
        assertThat(StrategyJson.goNumber(1e-7)).isEqualTo("1e-7");
        assertThat(StrategyJson.goNumber(1.0 / 60)).isEqualTo("0.016666666666666666");
    }

    @Test
    void legacyEndpoint_writesTheTypeAsAnIntegerAndLeavesOutAZeroUpperBound() {
        Strategies strategies = StrategiesFile.parse("""
                {"service_strategies": [{"service": "foo", "type": "ratelimiting", "param": 7,
                   "operation_strategies": [{"operation": "op1", "type": "probabilistic", "param": 0.2}]}]}"""
                .getBytes(StandardCharsets.UTF_8), "f");

        assertThat(StrategyJson.legacyThriftJson(strategies.strategyFor("foo"))).isEqualTo("{\"strategyType\":1,"
                + "\"rateLimitingSampling\":{\"maxTracesPerSecond\":7},\"operationSampling\":{"
                + "\"defaultSamplingProbability\":0.001,\"defaultLowerBoundTracesPerSecond\":0,"
                + "\"perOperationStrategies\":[{\"operation\":\"op1\",\"probabilisticSampling\":{\"samplingRate\":0.2}}]}}");
    }

    @Test
    void legacyEndpoint_refusesARateThatDoesNotFitSixteenBits() {
        SamplingStrategyResponse big = SamplingStrategyResponse.newBuilder()
                .setStrategyType(SamplingStrategyType.RATE_LIMITING)
                .setRateLimitingSampling(RateLimitingSamplingStrategy.newBuilder().setMaxTracesPerSecond(40_000))
                .build();
        assertThatThrownBy(() -> StrategyJson.legacyThriftJson(big)).hasMessageContaining("40000");
        assertThat(StrategyJson.protoJson(big)).contains("\"maxTracesPerSecond\":40000");
    }
}
