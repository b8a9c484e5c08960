package com.connectorservice.controlplane.connector.validation;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import com.connectorservice.contracts.connector.ConnectorNames;
import com.connectorservice.controlplane.authorization.CloudIdentityProperties;
import com.connectorservice.controlplane.connectconfig.ConfigProblemAt;
import com.connectorservice.controlplane.connectconfig.ConnectConfigMapper;
import com.connectorservice.controlplane.connector.ConnectorDefinition;
import com.connectorservice.controlplane.connector.SourceSettings;
import com.connectorservice.controlplane.connector.SourceSettings.ResourceCreation;
import com.connectorservice.controlplane.destination.Destinations;
import com.connectorservice.controlplane.kafka.KafkaConnection;
import com.connectorservice.controlplane.kafka.TopicNames;
import com.connectorservice.controlplane.provisioning.InternalTopic;
import com.connectorservice.controlplane.provisioning.KafkaResources;
import com.connectorservice.controlplane.provisioning.TopicState;

/**
 * The one place that decides whether a connector definition is acceptable. It checks the definition
 * itself first (the destination's fields by the destination's own support), then the Connect config it maps to with the sink's own checks (its ConfigDef and rules between
 * keys, from the sink's spec: one definition of each rule), then (when the names are well-formed) what the broker
 * has: the source topic and existing internal topics. It returns every violation at once so the wizard can mark all
 * fields in one round trip. Expects a definition with defaults already applied.
 */
@Component
public class ConnectorValidator {

    /** Stands in for the instance when the broker checks are skipped: the sink only needs the key to be set. */
    private static final KafkaConnection NO_CONNECTION = new KafkaConnection(null, "the-instance:9092", Map.of());

    private final KafkaResources resources;
    private final Destinations destinations;
    private final ConnectConfigMapper mapper;
    private final ConnectConfigMapper.ServiceIdentity service;

    public ConnectorValidator(KafkaResources resources, Destinations destinations, ConnectConfigMapper mapper,
            CloudIdentityProperties cloud) {
        this.resources = resources;
        this.destinations = destinations;
        this.mapper = mapper;
        this.service = cloud.serviceIdentity();
    }

    /**
     * @param connection the instance's cluster, or {@code null} to skip the broker checks
     * @param nameTaken whether another connector on the instance already has this name
     */
    public ValidationReport validate(ConnectorDefinition definition, KafkaConnection connection, boolean nameTaken) {
        Violations v = new Violations();
        checkName(v, definition.name(), nameTaken);
        if (definition.description() != null && definition.description().length() > 1024) {
            v.error("description", "length", "description must be at most 1024 characters");
        }
        if (definition.replicas() != null
                && (definition.replicas() < 1 || definition.replicas() > ConnectorDefinition.MAX_REPLICAS)) {
            v.error("replicas", "range", "replicas must be between 1 and " + ConnectorDefinition.MAX_REPLICAS
                    + " (worker nodes running the connector), got " + definition.replicas());
        }
        SourceSettings source = definition.source();
        checkSource(v, source, definition.name());
        if (v.required("destination", definition.destination())) {
            destinations.validate(definition.destination(), v);
            checkSinkConfig(v, definition, connection);
        }
        if (connection != null && topicNamesUsable(v)) {
            checkBroker(v, source, connection);
        }
        return v.report();
    }

    /**
     * What the destination itself answers about the definition (see {@link Destinations#checkDestination}), asked
     * with the connector's own plain credentials; only for a destination whose fields have no error.
     */
    public ValidationReport checkDestination(com.connectorservice.controlplane.connector.Destination plain) {
        Violations v = new Violations();
        destinations.checkDestination(plain, v);
        return v.report();
    }

    private static boolean topicNamesUsable(Violations v) {
        return !v.hasErrorOn("source.topic") && java.util.Arrays.stream(InternalTopic.values()).noneMatch(t -> v.hasErrorOn(t.field()));
    }

    private static void checkName(Violations v, String name, boolean nameTaken) {
        if (!v.required("name", name)) {
            return;
        }
        if (name.length() > ConnectorNames.MAX_LENGTH) {
            v.error("name", "length", "name must be at most " + ConnectorNames.MAX_LENGTH + " characters, got "
                    + name.length());
        }
        if (!ConnectorNames.matchesPattern(name)) {
            v.error("name", "pattern", "name may contain only lowercase letters, digits and hyphens and must not start with a hyphen");
        }
        if (nameTaken) {
            v.error("name", "unique", "a connector named '" + name + "' already exists on this instance");
        }
    }

