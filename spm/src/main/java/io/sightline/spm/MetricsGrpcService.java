package io.sightline.spm;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.sightline.spm.proto.GaugeValue;
import io.sightline.spm.proto.GetCallRatesRequest;
import io.sightline.spm.proto.GetErrorRatesRequest;
import io.sightline.spm.proto.GetLatenciesRequest;
import io.sightline.spm.proto.GetMetricsResponse;
import io.sightline.spm.proto.GetMinStepDurationRequest;
import io.sightline.spm.proto.GetMinStepDurationResponse;
import io.sightline.spm.proto.Label;
import io.sightline.spm.proto.MetricPoint;
import io.sightline.spm.proto.MetricType;
import io.sightline.spm.proto.MetricsQueryBaseRequest;
import io.sightline.spm.proto.MetricsQueryServiceGrpc;
import io.sightline.spm.proto.SpanKind;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code jaeger.api_v2.metrics.MetricsQueryService} on the gRPC query port: the answers of
 * {@code /api/metrics/*} as protobuf {@code MetricFamily}s, with the same defaults (1 h lookback,
 * 5 s step, 10 min rate window, server spans) and checks; UNIMPLEMENTED when metrics are off.
 * Methods read the metrics store, so they must run off the event loop.
 */
final class MetricsGrpcService extends MetricsQueryServiceGrpc.MetricsQueryServiceImplBase {
    private static final Logger log = LoggerFactory.getLogger(MetricsGrpcService.class);

    /** Null when metrics querying is off. */
    private final MetricsReader reader;
    private final Clock clock;
    private final boolean forwardAuthorization;

    MetricsGrpcService(MetricsReader reader, Clock clock, boolean forwardAuthorization) {
        this.reader = reader;
        this.clock = clock;
        this.forwardAuthorization = forwardAuthorization;
    }

    @Override
    public void getLatencies(GetLatenciesRequest request, StreamObserver<GetMetricsResponse> observer) {
        answer(observer, "failed to fetch latencies", () -> {
            double quantile = request.getQuantile();
            if (!(quantile > 0 && quantile <= 1)) {
                throw invalid(quantile == 0 ? "please provide a quantile between (0, 1]"
                        : "quantile: " + quantile + " (expected: 0 < quantile <= 1)");
            }
            return family(query(request.hasBaseRequest(), request.getBaseRequest(), Quantiles.rounded(quantile)),
                    reader::latencies);
        });
    }

    @Override
    public void getCallRates(GetCallRatesRequest request, StreamObserver<GetMetricsResponse> observer) {
        answer(observer, "failed to fetch call rates",
                () -> family(query(request.hasBaseRequest(), request.getBaseRequest(), Double.NaN), reader::calls));
    }

    @Override
    public void getErrorRates(GetErrorRatesRequest request, StreamObserver<GetMetricsResponse> observer) {
        answer(observer, "failed to fetch error rates",
                () -> family(query(request.hasBaseRequest(), request.getBaseRequest(), Double.NaN), reader::errors));
    }

    @Override
    public void getMinStepDuration(GetMinStepDurationRequest request,
                                   StreamObserver<GetMinStepDurationResponse> observer) {
        answer(observer, "failed to fetch min step duration",
                () -> GetMinStepDurationResponse.newBuilder().setMinStep(duration(reader.minStepMs())).build());
    }

    private <T> void answer(StreamObserver<T> observer, String failure, Supplier<T> body) {
        if (reader == null) {
            observer.onError(Status.UNIMPLEMENTED.withDescription(SpmQueryService.DISABLED_MESSAGE).asRuntimeException());
            return;
        }
        T response;
        if (forwardAuthorization) {
            ServiceRequestContext ctx = ServiceRequestContext.currentOrNull();
            ForwardedAuthorization.set(ctx == null ? null : ctx.request().headers().get("authorization"));
        }
        try {
            response = body.get();
        } catch (StatusRuntimeException e) {
            observer.onError(e);
            return;
        } catch (BadParamException e) {
            observer.onError(invalid(e.getMessage()));
            return;
        } catch (MetricsBackendException e) {
            log.warn("metrics backend failed: {}: {}", failure, e.getMessage());
            observer.onError(Status.INTERNAL.withDescription(failure + ": " + e.getMessage()).asRuntimeException());
            return;
        } catch (RuntimeException e) {
            log.error("unexpected failure: {}", failure, e);
            observer.onError(Status.INTERNAL.withDescription(failure + ": internal error: " + e).asRuntimeException());
            return;
        } finally {
            ForwardedAuthorization.clear();
        }
        observer.onNext(response);
        observer.onCompleted();
    }

    /** The HTTP API's query from a gRPC base request; unset optional fields take its defaults. */
    private MetricsQuery query(boolean present, MetricsQueryBaseRequest base, double quantile) {
        if (!present || base.getServiceNamesCount() == 0) {
            throw invalid("please provide at least one service name");
        }
        List<String> spanKinds = new ArrayList<>();
        for (SpanKind kind : base.getSpanKindsList()) {
            if (kind == SpanKind.UNRECOGNIZED) {
                throw invalid("spanKinds: unsupported span kind " + base.getSpanKindsValueList()
                        + " (expected: 0 to 5)");
            }
            spanKinds.add(kind.name());
        }
        if (spanKinds.isEmpty()) {
            spanKinds.add(SpanKind.SPAN_KIND_SERVER.name());
        }
        long endMs = base.hasEndTime() ? millis(base.getEndTime()) : clock.millis();
        long lookbackMs = base.hasLookback() ? millis(base.getLookback(), "lookback")
                : MetricsQueryParser.DEFAULT_LOOKBACK_MS;
        long stepMs = base.hasStep() ? millis(base.getStep(), "step") : MetricsQueryParser.DEFAULT_STEP_MS;
        long ratePerMs = base.hasRatePer() ? millis(base.getRatePer(), "ratePer") : MetricsQueryParser.DEFAULT_RATE_PER_MS;
        return MetricsQueryParser.checked(base.getServiceNamesList(), base.getGroupByOperation(), spanKinds, endMs,
                lookbackMs, stepMs, ratePerMs, quantile);
    }

    private static GetMetricsResponse family(MetricsQuery query, Function<MetricsQuery, MetricFamily> read) {
        MetricFamily family = read.apply(query);
        io.sightline.spm.proto.MetricFamily.Builder out = io.sightline.spm.proto.MetricFamily.newBuilder()
                .setName(family.name()).setType(MetricType.GAUGE).setHelp(family.help());
        for (MetricFamily.Metric metric : family.metrics()) {
            io.sightline.spm.proto.Metric.Builder series = out.addMetricsBuilder();
            for (MetricFamily.Label label : metric.labels()) {
                series.addLabels(Label.newBuilder().setName(label.name()).setValue(label.value()));
            }
            for (MetricFamily.Point point : metric.points()) {
                series.addMetricPoints(MetricPoint.newBuilder()
                        .setGaugeValue(GaugeValue.newBuilder().setDoubleValue(point.value()))
                        .setTimestamp(timestamp(point.epochMs())));
            }
        }
        return GetMetricsResponse.newBuilder().setMetrics(out).build();
    }

    private static StatusRuntimeException invalid(String message) {
        return Status.INVALID_ARGUMENT.withDescription(message).asRuntimeException();
    }

    private static long millis(Timestamp timestamp) {
        return timestamp.getSeconds() * 1_000 + timestamp.getNanos() / 1_000_000;
    }

    private static long millis(Duration duration, String field) {
        long ms = duration.getSeconds() * 1_000 + duration.getNanos() / 1_000_000;
        if (ms < 0) {
            throw invalid(field + ": negative duration " + ms + " ms");
        }
        return ms;
    }

    private static Timestamp timestamp(long epochMs) {
        return Timestamp.newBuilder().setSeconds(Math.floorDiv(epochMs, 1_000))
                .setNanos((int) Math.floorMod(epochMs, 1_000) * 1_000_000).build();
    }

    private static Duration duration(long ms) {
        return Duration.newBuilder().setSeconds(ms / 1_000).setNanos((int) (ms % 1_000) * 1_000_000).build();
    }
}
