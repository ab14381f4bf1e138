package io.sightline.sampling;

import static java.util.Objects.requireNonNull;

import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.sightline.sampling.proto.SamplingStrategyResponse;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jaeger's HTTP sampling endpoints: the agent's {@code /sampling} and legacy {@code /} (port
 * 5778) and the collector's {@code /api/sampling} (port 14268), each {@code GET ?service=S}.
 */
public final class SamplingHttpService {
    private static final Logger log = LoggerFactory.getLogger(SamplingHttpService.class);
    static final String MISSING_SERVICE = "'service' parameter must be provided once";

    private final StrategyProvider strategies;

    public SamplingHttpService(StrategyProvider strategies) {
        this.strategies = requireNonNull(strategies, "strategies");
    }

    /** The agent port's routes: {@code /sampling} (proto-JSON) and {@code /} (Thrift-style JSON). */
    public void bindAgentRoutes(ServerBuilder sb) {
        sb.route().get("/sampling").build((ctx, req) -> answer(ctx, false));
        sb.route().get("/").build((ctx, req) -> answer(ctx, true));
    }

    /** The collector HTTP port's route: {@code /api/sampling} (proto-JSON). */
    public void bindCollectorRoute(ServerBuilder sb) {
        sb.route().get("/api/sampling").build((ctx, req) -> answer(ctx, false));
    }

    private HttpResponse answer(ServiceRequestContext ctx, boolean legacy) {
        List<String> services = QueryParams.fromQueryString(ctx.query()).getAll("service");
        if (services.size() != 1) {
            return HttpResponse.of(HttpStatus.BAD_REQUEST, MediaType.PLAIN_TEXT_UTF_8, MISSING_SERVICE + "\n");
        }
        String json;
        try {
            SamplingStrategyResponse response = strategies.strategyFor(services.get(0));
            json = legacy ? StrategyJson.legacyThriftJson(response) : StrategyJson.protoJson(response);
        } catch (RuntimeException e) {
            log.warn("Sampling strategy for service '{}' failed: {}", services.get(0), e.toString());
            return HttpResponse.of(HttpStatus.INTERNAL_SERVER_ERROR, MediaType.PLAIN_TEXT_UTF_8,
                    "collector error: " + e.getMessage() + "\n");
        }
        return HttpResponse.of(HttpStatus.OK, MediaType.JSON, json);
    }
}
