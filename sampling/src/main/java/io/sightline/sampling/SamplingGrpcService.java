package io.sightline.sampling;

import static java.util.Objects.requireNonNull;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.sightline.sampling.proto.SamplingManagerGrpc;
import io.sightline.sampling.proto.SamplingStrategyParameters;
import io.sightline.sampling.proto.SamplingStrategyResponse;

/** {@code jaeger.api_v2.SamplingManager/GetSamplingStrategy}, served beside the Jaeger collector. */
public final class SamplingGrpcService extends SamplingManagerGrpc.SamplingManagerImplBase {
    private final StrategyProvider strategies;

    public SamplingGrpcService(StrategyProvider strategies) {
        this.strategies = requireNonNull(strategies, "strategies");
    }

    @Override
    public void getSamplingStrategy(SamplingStrategyParameters request,
                                    StreamObserver<SamplingStrategyResponse> responseObserver) {
        SamplingStrategyResponse response;
        try {
            response = strategies.strategyFor(request.getServiceName());
        } catch (RuntimeException e) {
            responseObserver.onError(Status.INTERNAL.withDescription("collector error: " + e.getMessage())
                    .withCause(e).asRuntimeException());
            return;
        }
        responseObserver.onNext(response);
        responseObserver.onCompleted();
    }
}
