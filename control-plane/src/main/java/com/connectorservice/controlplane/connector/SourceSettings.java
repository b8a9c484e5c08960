package com.connectorservice.controlplane.connector;

import com.connectorservice.contracts.connector.ConnectorNames.Resource;

/** Where a connector reads from and the Kafka resources its Connect worker group uses. */
public record SourceSettings(String topic, Integer concurrency, OffsetReset offsetReset, FailurePolicy failurePolicy,
        ResourceCreation resourceCreation, String consumerGroup, String offsetTopic, String configTopic,
        String statusTopic, String deadLetterTopic, String errorTopic) {

    /** Consumer threads the wizard offers (seed 000), the connector's {@code tasks.max}. */
    public static final java.util.List<Integer> CONCURRENCIES = java.util.List.of(1, 2, 3, 6, 12);
    public static final int DEFAULT_CONCURRENCY = 6;

    static final SourceSettings EMPTY = new SourceSettings(null, null, null, null, null, null, null, null, null, null, null);

    public enum OffsetReset { EARLIEST, LATEST }

    /** CONTINUE: failed records go to the dead-letter/error topics and consumption goes on; STOP: the task stops. */
    public enum FailurePolicy { CONTINUE, STOP }

    public enum ResourceCreation { AUTO, MANUAL }

    public static String groupFor(String connectorName) {
        return Resource.CONSUMER_GROUP.defaultName(connectorName);
    }

    SourceSettings withDefaults(String name) {
        boolean named = name != null && !name.isBlank();
        return new SourceSettings(topic,
                concurrency == null ? DEFAULT_CONCURRENCY : concurrency,
                offsetReset == null ? OffsetReset.EARLIEST : offsetReset,
                failurePolicy == null ? FailurePolicy.CONTINUE : failurePolicy,
                resourceCreation == null ? ResourceCreation.AUTO : resourceCreation,
                orDefault(consumerGroup, named, Resource.CONSUMER_GROUP, name),
                orDefault(offsetTopic, named, Resource.OFFSET_TOPIC, name),
                orDefault(configTopic, named, Resource.CONFIG_TOPIC, name),
                orDefault(statusTopic, named, Resource.STATUS_TOPIC, name),
                orDefault(deadLetterTopic, named, Resource.DEAD_LETTER_TOPIC, name),
                orDefault(errorTopic, named, Resource.ERROR_TOPIC, name));
    }

    private static String orDefault(String value, boolean named, Resource resource, String name) {
        return value != null && !value.isBlank() ? value : named ? resource.defaultName(name) : value;
    }
}
