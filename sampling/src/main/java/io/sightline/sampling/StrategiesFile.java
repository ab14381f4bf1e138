package io.sightline.sampling;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sightline.sampling.proto.OperationSamplingStrategy;
import io.sightline.sampling.proto.PerOperationSamplingStrategies;
import io.sightline.sampling.proto.ProbabilisticSamplingStrategy;
import io.sightline.sampling.proto.RateLimitingSamplingStrategy;
import io.sightline.sampling.proto.SamplingStrategyResponse;
import io.sightline.sampling.proto.SamplingStrategyType;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jaeger's sampling strategies file: parsed strictly (wrong types, unknown keys, unknown
 * strategy types and out-of-range values are refused with their position) and turned into
 * responses with Jaeger's merge rules for per-operation strategies.
 */
final class StrategiesFile {
    private static final Logger log = LoggerFactory.getLogger(StrategiesFile.class);
    /** Jaeger's per-operation default when the entry itself is rate limiting. */
    static final double DEFAULT_SAMPLING_PROBABILITY = 0.001;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .build();

    private StrategiesFile() {}

    /**
     * @param source names the file or URL in error messages
     * @throws StrategiesFileException naming the source, line, column and problem
     */
    static Strategies parse(byte[] content, String source) {
        FileDto file;
        try {
            file = JSON.readValue(content, FileDto.class);
        } catch (JsonProcessingException e) {
            throw new StrategiesFileException(describe(source, e), e);
        } catch (IOException e) {
            throw new StrategiesFileException(source + ": " + e.getMessage(), e);
        }
        if (file == null) {
            throw new StrategiesFileException(source + ": the file is empty or null (expected: a JSON object)", null);
        }
        return build(file, source);
    }

    private static Strategies build(FileDto file, String source) {
        SamplingStrategyResponse defaultStrategy = file.defaultStrategy == null
                ? Strategies.SAMPLE_EVERYTHING.defaultStrategy()
                : toResponse(file.defaultStrategy, source, "default_strategy");
        List<OperationSamplingStrategy> defaultOperations = defaultStrategy.hasOperationSampling()
                ? defaultStrategy.getOperationSampling().getPerOperationStrategiesList()
                : null;
        Map<String, SamplingStrategyResponse> byService = new LinkedHashMap<>();
        List<ServiceDto> services = file.serviceStrategies == null ? List.of() : file.serviceStrategies;
        for (int i = 0; i < services.size(); i++) {
            ServiceDto service = services.get(i);
            String where = "service_strategies[" + i + "]";
            if (service == null) {
                throw new StrategiesFileException(source + ": " + where + " is null (expected: an object)", null);
            }
            if (byService.containsKey(service.service)) {
                throw new StrategiesFileException(source + ": " + where + ": service '" + service.service
                        + "' is listed twice", null);
            }
            SamplingStrategyResponse own = toResponse(service, source, where);
            byService.put(service.service, defaultOperations == null ? own : merge(own, defaultStrategy));
        }
        return new Strategies(defaultStrategy, byService);
    }

    /**
     * Jaeger's rules: a service with its own operations gets the default's operations it does not
     * name; a probabilistic service without operations gets the default's, at its own rate; a
     * rate-limiting service without operations stays as it is.
     */
    private static SamplingStrategyResponse merge(SamplingStrategyResponse own, SamplingStrategyResponse defaults) {
        PerOperationSamplingStrategies defaultOps = defaults.getOperationSampling();
        if (own.hasOperationSampling()) {
            Set<String> named = new HashSet<>();
            own.getOperationSampling().getPerOperationStrategiesList().forEach(op -> named.add(op.getOperation()));
            PerOperationSamplingStrategies.Builder ops = own.getOperationSampling().toBuilder();
            for (OperationSamplingStrategy op : defaultOps.getPerOperationStrategiesList()) {
                if (!named.contains(op.getOperation())) {
                    ops.addPerOperationStrategies(op);
                }
            }
            return own.toBuilder().setOperationSampling(ops).build();
        }
        if (own.getStrategyType() == SamplingStrategyType.PROBABILISTIC) {
            return own.toBuilder().setOperationSampling(defaultOps.toBuilder()
                    .setDefaultSamplingProbability(own.getProbabilisticSampling().getSamplingRate())).build();
        }
        return own;
    }

