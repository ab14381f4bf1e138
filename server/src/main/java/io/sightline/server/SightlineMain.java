package io.sightline.server;

import io.sightline.server.admin.BuildInfo;
import io.sightline.server.backup.Backups;
import io.sightline.server.config.ConfigException;
import io.sightline.server.config.ServerRole;
import io.sightline.server.config.Setting;
import io.sightline.server.config.SightlineConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The {@code sightline} command. With no subcommand it runs the role {@code SIGHTLINE_ROLE} names,
 * {@code all-in-one} by default; {@code collector}, {@code query} and {@code ingester} run one part each. Options are
 * generated from the {@link Setting} catalogue so that the help, the environment variables and
 * the documentation cannot drift apart.
 */
public final class SightlineMain {
    static final int EXIT_OK = 0;
    static final int EXIT_STARTUP_FAILED = 1;
    static final int EXIT_USAGE = 2;

    private SightlineMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    static int run(String[] args, Map<String, String> env, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(rootSpec());
        cli.setOut(out);
        cli.setErr(err);
        ParseResult parsed;
        try {
            parsed = cli.parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            err.println("sightline: " + e.getMessage());
            err.println("Run './sightline --help' for the options.");
            return EXIT_USAGE;
        }
        if (CommandLine.printHelpIfRequested(parsed)) {
            return EXIT_OK;
        }
        ParseResult command = parsed.hasSubcommand() ? parsed.subcommand() : parsed;
        String name = command.commandSpec().name();
        if (name.equals("restore")) {
            return restore(command, out, err);
        }
        if (name.equals("version")) {
            BuildInfo build = BuildInfo.fromManifest();
            out.println("sightline " + build.version());
            return EXIT_OK;
        }
        Map<Setting, String> flags = flags(command);
        if (isRole(name)) {
            // The subcommand names the role; it wins over --role and SIGHTLINE_ROLE.
            flags.put(Setting.ROLE, name);
        }
        SightlineConfig config;
        try {
            config = SightlineConfig.resolve(flags, env);
        } catch (ConfigException e) {
            err.println("sightline: configuration error: " + e.getMessage());
            return EXIT_USAGE;
        }
        return runAllInOne(config, err);
    }

    private static boolean isRole(String commandName) {
        for (ServerRole role : ServerRole.values()) {
            if (role.cliName().equals(commandName)) {
                return true;
            }
        }
        return false;
    }

    private static int runAllInOne(SightlineConfig config, PrintWriter err) {
        AllInOneServer server;
        try {
            server = AllInOneServer.start(config);
        } catch (StartupException | ConfigException e) {
            err.println("sightline: cannot start: " + e.getMessage());
            return EXIT_STARTUP_FAILED;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.close();
            } finally {
                stopped.countDown();
            }
        }, "sightline-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return EXIT_OK;
    }

    private static int restore(ParseResult command, PrintWriter out, PrintWriter err) {
        List<String> paths = command.matchedPositionals().stream().map(p -> (String) p.getValue()).toList();
        if (paths.size() != 2 && paths.size() != 3) {
            err.println("sightline: restore takes two or three arguments: <snapshot> <data-dir> [<value-dir>]");
            return EXIT_USAGE;
        }
        try {
            Path valueDir = Path.of(paths.get(paths.size() - 1));
            int files = Backups.restore(Path.of(paths.get(0)), Path.of(paths.get(1)), valueDir);
            out.println("sightline: restored " + files + " files from " + paths.get(0) + " into " + paths.get(1)
                    + (paths.size() == 3 ? " (span partitions into " + paths.get(2) + ")" : "")
                    + "; start with --data-dir " + paths.get(1)
                    + (paths.size() == 3 ? " --storage-value-dir " + paths.get(2) : ""));
            return EXIT_OK;
        } catch (IllegalArgumentException | java.io.UncheckedIOException | io.sightline.storage.rocksdb.RocksDbOpenException e) {
            err.println("sightline: cannot restore: " + e.getMessage());
            return EXIT_STARTUP_FAILED;
        }
    }

    private static Map<Setting, String> flags(ParseResult command) {
        Map<Setting, String> flags = new EnumMap<>(Setting.class);
        for (Setting setting : Setting.values()) {
            if (command.hasMatchedOption(setting.flag())) {
                flags.put(setting, command.matchedOptionValue(setting.flag(), ""));
            }
        }
        return flags;
    }

    static CommandSpec rootSpec() {
        CommandSpec root = serverSpec("sightline",
                "Sightline: a tracing backend that stands in for Jaeger all-in-one.",
                "With no command, runs all-in-one.");
        root.addSubcommand("all-in-one", new CommandLine(serverSpec("all-in-one",
                "Runs every component in one process: OTLP receivers, storage, query API, admin port (the default).")));
        root.addSubcommand("collector", new CommandLine(serverSpec("collector",
                "Runs the receivers (OTLP, Jaeger, Zipkin), sampling and SPM aggregation, writing to storage or, with "
                        + "--storage kafka, to a Kafka topic for ingesters. No query API or UI.")));
        root.addSubcommand("query", new CommandLine(serverSpec("query",
                "Runs the query API and UI over the storage. No receivers.")));
        root.addSubcommand("ingester", new CommandLine(serverSpec("ingester",
                "Consumes spans from Kafka (SIGHTLINE_KAFKA_CONSUMER_*) into the storage. Only the admin port is open.")));
        CommandSpec restore = CommandSpec.create().name("restore");
        restore.mixinStandardHelpOptions(true);
        restore.usageMessage().description("Copies a snapshot taken by POST /admin/backup into a new or empty data "
                + "directory and checks that it opens.");
        restore.addPositional(CommandLine.Model.PositionalParamSpec.builder().index("0").paramLabel("<snapshot>")
                .type(String.class).description("The snapshot directory.").build());
        restore.addPositional(CommandLine.Model.PositionalParamSpec.builder().index("1").paramLabel("<data-dir>")
                .type(String.class).description("The data directory to create.").build());
        restore.addPositional(CommandLine.Model.PositionalParamSpec.builder().index("2").paramLabel("<value-dir>")
                .arity("0..1").type(String.class)
                .description("Optional: a separate directory to create for the span partitions' table files.").build());
        root.addSubcommand("restore", new CommandLine(restore));
        CommandSpec version = CommandSpec.create().name("version");
        version.mixinStandardHelpOptions(true);
        version.usageMessage().description("Prints the version.");
        root.addSubcommand("version", new CommandLine(version));
        return root;
    }

    private static CommandSpec serverSpec(String name, String... description) {
        CommandSpec spec = CommandSpec.create().name(name);
        spec.mixinStandardHelpOptions(true);
        spec.usageMessage().description(description)
                .footer("", "Every option can also be set by its environment variable; a flag wins over the variable.",
                        "Jaeger's variable names are accepted too. Reference: docs/configuration.md");
        for (Setting setting : Setting.values()) {
            spec.addOption(OptionSpec.builder(setting.flag())
                    .paramLabel("<value>")
                    .type(String.class)
                    .description(setting.description() + " Env: " + setting.envName()
                            + ". Default: " + setting.defaultValue() + ".")
                    .build());
        }
        return spec;
    }
}
