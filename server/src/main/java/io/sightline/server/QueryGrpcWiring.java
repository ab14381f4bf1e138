package io.sightline.server;

import com.linecorp.armeria.server.grpc.GrpcHealthCheckService;
import com.linecorp.armeria.server.grpc.GrpcService;
import com.linecorp.armeria.server.healthcheck.HealthChecker;
import com.linecorp.armeria.server.healthcheck.ListenableHealthChecker;
import io.grpc.protobuf.services.ProtoReflectionServiceV1;
import io.sightline.core.storage.StorageComponent;
import io.sightline.query.QueryService;
import io.sightline.spm.SpmQueryService;
import java.util.function.Consumer;

/**
 * Everything the gRPC query port (Jaeger's 16685) serves: the api_v2 and api_v3 query services,
 * the SPM metrics service, {@code grpc.health.v1.Health} (SERVING while storage is healthy) and
 * server reflection ({@code grpc.reflection.v1}; Armeria serves one reflection service per server).
 */
final class QueryGrpcWiring {
    private QueryGrpcWiring() {}

    static GrpcService service(QueryService query, SpmQueryService metrics, StorageComponent storage) {
        return GrpcService.builder()
                .addServices(query.grpcServices())
                .addService(metrics.grpcService())
                .addService(GrpcHealthCheckService.of(new StorageHealth(storage)))
                .addService(ProtoReflectionServiceV1.newInstance())
                // Storage and metrics reads block: they never run on the event loop.
                .useBlockingTaskExecutor(true)
                .build();
    }

    /**
     * Healthy while storage says so, asked on every health check: {@code check()} is cheap and
     * never throws. No change is pushed to listeners, so a {@code Watch} sees the state of its start.
     */
    private static final class StorageHealth implements ListenableHealthChecker {
        private final StorageComponent storage;

        StorageHealth(StorageComponent storage) {
            this.storage = storage;
        }

        @Override
        public boolean isHealthy() {
            return storage.check().healthy();
        }

        @Override
        public void addListener(Consumer<? super HealthChecker> listener) {}

        @Override
        public void removeListener(Consumer<?> listener) {}
    }
}
