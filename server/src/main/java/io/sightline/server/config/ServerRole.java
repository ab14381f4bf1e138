package io.sightline.server.config;

import java.util.Locale;

/**
 * What one Sightline process runs. Jaeger's scale-out topology is collectors writing to Kafka,
 * ingesters writing from Kafka into storage, and query replicas reading it; all-in-one is all of
 * it in one process. Each role names the component groups it starts, and only those open ports.
 */
public enum ServerRole {
    ALL_IN_ONE("all-in-one", true, true, false),
    COLLECTOR("collector", true, false, false),
    QUERY("query", false, true, false),
    INGESTER("ingester", false, false, true);

    private final String cliName;
    private final boolean receivesSpans;
    private final boolean servesQueries;
    private final boolean consumesKafka;

    ServerRole(String cliName, boolean receivesSpans, boolean servesQueries, boolean consumesKafka) {
        this.cliName = cliName;
        this.receivesSpans = receivesSpans;
        this.servesQueries = servesQueries;
        this.consumesKafka = consumesKafka;
    }

    /** The name on the command line and in {@code SIGHTLINE_ROLE}. */
    public String cliName() {
        return cliName;
    }

    /** The receivers (OTLP, Jaeger, Zipkin), their pipeline with SPM aggregation, and sampling. */
    public boolean receivesSpans() {
        return receivesSpans;
    }

    /** The query API, the UI and the Monitor tab's metrics API. */
    public boolean servesQueries() {
        return servesQueries;
    }

    /** The Kafka consumer that writes the span topic into storage. */
    public boolean consumesKafka() {
        return consumesKafka;
    }

    /** @throws ConfigException naming the roles there are */
    static ServerRole parse(String value, String settingName) {
        String name = value.trim().toLowerCase(Locale.ROOT);
        for (ServerRole role : values()) {
            if (role.cliName.equals(name)) {
                return role;
            }
        }
        throw new ConfigException(settingName + ": unknown role '" + value
                + "' (expected: all-in-one, collector, query or ingester)");
    }
}
