package com.connectorservice.controlplane.connector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import com.connectorservice.controlplane.api.FieldViolation;
import com.connectorservice.controlplane.provisioning.CreatedResource;
import com.connectorservice.controlplane.provisioning.InternalTopic;

import tools.jackson.databind.json.JsonMapper;

/**
 * A connector's consumer group ({@code connect-<name>}, with its worker group {@code connect-cluster-<name>}) and its
 * offset, config and status topics belong to it alone on its Kafka cluster, whichever instance registered that
 * cluster: two connectors sharing them would read each other's offsets and configs, and deleting one would delete
 * the other's. Dead-letter and error topics may be shared (seed 001's {@code runtime_error}), but not with another
 * connector's own topics.
 */
@Component
class ClusterOwnership {

    private static final List<InternalTopic> OWN_TOPICS = List.of(InternalTopic.OFFSET, InternalTopic.CONFIG, InternalTopic.STATUS);
    private static final List<InternalTopic> SHARED_TOPICS = List.of(InternalTopic.DEAD_LETTER, InternalTopic.ERROR);

    /** A connector on the same cluster and the Kafka resources it uses. */
    record Neighbour(long id, String instanceId, String name, SourceSettings source) {

        Set<String> ownTopics() {
            Set<String> topics = new LinkedHashSet<>();
            OWN_TOPICS.forEach(topic -> topics.add(topic.nameIn(source)));
            return topics;
        }

        Set<String> allTopics() {
            Set<String> topics = new LinkedHashSet<>(ownTopics());
            SHARED_TOPICS.forEach(topic -> topics.add(topic.nameIn(source)));
            topics.add(source.topic());
            return topics;
        }

        boolean uses(CreatedResource resource) {
            return resource.type() == CreatedResource.Type.GROUP ? resource.name().equals(SourceSettings.groupFor(name))
                    : allTopics().contains(resource.name());
        }

        /** Which of its topics {@code topic} is, for messages: "offset topic", "dead-letter topic", "source topic". */
        String role(String topic) {
            for (InternalTopic internal : InternalTopic.values()) {
                if (topic.equals(internal.nameIn(source))) {
                    return internal.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " topic";
                }
            }
            return "source topic";
        }
    }

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    ClusterOwnership(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Every connector on the cluster, on this instance or any other instance registered for the same cluster. */
    List<Neighbour> connectorsOn(String clusterId, String instanceId) {
        return jdbc.query("select c.id, c.instance_id, c.name, (c.definition -> 'source')::text from connector c"
                + " join kafka_instance i on i.id = c.instance_id where i.cluster_id = ? or c.instance_id = ? order by c.id",
                (row, i) -> new Neighbour(row.getLong(1), row.getString(2), row.getString(3),
                        json.readValue(row.getString(4), SourceSettings.class).withDefaults(row.getString(3))),
                clusterId, instanceId);
    }

    /** The other connector on the cluster that still uses {@code resource}, if any. */
    static Optional<Neighbour> otherUser(List<Neighbour> neighbours, long self, CreatedResource resource) {
        return neighbours.stream().filter(n -> n.id() != self && n.uses(resource)).findFirst();
    }

    /**
     * What in {@code definition} (on {@code instanceId}; {@code self} is its own id when it exists) another connector
     * of the cluster owns; a connector of the same name on the same instance is the name uniqueness rule's, not this.
     */
    static List<FieldViolation> conflicts(ConnectorDefinition definition, String instanceId, Long self, List<Neighbour> neighbours) {
        SourceSettings source = definition.source();
        Map<String, FieldViolation> found = new LinkedHashMap<>();
        for (Neighbour other : neighbours) {
            if (Objects.equals(other.id(), self) || source == null) {
                continue;
            }
            if (Objects.equals(other.name(), definition.name()) && !other.instanceId().equals(instanceId)) {
                found.putIfAbsent("name", violation("name", "consumer group " + SourceSettings.groupFor(other.name())
                        + " and worker group connect-cluster-" + other.name(), other));
            }
            for (InternalTopic topic : OWN_TOPICS) {
                String name = topic.nameIn(source);
                if (name != null && other.allTopics().contains(name)) {
                    found.putIfAbsent(topic.field(), violation(topic.field(), "topic '" + name + "' (its " + other.role(name)
                            + ")", other));
                }
            }
            for (InternalTopic topic : SHARED_TOPICS) {
                String name = topic.nameIn(source);
                if (name != null && other.ownTopics().contains(name)) {
                    found.putIfAbsent(topic.field(), violation(topic.field(), "topic '" + name + "' (its " + other.role(name)
                            + ")", other));
                }
            }
            if (source.topic() != null && other.ownTopics().contains(source.topic())) {
                found.putIfAbsent("source.topic", violation("source.topic", "topic '" + source.topic() + "' (its "
                        + other.role(source.topic()) + ")", other));
            }
        }
        return new ArrayList<>(found.values());
    }

    /** The group and topics a definition uses, as {@link CreatedResource}s, to take over kept ones. */
    static List<CreatedResource> resourcesOf(ConnectorDefinition definition) {
        List<CreatedResource> used = new ArrayList<>();
        used.add(CreatedResource.group(definition.source().consumerGroup()));
        for (InternalTopic topic : InternalTopic.values()) {
            CreatedResource resource = CreatedResource.topic(topic.nameIn(definition.source()));
            if (!used.contains(resource)) {
                used.add(resource);
            }
        }
        return used;
    }

    private static FieldViolation violation(String field, String what, Neighbour owner) {
        return new FieldViolation(field, field + ".owned", what + ": already used by connector '" + owner.name()
                + "' on instance '" + owner.instanceId() + "', on the same Kafka cluster; a connector's group and its"
                + " offset, config and status topics serve one connector per cluster - choose another name or topic");
    }
}
