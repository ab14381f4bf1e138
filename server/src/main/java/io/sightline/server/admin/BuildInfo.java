package io.sightline.server.admin;

import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The running build, for {@code /version} and the {@code jaeger_build_info} metric. */
public record BuildInfo(String version, String revision, String buildDate) {

    /** From the jar manifest; "dev" fields when run from classes. */
    public static BuildInfo fromManifest() {
        Package pkg = BuildInfo.class.getPackage();
        String version = pkg.getImplementationVersion();
        return new BuildInfo(version == null ? "dev" : version, "unknown", "unknown");
    }

    public void register(PrometheusRegistry registry) {
        Info info = Info.builder().name("jaeger_build_info").help("Build information of the running server")
                .labelNames("build_date", "revision", "version").register(registry);
        info.addLabelValues(buildDate, revision, version);
    }

    public String toJson() {
        return "{\"gitCommit\":\"" + revision + "\",\"gitVersion\":\"" + version + "\",\"buildDate\":\"" + buildDate + "\"}";
    }
}