    private static void checkSource(Violations v, SourceSettings source, String name) {
        if (v.required("source.topic", source.topic())) {
            checkTopicName(v, "source.topic", source.topic());
        }
        if (!SourceSettings.CONCURRENCIES.contains(source.concurrency())) {
            v.error("source.concurrency", "allowed", "concurrency must be one of 1, 2, 3, 6 or 12, got " + source.concurrency());
        }
        if (name != null && !SourceSettings.groupFor(name).equals(source.consumerGroup())) {
            v.error("source.consumerGroup", "pattern", "the consumer group must be " + SourceSettings.groupFor(name));
        }
        Map<String, String> fieldByTopic = new LinkedHashMap<>();
        if (source.topic() != null) {
            fieldByTopic.put(source.topic(), "source.topic");
        }
        for (InternalTopic topic : InternalTopic.values()) {
            String topicName = topic.nameIn(source);
            if (!v.required(topic.field(), topicName) || !checkTopicName(v, topic.field(), topicName)) {
                continue;
            }
            String other = fieldByTopic.putIfAbsent(topicName, topic.field());
            boolean sharedErrorTopic = topic == InternalTopic.ERROR && InternalTopic.DEAD_LETTER.field().equals(other);
            if (other != null && !sharedErrorTopic) {
                v.error(topic.field(), "distinct", topic.field() + " must not be the same topic as " + other
                        + " (only the dead-letter and error topics may share a topic)");
            }
        }
    }

    private static boolean checkTopicName(Violations v, String field, String topic) {
        if (!TopicNames.isLegal(topic)) {
            v.error(field, "name", "'" + topic + "' is not a valid Kafka topic name (" + TopicNames.RULE + ")");
            return false;
        }
        return true;
    }

    private void checkBroker(Violations v, SourceSettings source, KafkaConnection connection) {
        Set<String> names = new HashSet<>(KafkaResources.internalTopicNames(source));
        names.add(source.topic());
        Map<String, TopicState> topics = resources.describe(connection, names);
        if (!topics.containsKey(source.topic())) {
            v.error("source.topic", "exists", "topic '" + source.topic() + "' does not exist on the instance");
        }
        for (InternalTopic topic : InternalTopic.values()) {
            String name = topic.nameIn(source);
            TopicState state = topics.get(name);
            if (state == null) {
                if (source.resourceCreation() == ResourceCreation.MANUAL) {
                    v.error(topic.field(), "exists", "topic '" + name + "' does not exist; with resourceCreation MANUAL "
                            + "create it first (or choose AUTO)");
                }
                continue;
            }
            if (topic.compacted() && !state.compacted()) {
                v.error(topic.field(), "cleanupPolicy", "topic '" + name + "' must have cleanup.policy=compact, it has "
                        + state.cleanupPolicy());
            }
            switch (topic) {
                case OFFSET -> {
                    if (state.partitions() < 2) {
                        v.error(topic.field(), "partitions", "offset topic '" + name + "' must have more than 1 partition, it has "
                                + state.partitions());
                    }
                }
                case CONFIG -> {
                    if (state.partitions() != 1) {
                        v.error(topic.field(), "partitions", "config topic '" + name + "' must have exactly 1 partition, it has "
                                + state.partitions());
                    }
                }
                case STATUS -> {
                    if (state.partitions() != InternalTopic.STATUS.partitions()) {
                        v.warning(topic.field(), "partitions", "status topic '" + name + "' has " + state.partitions()
                                + " partitions; 6 are recommended");
                    }
                }
                default -> {
                    // dead-letter and error topics accept any partition count and cleanup policy
                }
            }
        }
    }

    /**
     * The Connect config the definition maps to, checked with the sink's own ConfigDef and rules between keys: what the
     * sink would refuse at start is refused here, on the field it came from. A field that already has an error keeps
     * that one; a problem with the service's own settings (e.g. no AccessKey to assume a role with) is a warning, the
     * deploy refuses it.
     */
    private void checkSinkConfig(Violations v, ConnectorDefinition definition, KafkaConnection connection) {
        for (ConfigProblemAt problem : mapper.map(definition, connection == null ? NO_CONNECTION : connection, 1,
                service).problems()) {
            if (problem.fromService()) {
                v.warning(problem.field(), problem.rule(), problem.message());
            } else if (!v.hasErrorOn(problem.field())) {
                v.error(problem.field(), problem.rule(), problem.message());
            }
        }
    }
}
