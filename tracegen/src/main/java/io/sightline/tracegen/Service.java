package io.sightline.tracegen;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import java.util.UUID;

/**
 * The simulated services. Each becomes its own tracer provider with its own resource, because in a
 * real deployment each is a separate process and the backend must group spans by their resource.
 * {@code mysql} and {@code redis} only emit CLIENT spans, the way a database appears in a system
 * whose databases are not instrumented themselves.
 */
enum Service {
  FRONTEND("frontend", "2.4.1", "frontend-5c8f7d9b6-q2lzx", 8080),
  CUSTOMER("customer", "1.9.0", "customer-7b6d4f8c5-m9wtr", 8081),
  MYSQL("mysql", "8.0.36", "mysql-0", 3306),
  DRIVER("driver", "3.1.2", "driver-6f9b8c7d4-hv5kn", 8082),
  REDIS("redis", "7.2.4", "redis-master-0", 6379),
  ROUTE("route", "1.2.7", "route-84c6b5f9d7-zt8wp", 8083);

  private static final String NAMESPACE = "hotrod-sim";

  private final String serviceName;
  private final String version;
  private final String hostName;
  private final long port;

  Service(String serviceName, String version, String hostName, long port) {
    this.serviceName = serviceName;
    this.version = version;
    this.hostName = hostName;
    this.port = port;
  }

  String serviceName() {
    return serviceName;
  }

  /** The port peers use to reach this service, for {@code server.port} on client spans. */
  long port() {
    return port;
  }

  /**
   * The resource of one run of this service. The instance id is random on purpose: two runs of the
   * generator are two deployments, and their spans must not look like one process to the backend.
   */
  Resource resource() {
    Attributes attributes =
        Attributes.builder()
            .put("service.name", serviceName)
            .put("service.version", version)
            .put("service.namespace", NAMESPACE)
            .put("service.instance.id", UUID.randomUUID().toString())
            .put("host.name", hostName)
            .put("host.arch", "amd64")
            .put("os.type", "linux")
            .put("k8s.namespace.name", NAMESPACE)
            .put("k8s.pod.name", hostName)
            .put("deployment.environment.name", "demo")
            .put("process.pid", 1000L + ordinal())
            .build();
    // The SDK default contributes telemetry.sdk.*; ours comes second so service.name wins.
    return Resource.getDefault().merge(Resource.create(attributes));
  }
}
