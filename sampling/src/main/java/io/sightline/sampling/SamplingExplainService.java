package io.sightline.sampling;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.ServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * {@code GET /api/sampling/explain?service=S} on the query port: what the service's SDKs are
 * told and why. For adaptive sampling, per operation, the observed rate, the target, the
 * probability and the reason of its last change; for a strategies file, the served strategy.
 */
public final class SamplingExplainService {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final StrategyProvider strategies;

    public SamplingExplainService(StrategyProvider strategies) {
        this.strategies = requireNonNull(strategies, "strategies");
    }

    /** @param routePrefix empty, or the query base path (starting with {@code /}, no trailing {@code /}) */
    public void bindTo(ServerBuilder sb, String routePrefix) {
        sb.route().get(routePrefix + "/api/sampling/explain").build((ctx, req) -> {
            List<String> services = QueryParams.fromQueryString(ctx.query()).getAll("service");
            if (services.size() != 1) {
                ObjectNode error = JSON.createObjectNode();
                error.putNull("data");
                error.put("total", 0).put("limit", 0).put("offset", 0);
                error.putArray("errors").addObject().put("code", 400).put("msg", SamplingHttpService.MISSING_SERVICE);
                return HttpResponse.of(HttpStatus.BAD_REQUEST, MediaType.JSON_UTF_8, error.toString());
            }
            return HttpResponse.of(HttpStatus.OK, MediaType.JSON_UTF_8, explain(services.get(0)));
        });
    }

    private String explain(String service) {
        if (strategies instanceof AdaptiveStrategyProvider adaptive) {
            return adaptive.explainJson(service);
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("service", service);
        root.put("mode", "file");
        try {
            root.set("strategy", JSON.readTree(StrategyJson.protoJson(strategies.strategyFor(service))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root.toString();
    }
}
