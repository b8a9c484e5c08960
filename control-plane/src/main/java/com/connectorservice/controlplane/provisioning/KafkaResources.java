package com.connectorservice.controlplane.provisioning;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import com.connectorservice.controlplane.api.ApiException;
import com.connectorservice.controlplane.connector.SourceSettings;
import com.connectorservice.controlplane.connector.SourceSettings.OffsetReset;
import com.connectorservice.controlplane.kafka.KafkaClients;
import com.connectorservice.controlplane.kafka.KafkaConnection;

/**
 * The Kafka side of a connector: reads the state of its topics, creates the internal topics (AUTO),
 * sets the starting offsets of its consumer group and removes both again. Every operation is idempotent,
 * so create, update and a later deploy may all call {@link #provision}.
 */
@Service
public class KafkaResources {

    private static final Logger log = LoggerFactory.getLogger(KafkaResources.class);
    private static final int MAX_REPLICATION = 3;

    private final KafkaClients kafka;

    public KafkaResources(KafkaClients kafka) {
        this.kafka = kafka;
    }

    /** The existing topics among {@code names}; absent names do not exist. */
    public Map<String, TopicState> describe(KafkaConnection connection, Collection<String> names) {
        try (Admin admin = kafka.admin(connection)) {
            return describe(admin, connection, names);
        }
    }

    /** Creates the missing internal topics (AUTO only) and the group's starting offsets. */
    public ProvisioningResult provision(KafkaConnection connection, SourceSettings source) {
        try (Admin admin = kafka.admin(connection)) {
            List<String> created = new ArrayList<>();
            if (source.resourceCreation() == SourceSettings.ResourceCreation.AUTO) {
                created.addAll(createMissingTopics(admin, connection, source));
            }
            int committed = commitStartingOffsets(admin, connection, source.consumerGroup(), source.topic(), source.offsetReset());
            return new ProvisioningResult(created, committed);
        }
    }

