package com.connectorservice.localstack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the local stack can be told, each from a flag ({@code --http-port 8080} or {@code --http-port=8080}),
 * else from its environment variable, else the default that makes the seeds' examples work as written.
 * Secrets left unset (the two tokens) are generated once and kept in the data directory.
 */
public record StackSettings(
        Path home,
        Path dataDirectory,
        boolean fresh,
        int httpPort,
        int kafkaPort,
        int kafkaControllerPort,
        int maxComputePort,
        int tablestorePort,
        int ramStsPort,
        String accessKeyId,
        String accessKeySecret,
        String maxComputeProject,
        String tablestoreInstance,
        String instanceId,
        String adminToken,
        String agentToken) {

    /** A setting: its flag, its environment variable, its default (null = none) and what it is. */
    enum Option {
        HOME("--home", "LOCAL_STACK_HOME", ".", "the repository root, where the built artifacts are"),
        DATA_DIR("--data-dir", "LOCAL_STACK_DATA_DIR", "./.data", "data of every component and the logs (logs/*.log)"),
        HTTP_PORT("--http-port", "LOCAL_STACK_HTTP_PORT", "8080", "console and REST API"),
        KAFKA_PORT("--kafka-port", "LOCAL_STACK_KAFKA_PORT", "9092", "Kafka broker (PLAINTEXT)"),
        KAFKA_CONTROLLER_PORT("--kafka-controller-port", "LOCAL_STACK_KAFKA_CONTROLLER_PORT", "9093", "KRaft controller"),
        MAXCOMPUTE_PORT("--maxcompute-port", "LOCAL_STACK_MAXCOMPUTE_PORT", "18090", "MaxCompute emulator (/api and /tunnel)"),
        TABLESTORE_PORT("--tablestore-port", "LOCAL_STACK_TABLESTORE_PORT", "18091", "Tablestore emulator"),
        RAM_STS_PORT("--ram-sts-port", "LOCAL_STACK_RAM_STS_PORT", "18092", "RAM/STS emulator (RAM role authorization)"),
        ACCESS_KEY_ID("--access-key-id", "LOCAL_STACK_ACCESS_KEY_ID", "local-ak", "AccessKey ID both emulators accept"),
        ACCESS_KEY_SECRET("--access-key-secret", "LOCAL_STACK_ACCESS_KEY_SECRET", "local-sk", "its AccessKey secret"),
        MAXCOMPUTE_PROJECT("--maxcompute-project", "LOCAL_STACK_MAXCOMPUTE_PROJECT", "connector_test", "MaxCompute project"),
        TABLESTORE_INSTANCE("--tablestore-instance", "LOCAL_STACK_TABLESTORE_INSTANCE", "local-ots", "Tablestore instance"),
        INSTANCE_ID("--instance-id", "LOCAL_STACK_INSTANCE_ID", "kafka-local", "id of the broker registered as a Kafka instance"),
        ADMIN_TOKEN("--admin-token", "CONNECTORS_ADMIN_TOKEN", null, "admin bearer token (default: generated once, kept in <data-dir>/admin-token)"),
        AGENT_TOKEN("--agent-token", "CONNECTORS_AGENT_TOKEN", null, "token the agent presents (default: generated once, kept in <data-dir>/agent-token)");

        final String flag;
        final String environmentVariable;
        final String defaultValue;
        final String description;

        Option(String flag, String environmentVariable, String defaultValue, String description) {
            this.flag = flag;
            this.environmentVariable = environmentVariable;
            this.defaultValue = defaultValue;
            this.description = description;
        }
    }

    static final String FRESH_FLAG = "--fresh";

    /**
     * Parses {@code args} (flags only; the command word is taken off before), falling back to {@code environment}.
     *
     * @throws IllegalArgumentException naming the flag and what is wrong with it
     */
    public static StackSettings parse(List<String> args, Map<String, String> environment) {
        Map<Option, String> values = new LinkedHashMap<>();
        boolean fresh = false;
        List<String> remaining = new ArrayList<>(args);
        while (!remaining.isEmpty()) {
            String arg = remaining.remove(0);
            if (arg.equals(FRESH_FLAG)) {
                fresh = true;
                continue;
            }
            String flag = arg;
            String value = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                flag = arg.substring(0, equals);
                value = arg.substring(equals + 1);
            }
            Option option = option(flag);
            if (value == null) {
                if (remaining.isEmpty()) {
                    throw new IllegalArgumentException(flag + ": needs a value (" + option.description + ")");
                }
                value = remaining.remove(0);
            }
            values.put(option, value);
        }
        for (Option option : Option.values()) {
            if (!values.containsKey(option)) {
                String fromEnvironment = environment.get(option.environmentVariable);
                values.put(option, fromEnvironment == null || fromEnvironment.isBlank() ? option.defaultValue : fromEnvironment);
            }
        }
        Path home = Path.of(values.get(Option.HOME)).toAbsolutePath().normalize();
        return new StackSettings(home,
                home.resolve(values.get(Option.DATA_DIR)).toAbsolutePath().normalize(),
                fresh,
                port(values, Option.HTTP_PORT),
                port(values, Option.KAFKA_PORT),
                port(values, Option.KAFKA_CONTROLLER_PORT),
                port(values, Option.MAXCOMPUTE_PORT),
                port(values, Option.TABLESTORE_PORT),
                port(values, Option.RAM_STS_PORT),
                text(values, Option.ACCESS_KEY_ID),
                text(values, Option.ACCESS_KEY_SECRET),
                text(values, Option.MAXCOMPUTE_PROJECT),
                text(values, Option.TABLESTORE_INSTANCE),
                text(values, Option.INSTANCE_ID),
                values.get(Option.ADMIN_TOKEN),
                values.get(Option.AGENT_TOKEN));
    }

    /** The settings as a help text: one line per flag with its environment variable and default. */
    static String usage() {
        StringBuilder text = new StringBuilder();
        text.append(String.format("  %-32s start afresh: delete the data directory first%n", FRESH_FLAG));
        for (Option option : Option.values()) {
            text.append(String.format("  %-32s %s (env %s%s)%n", option.flag + " <value>", option.description,
                    option.environmentVariable, option.defaultValue == null ? "" : ", default " + option.defaultValue));
        }
        return text.toString();
    }

    private static Option option(String flag) {
        for (Option option : Option.values()) {
            if (option.flag.equals(flag)) {
                return option;
            }
        }
        throw new IllegalArgumentException("unknown flag " + flag + "; the flags are:" + System.lineSeparator() + usage());
    }

    private static int port(Map<Option, String> values, Option option) {
        String value = values.get(option);
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option.flag + " (" + option.environmentVariable + "): '" + value
                    + "' is not a TCP port (1-65535)");
        }
    }

    private static String text(Map<Option, String> values, Option option) {
        String value = values.get(option);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(option.flag + " (" + option.environmentVariable + "): must not be empty");
        }
        return value.trim();
    }

    public Path logDirectory() {
        return dataDirectory.resolve("logs");
    }

    public String consoleUrl() {
        return "http://localhost:" + httpPort;
    }

    public String bootstrapServers() {
        return "localhost:" + kafkaPort;
    }

    public String maxComputeEndpoint() {
        return "http://localhost:" + maxComputePort + "/api";
    }

    public String maxComputeTunnelEndpoint() {
        return "http://localhost:" + maxComputePort + "/tunnel";
    }

    public String ramStsEndpoint() {
        return "http://localhost:" + ramStsPort;
    }

    public String tablestoreEndpoint() {
        return "http://localhost:" + tablestorePort;
    }
}
