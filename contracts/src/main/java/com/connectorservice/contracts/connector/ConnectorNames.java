package com.connectorservice.contracts.connector;

import java.util.regex.Pattern;

/**
 * The connector name rule and the default names of the Kafka resources a connector uses, derived from its name. The
 * name becomes topic, group and file names, so the control plane, the agents and the console all check the one rule.
 */
public final class ConnectorNames {

    public static final int MAX_LENGTH = 48;
    /** Lowercase letters, digits and hyphens, not starting with a hyphen (the length is checked on its own). */
    public static final String PATTERN = "[a-z0-9][a-z0-9-]*";
    private static final Pattern NAME = Pattern.compile(PATTERN);

    private ConnectorNames() {
    }

    public static boolean isValid(String name) {
        return name != null && name.length() <= MAX_LENGTH && NAME.matcher(name).matches();
    }

    public static boolean matchesPattern(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /**
     * A Kafka resource of a connector and its default name, {@code prefix + <connector name>}. The sink's consumer group
     * is exactly {@code connect-<name>}; the worker group is {@code connect-cluster-<name>}, never the consumer group.
     */
    public enum Resource {
        CONSUMER_GROUP("consumerGroup", "connect-"),
        WORKER_GROUP(null, "connect-cluster-"),
        OFFSET_TOPIC("offsetTopic", "connect-offset-"),
        CONFIG_TOPIC("configTopic", "connect-config-"),
        STATUS_TOPIC("statusTopic", "connect-status-"),
        DEAD_LETTER_TOPIC("deadLetterTopic", "connect-error-"),
        ERROR_TOPIC("errorTopic", "connect-error-");

        private final String sourceField;
        private final String prefix;

        Resource(String sourceField, String prefix) {
            this.sourceField = sourceField;
            this.prefix = prefix;
        }

        public String defaultName(String connector) {
            return prefix + connector;
        }

        public String prefix() {
            return prefix;
        }

        /** The field of a definition's {@code source} that may name the resource otherwise; null when it may not. */
        public String sourceField() {
            return sourceField;
        }
    }
}