    /** Deletes the consumer group and the internal topics; never the source topic. */
    public List<String> delete(KafkaConnection connection, SourceSettings source) {
        try (Admin admin = kafka.admin(connection)) {
            try {
                kafka.await(admin.deleteConsumerGroups(List.of(source.consumerGroup())).all(), connection);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupNotEmptyException) {
                    throw ApiException.conflict("source.consumerGroup", "source.consumerGroup.active",
                            "consumer group " + source.consumerGroup() + " still has active members; stop the connector first");
                }
                if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                    throw kafka.unreachable(connection, e);
                }
            }
            Set<String> topics = internalTopicNames(source);
            topics.remove(source.topic());
            return succeeded(admin.deleteTopics(topics).topicNameValues(), UnknownTopicOrPartitionException.class, connection);
        }
    }

    public static Set<String> internalTopicNames(SourceSettings source) {
        Set<String> names = new LinkedHashSet<>();
        for (InternalTopic topic : InternalTopic.values()) {
            names.add(topic.nameIn(source));
        }
        return names;
    }

    private List<String> createMissingTopics(Admin admin, KafkaConnection connection, SourceSettings source) {
        Map<String, InternalTopic> wanted = new HashMap<>();
        for (InternalTopic topic : InternalTopic.values()) {
            wanted.putIfAbsent(topic.nameIn(source), topic);
        }
        Map<String, TopicState> existing = describe(admin, connection, wanted.keySet());
        short replication;
        try {
            replication = (short) Math.min(MAX_REPLICATION, kafka.await(admin.describeCluster().nodes(), connection).size());
        } catch (ExecutionException e) {
            throw kafka.unreachable(connection, e);
        }
        List<NewTopic> toCreate = wanted.entrySet().stream()
                .filter(entry -> !existing.containsKey(entry.getKey()))
                .map(entry -> new NewTopic(entry.getKey(), entry.getValue().partitions(), replication)
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, entry.getValue().cleanupPolicy())))
                .toList();
        List<String> created = succeeded(admin.createTopics(toCreate).values(), TopicExistsException.class, connection);
        if (!created.isEmpty()) {
            log.info("Created topics {} on instance {} (replication factor {})", created, connection.instanceId(), replication);
        }
        return created;
    }

    /**
     * Waits for one future per topic and answers the topics whose operation succeeded. {@code alreadyDone} is the
     * error meaning "nothing to do" (the topic exists / is gone already), which is what makes the calls idempotent.
     */
    private List<String> succeeded(Map<String, KafkaFuture<Void>> results, Class<? extends Throwable> alreadyDone,
            KafkaConnection connection) {
        List<String> done = new ArrayList<>();
        for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
            try {
                kafka.await(result.getValue(), connection);
                done.add(result.getKey());
            } catch (ExecutionException e) {
                if (!alreadyDone.isInstance(e.getCause())) {
                    throw kafka.unreachable(connection, e);
                }
            }
        }
        return done;
    }

    /**
     * Commits the starting offset (earliest or latest) on every partition of the source topic that has no
     * committed offset yet, which also creates the group. Partitions the group already tracks keep their
     * offsets, and a group with live members (a running connector) is left alone.
     */
    private int commitStartingOffsets(Admin admin, KafkaConnection connection, String group, String topic, OffsetReset reset) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets(admin, connection, group);
            TopicDescription description = kafka.await(admin.describeTopics(List.of(topic)).allTopicNames(), connection).get(topic);
            Map<TopicPartition, OffsetSpec> missing = new HashMap<>();
            description.partitions().forEach(partition -> {
                TopicPartition tp = new TopicPartition(topic, partition.partition());
                if (!committed.containsKey(tp)) {
                    missing.put(tp, reset == OffsetReset.LATEST ? OffsetSpec.latest() : OffsetSpec.earliest());
                }
            });
            if (missing.isEmpty()) {
                return 0;
            }
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            kafka.await(admin.listOffsets(missing).all(), connection)
                    .forEach((tp, info) -> start.put(tp, new OffsetAndMetadata(info.offset())));
            kafka.await(admin.alterConsumerGroupOffsets(group, start).all(), connection);
            return start.size();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupNotEmptyException || e.getCause() instanceof UnknownMemberIdException) {
                log.info("Group {} has active members; its offsets are left as they are", group);
                return 0;
            }
            throw kafka.unreachable(connection, e);
        }
    }

    /** The group's committed offsets (partitions without one left out); empty when the group does not exist. */
    public Map<TopicPartition, OffsetAndMetadata> committedOffsets(Admin admin, KafkaConnection connection, String group)
            throws ExecutionException {
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    kafka.await(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata(), connection);
            Map<TopicPartition, OffsetAndMetadata> present = new HashMap<>();
            offsets.forEach((tp, offset) -> {
                if (offset != null) {
                    present.put(tp, offset);
                }
            });
            return present;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Map.of();
            }
            throw e;
        }
    }

    private Map<String, TopicState> describe(Admin admin, KafkaConnection connection, Collection<String> names) {
        Map<String, TopicState> states = new HashMap<>();
        Map<String, KafkaFuture<TopicDescription>> descriptions = admin.describeTopics(Set.copyOf(names)).topicNameValues();
        List<ConfigResource> resources = new ArrayList<>();
        Map<String, Integer> partitions = new HashMap<>();
        for (Map.Entry<String, KafkaFuture<TopicDescription>> entry : descriptions.entrySet()) {
            try {
                partitions.put(entry.getKey(), kafka.await(entry.getValue(), connection).partitions().size());
                resources.add(new ConfigResource(ConfigResource.Type.TOPIC, entry.getKey()));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw kafka.unreachable(connection, e);
                }
            }
        }
        if (resources.isEmpty()) {
            return states;
        }
        try {
            Map<ConfigResource, Config> configs = kafka.await(admin.describeConfigs(resources).all(), connection);
            configs.forEach((resource, config) -> {
                ConfigEntry policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG);
                states.put(resource.name(), new TopicState(resource.name(), partitions.get(resource.name()),
                        policy == null ? TopicConfig.CLEANUP_POLICY_DELETE : policy.value()));
            });
        } catch (ExecutionException e) {
            throw kafka.unreachable(connection, e);
        }
        return states;
    }
}