    private static SamplingStrategyResponse toResponse(StrategyDto entry, String source, String where) {
        SamplingStrategyResponse.Builder response = SamplingStrategyResponse.newBuilder();
        if (entry.type.equals(StrategyDto.PROBABILISTIC)) {
            response.setStrategyType(SamplingStrategyType.PROBABILISTIC)
                    .setProbabilisticSampling(ProbabilisticSamplingStrategy.newBuilder().setSamplingRate(entry.param));
        } else {
            response.setStrategyType(SamplingStrategyType.RATE_LIMITING)
                    .setRateLimitingSampling(RateLimitingSamplingStrategy.newBuilder()
                            .setMaxTracesPerSecond((int) entry.param));
        }
        if (entry.operationStrategies == null || entry.operationStrategies.isEmpty()) {
            return response.build();
        }
        PerOperationSamplingStrategies.Builder ops = PerOperationSamplingStrategies.newBuilder()
                .setDefaultSamplingProbability(entry.type.equals(StrategyDto.PROBABILISTIC)
                        ? entry.param : DEFAULT_SAMPLING_PROBABILITY)
                .setDefaultLowerBoundTracesPerSecond(entry.defaultLowerBoundTracesPerSecond);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < entry.operationStrategies.size(); i++) {
            OperationDto op = entry.operationStrategies.get(i);
            String opWhere = where + ".operation_strategies[" + i + "]";
            if (op == null) {
                throw new StrategiesFileException(source + ": " + opWhere + " is null (expected: an object)", null);
            }
            if (!seen.add(op.operation)) {
                throw new StrategiesFileException(source + ": " + opWhere + ": operation '" + op.operation
                        + "' is listed twice", null);
            }
            if (!op.type.equals(StrategyDto.PROBABILISTIC)) {
                // As Jaeger: SDKs only apply probabilistic per-operation strategies.
                log.warn("{}: {}: operation '{}' has type '{}'; only probabilistic is supported per operation, skipped",
                        source, opWhere, op.operation, op.type);
                continue;
            }
            ops.addPerOperationStrategies(OperationSamplingStrategy.newBuilder().setOperation(op.operation)
                    .setProbabilisticSampling(ProbabilisticSamplingStrategy.newBuilder().setSamplingRate(op.param)));
        }
        return response.setOperationSampling(ops).build();
    }

    private static String describe(String source, JsonProcessingException e) {
        StringBuilder message = new StringBuilder(source);
        JsonLocation location = e.getLocation();
        if (location != null && location.getLineNr() > 0) {
            message.append(": line ").append(location.getLineNr()).append(", column ").append(location.getColumnNr());
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            message.append(" (at ").append(path(mapping.getPath())).append(')');
        }
        String problem = e instanceof ValueInstantiationException && e.getCause() != null
                ? e.getCause().getMessage()
                : e.getOriginalMessage();
        return message.append(": ").append(problem.replace('\n', ' ')).toString();
    }

    private static String path(List<JsonMappingException.Reference> references) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : references) {
            if (reference.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    static final class FileDto {
        final StrategyDto defaultStrategy;
        final List<ServiceDto> serviceStrategies;

        @JsonCreator
        FileDto(@JsonProperty("default_strategy") StrategyDto defaultStrategy,
                @JsonProperty("service_strategies") List<ServiceDto> serviceStrategies) {
            this.defaultStrategy = defaultStrategy;
            this.serviceStrategies = serviceStrategies == null ? null : new ArrayList<>(serviceStrategies);
        }
    }

    /** A default or service entry: a strategy, optionally with per-operation strategies. */
    static class StrategyDto {
        static final String PROBABILISTIC = "probabilistic";
        static final String RATE_LIMITING = "ratelimiting";

        final String type;
        final double param;
        final List<OperationDto> operationStrategies;
        final double defaultLowerBoundTracesPerSecond;

        @JsonCreator
        StrategyDto(@JsonProperty("type") String type, @JsonProperty("param") Double param,
                    @JsonProperty("operation_strategies") List<OperationDto> operationStrategies,
                    @JsonProperty("default_lower_bound_traces_per_second") Double lowerBound) {
            this.type = checkType(type);
            this.param = checkParam(type, param);
            this.operationStrategies = operationStrategies;
            if (lowerBound != null && !(lowerBound >= 0 && Double.isFinite(lowerBound))) {
                throw new IllegalArgumentException("default_lower_bound_traces_per_second: " + lowerBound
                        + " (expected: >= 0)");
            }
            this.defaultLowerBoundTracesPerSecond = lowerBound == null ? 0 : lowerBound;
        }

        static String checkType(String type) {
            if (type == null) {
                throw new IllegalArgumentException("missing 'type' (expected: probabilistic or ratelimiting)");
            }
            if (!type.equals(PROBABILISTIC) && !type.equals(RATE_LIMITING)) {
                throw new IllegalArgumentException("unknown strategy type '" + type
                        + "' (expected: probabilistic or ratelimiting)");
            }
            return type;
        }

        static double checkParam(String type, Double param) {
            if (param == null) {
                throw new IllegalArgumentException("missing 'param' for type " + type);
            }
            if (type.equals(PROBABILISTIC) && !(param >= 0 && param <= 1)) {
                throw new IllegalArgumentException("probability " + param + " (expected: between 0 and 1)");
            }
            if (type.equals(RATE_LIMITING) && !(param >= 0 && param <= Integer.MAX_VALUE)) {
                throw new IllegalArgumentException("traces per second " + param + " (expected: >= 0)");
            }
            return param;
        }
    }

    static final class ServiceDto extends StrategyDto {
        final String service;

        @JsonCreator
        ServiceDto(@JsonProperty("service") String service, @JsonProperty("type") String type,
                   @JsonProperty("param") Double param,
                   @JsonProperty("operation_strategies") List<OperationDto> operationStrategies,
                   @JsonProperty("default_lower_bound_traces_per_second") Double lowerBound) {
            super(type, param, operationStrategies, lowerBound);
            if (service == null) {
                throw new IllegalArgumentException("missing 'service'");
            }
            this.service = service;
        }
    }

    static final class OperationDto {
        final String operation;
        final String type;
        final double param;

        @JsonCreator
        OperationDto(@JsonProperty("operation") String operation, @JsonProperty("type") String type,
                     @JsonProperty("param") Double param) {
            if (operation == null) {
                throw new IllegalArgumentException("missing 'operation'");
            }
            this.operation = operation;
            this.type = StrategyDto.checkType(type);
            this.param = StrategyDto.checkParam(type, param);
        }
    }

}
