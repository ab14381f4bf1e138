package io.sightline.server.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The deployment kit names only what the server really has: every manifest parses; every
 * environment variable, flag, config-file key, container port, probe path and exposed port
 * is one the configuration catalogue or the admin port knows.
 */
class DeployManifestsTest {
    private static final Path DEPLOY = Path.of("..", "deploy");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Variables the JVM itself reads. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS", "JAVA_OPTS");
    private static final Set<String> ADMIN_PATHS = Set.of("/", "/ready", "/live", "/metrics", "/version");

    @TempDir
    Path tmp;

    private static List<JsonNode> documents() throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (Stream<Path> files = Files.walk(DEPLOY.resolve("kubernetes"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
                    var iterator = YAML.readValues(parser, JsonNode.class);
                    while (iterator.hasNext()) {
                        JsonNode document = iterator.next();
                        assertThat(document.path("kind").asText()).as(file + " has a kind").isNotEmpty();
                        documents.add(document);
                    }
                }
            }
        }
        return documents;
    }

    private static Set<Integer> defaultTcpPorts() {
        Set<Integer> ports = new HashSet<>();
        for (Setting setting : Setting.values()) {
            if (setting.name().endsWith("_HOST_PORT") && !setting.name().startsWith("AGENT_")) {
                ports.add(HostPort.parse(setting.defaultValue(), setting.envName()).port());
            }
        }
        return ports;
    }

    private static boolean isKnownVariable(String name) {
        for (Setting setting : Setting.values()) {
            if (setting.envName().equals(name) || setting.aliases().contains(name)) {
                return true;
            }
        }
        return JVM_VARIABLES.contains(name);
    }

    /**
     * The TCP ports a container of this role opens (docs/scaling.md): all-in-one all of them,
     * collector the receivers, sampling and admin, query the UI/HTTP API, the gRPC API and admin,
     * ingester admin only.
     */
    private static Set<Integer> rolePorts(ServerRole role) {
        if (role == ServerRole.ALL_IN_ONE) {
            return defaultTcpPorts();
        }
        List<Setting> settings = new ArrayList<>(List.of(Setting.ADMIN_HOST_PORT));
        if (role.receivesSpans()) {
            settings.addAll(List.of(Setting.OTLP_GRPC_HOST_PORT, Setting.OTLP_HTTP_HOST_PORT, Setting.JAEGER_GRPC_HOST_PORT,
                    Setting.JAEGER_HTTP_HOST_PORT, Setting.ZIPKIN_HOST_PORT, Setting.SAMPLING_HTTP_HOST_PORT));
        }
        if (role.servesQueries()) {
            settings.addAll(List.of(Setting.QUERY_HTTP_HOST_PORT, Setting.QUERY_GRPC_HOST_PORT));
        }
        Set<Integer> ports = new HashSet<>();
        settings.forEach(setting -> ports.add(HostPort.parse(setting.defaultValue(), setting.envName()).port()));
        return ports;
    }

    /** The role a container runs: its SIGHTLINE_ROLE, else its first argument when that is a role, else all-in-one. */
    private static ServerRole roleOf(JsonNode container) {
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().equals(Setting.ROLE.envName())) {
                return ServerRole.parse(env.path("value").asText(), Setting.ROLE.envName());
            }
        }
        String first = container.path("args").path(0).asText();
        for (ServerRole role : ServerRole.values()) {
            if (role.cliName().equals(first)) {
                return role;
            }
        }
        return ServerRole.ALL_IN_ONE;
    }

    @Test
    void scaledOverlay_runsEveryRoleWithItsStorage() throws IOException {
        Map<ServerRole, JsonNode> byRole = new HashMap<>();
        try (Stream<Path> files = Files.list(DEPLOY.resolve("kubernetes/overlays/scaled"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
                try (YAMLParser parser = new YAMLFactory().createParser(file.toFile())) {
                    var iterator = YAML.readValues(parser, JsonNode.class);
                    while (iterator.hasNext()) {
                        JsonNode document = iterator.next();
                        document.path("spec").path("template").path("spec").path("containers")
                                .forEach(container -> byRole.put(roleOf(container), document));
                    }
                }
            }
        }
        assertThat(byRole).containsOnlyKeys(ServerRole.COLLECTOR, ServerRole.INGESTER, ServerRole.QUERY);
        byRole.forEach((role, deployment) -> {
            assertThat(deployment.path("spec").path("replicas").asInt()).as(role + " replicas").isEqualTo(2);
            JsonNode container = deployment.path("spec").path("template").path("spec").path("containers").path(0);
            Set<String> env = new HashSet<>();
            container.path("env").forEach(e -> env.add(e.path("name").asText()));
            switch (role) {
                case COLLECTOR -> assertThat(env).contains("SPAN_STORAGE_TYPE", "KAFKA_PRODUCER_BROKERS");
                case INGESTER -> assertThat(env).contains("SPAN_STORAGE_TYPE", "ES_SERVER_URLS", "KAFKA_CONSUMER_BROKERS");
                default -> assertThat(env).contains("SPAN_STORAGE_TYPE", "ES_SERVER_URLS", "METRICS_STORAGE_TYPE",
                        "PROMETHEUS_SERVER_URL");
            }
            assertThat(deployment.path("spec").path("template").path("spec").path("securityContext")
                    .path("runAsNonRoot").asBoolean()).as(role + " non-root").isTrue();
            assertThat(deployment.path("spec").path("template").path("metadata").path("annotations")
                    .path("prometheus.io/scrape").asText()).as(role + " scraped").isEqualTo("true");
        });
    }

    @Test
    void deployment_usesOnlyKnownVariablesFlagsPortsAndProbePaths() throws IOException {
        List<JsonNode> containers = new ArrayList<>();
        for (JsonNode document : documents()) {
            document.path("spec").path("template").path("spec").path("containers").forEach(containers::add);
        }
        assertThat(containers).isNotEmpty();
        Set<Integer> defaults = defaultTcpPorts();
        for (JsonNode container : containers) {
            container.path("env").forEach(env -> assertThat(isKnownVariable(env.path("name").asText()))
                    .as("env " + env.path("name").asText()).isTrue());
            Map<String, Integer> portsByName = new HashMap<>();
            container.path("ports").forEach(port -> {
                assertThat(defaults).as("containerPort " + port.path("containerPort")).contains(port.path("containerPort").asInt());
                portsByName.put(port.path("name").asText(), port.path("containerPort").asInt());
            });
            assertThat(portsByName.values()).as("ports of a " + roleOf(container).cliName() + " container")
                    .containsExactlyInAnyOrderElementsOf(rolePorts(roleOf(container)));
            for (String probe : new String[] {"readinessProbe", "livenessProbe"}) {
                JsonNode get = container.path(probe).path("httpGet");
                assertThat(ADMIN_PATHS).as(probe + " path").contains(get.path("path").asText());
                assertThat(portsByName.get(get.path("port").asText())).as(probe + " port")
                        .isEqualTo(HostPort.parse(Setting.ADMIN_HOST_PORT.defaultValue(), "").port());
            }
            container.path("args").forEach(arg -> {
                if (arg.asText().startsWith("--")) {
                    assertThat(Stream.of(Setting.values()).map(Setting::flag)).as("flag " + arg.asText()).contains(arg.asText());
                }
            });
        }
    }

    @Test
    void servicesTargetNamedContainerPorts_andTheUiIsOnNodePort30002() throws IOException {
        Set<String> containerPortNames = new HashSet<>();
        List<JsonNode> services = new ArrayList<>();
        for (JsonNode document : documents()) {
            document.path("spec").path("template").path("spec").path("containers")
                    .forEach(c -> c.path("ports").forEach(p -> containerPortNames.add(p.path("name").asText())));
            if (document.path("kind").asText().equals("Service")) {
                services.add(document);
            }
        }
        assertThat(services).isNotEmpty();
        boolean nodePort = false;
        for (JsonNode service : services) {
            for (JsonNode port : service.path("spec").path("ports")) {
                assertThat(containerPortNames).as("targetPort " + port.path("targetPort")).contains(port.path("targetPort").asText());
                nodePort |= port.path("nodePort").asInt() == 30002 && port.path("port").asInt() == 16686;
            }
        }
        assertThat(nodePort).as("query on NodePort 30002").isTrue();
    }

    @Test
    void configMapSettingsFile_isOneTheServerAccepts() throws IOException {
        for (JsonNode document : documents()) {
            if (document.path("kind").asText().equals("ConfigMap") && document.path("data").has("sightline.yaml")) {
                Path file = Files.writeString(tmp.resolve("sightline.yaml"), document.path("data").path("sightline.yaml").asText());
                assertThat(ConfigFile.read(file)).isNotEmpty();
                SightlineConfig.resolve(Map.of(Setting.CONFIG_FILE, file.toString()), Map.of());
                if (document.path("data").has("sampling-strategies.json")) {
                    Path strategies = Files.writeString(tmp.resolve("strategies.json"),
                            document.path("data").path("sampling-strategies.json").asText());
                    // The same loading start-up does: a file the server would refuse fails here.
                    try (var provider = io.sightline.sampling.FileStrategyProvider.start(strategies.toString(), 0,
                            new io.prometheus.metrics.model.registry.PrometheusRegistry())) {
                        assertThat(provider.strategyFor("customer").getOperationSampling().getPerOperationStrategiesCount())
                                .isEqualTo(1);
                    }
                }
                return;
            }
        }
        throw new AssertionError("no ConfigMap carries sightline.yaml");
    }

    @Test
    void dockerfile_exposesExactlyTheDefaultPorts_andRunsTheBuiltJar() throws IOException {
        String dockerfile = Files.readString(DEPLOY.resolve("docker").resolve("Dockerfile"));
        Matcher expose = Pattern.compile("(?m)^EXPOSE (.+)$").matcher(dockerfile);
        assertThat(expose.find()).isTrue();
        Set<Integer> tcp = new HashSet<>();
        Set<Integer> udp = new HashSet<>();
        for (String port : expose.group(1).trim().split("\\s+")) {
            if (port.endsWith("/udp")) {
                udp.add(Integer.parseInt(port.substring(0, port.length() - 4)));
            } else {
                tcp.add(Integer.parseInt(port));
            }
        }
        assertThat(tcp).isEqualTo(defaultTcpPorts());
        assertThat(udp).containsExactlyInAnyOrder(
                HostPort.parse(Setting.AGENT_COMPACT_HOST_PORT.defaultValue(), "").port(),
                HostPort.parse(Setting.AGENT_BINARY_HOST_PORT.defaultValue(), "").port());
        String launcher = Files.readString(Path.of("..", "sightline"));
        Matcher jar = Pattern.compile("server/target/(sightline-server-[^\"/]+\\.jar)").matcher(launcher);
        assertThat(jar.find()).isTrue();
        assertThat(dockerfile).contains("/src/server/target/" + jar.group(1));
        assertThat(dockerfile).contains("ENV SIGHTLINE_DATA_DIR=/data");
    }
}
