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
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.PolicyViolationException;
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
 * so create, update and a later deploy may all call {@link #provision}; it answers what it created, which
 * {@link ProvisionedResources} records, so that only that is ever deleted.
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

    /**
     * Creates the missing internal topics (AUTO only) and the group's starting offsets. All or nothing: when a step
     * fails, the topics this call created are deleted again before the error is thrown.
     */
    public ProvisioningResult provision(KafkaConnection connection, SourceSettings source) {
        try (Admin admin = kafka.admin(connection)) {
            List<String> created = new ArrayList<>();
            try {
                if (source.resourceCreation() == SourceSettings.ResourceCreation.AUTO) {
                    created.addAll(createMissingTopics(admin, connection, source));
                }
                StartingOffsets offsets = commitStartingOffsets(admin, connection, source.consumerGroup(), source.topic(),
                        source.offsetReset());
                return new ProvisioningResult(created, offsets.groupCreated() ? source.consumerGroup() : null,
                        offsets.committed());
            } catch (RuntimeException e) {
                deleteQuietly(admin, connection, created, null);
                throw e;
            }
        }
    }

    /** Takes back what {@link #provision} made, for a create that failed after it; never throws (failures are logged). */
    public void undo(KafkaConnection connection, ProvisioningResult provisioned) {
        if (provisioned.createdTopics().isEmpty() && provisioned.createdGroup() == null) {
            return;
        }
        try (Admin admin = kafka.admin(connection)) {
            deleteQuietly(admin, connection, provisioned.createdTopics(), provisioned.createdGroup());
        } catch (RuntimeException e) {
            log.warn("Could not take back {} on instance {}: {}", provisioned, connection.instanceId(), e.toString());
        }
    }

    /**
     * Deletes the consumer group (when given) and the topics; answers the topics deleted or found gone. Callers pass
     * only what the service created (see {@link ProvisionedResources}): never the source topic, never a user's topic.
     */
    public List<String> delete(KafkaConnection connection, Collection<String> topics, String group) {
        try (Admin admin = kafka.admin(connection)) {
            if (group != null) {
                try {
                    kafka.await(admin.deleteConsumerGroups(List.of(group)).all(), connection);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof GroupNotEmptyException) {
                        throw ApiException.conflict("source.consumerGroup", "source.consumerGroup.active",
                                "consumer group " + group + " still has active members; stop the connector first");
                    }
                    if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                        throw kafka.unreachable(connection, e);
                    }
                }
            }
            if (topics.isEmpty()) {
                return List.of();
            }
            Outcome outcome = await(admin.deleteTopics(Set.copyOf(topics)).topicNameValues(), UnknownTopicOrPartitionException.class,
                    connection);
            if (outcome.failure() != null) {
                throw kafka.unreachable(connection, outcome.failure());
            }
            List<String> gone = new ArrayList<>(outcome.done());
            gone.addAll(outcome.alreadyDone());
            return gone;
        }
    }

    public static Set<String> internalTopicNames(SourceSettings source) {
        Set<String> names = new LinkedHashSet<>();
        for (InternalTopic topic : InternalTopic.values()) {
            names.add(topic.nameIn(source));
        }
        return names;
    }

    private void deleteQuietly(Admin admin, KafkaConnection connection, Collection<String> topics, String group) {
        try {
            if (!topics.isEmpty()) {
                Outcome outcome = await(admin.deleteTopics(Set.copyOf(topics)).topicNameValues(),
                        UnknownTopicOrPartitionException.class, connection);
                if (outcome.failure() != null) {
                    log.warn("Could not delete topics {} again on instance {}: {}", topics, connection.instanceId(),
                            outcome.failure().toString());
                }
            }
            if (group != null) {
                kafka.await(admin.deleteConsumerGroups(List.of(group)).all(), connection);
            }
            log.info("Took back topics {} and group {} on instance {}", topics, group, connection.instanceId());
        } catch (ExecutionException | RuntimeException e) {
            log.warn("Could not take back topics {} / group {} on instance {}: {}", topics, group, connection.instanceId(),
                    e.toString());
        }
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
        Outcome outcome = await(admin.createTopics(toCreate).values(), TopicExistsException.class, connection);
        if (outcome.failure() != null) {
            deleteQuietly(admin, connection, outcome.done(), null);
            throw refused(connection, wanted.get(outcome.failedOn()), outcome.failedOn(), outcome.failure());
        }
        if (!outcome.done().isEmpty()) {
            log.info("Created topics {} on instance {} (replication factor {})", outcome.done(), connection.instanceId(),
                    replication);
        }
        return outcome.done();
    }

    /** A topic the broker would not create: the definition's mistake (400 naming its field) or the cluster's (502). */
    private ApiException refused(KafkaConnection connection, InternalTopic topic, String name, ExecutionException failure) {
        Throwable cause = failure.getCause();
        if (topic != null && (cause instanceof InvalidTopicException || cause instanceof PolicyViolationException)) {
            boolean collides = cause.getMessage() != null && cause.getMessage().contains("collides");
            return ApiException.badRequest(topic.field(), topic.field() + (collides ? ".collides" : ".refused"),
                    "the cluster refused to create topic '" + name + "': " + cause.getMessage()
                            + (collides ? " (Kafka treats '.' and '_' in topic names as the same character)" : ""));
        }
        return kafka.unreachable(connection, failure);
    }

    /**
     * The outcome of one future per topic, every future awaited (so nothing finishes behind the caller's back):
     * {@code done} succeeded, {@code alreadyDone} failed with the error meaning "nothing to do" (the topic exists / is
     * gone already, which is what makes the calls idempotent), {@code failure} is the first other error.
     */
    private record Outcome(List<String> done, List<String> alreadyDone, String failedOn, ExecutionException failure) {
    }

    private Outcome await(Map<String, KafkaFuture<Void>> results, Class<? extends Throwable> alreadyDone,
            KafkaConnection connection) {
        List<String> done = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        String failedOn = null;
        ExecutionException failure = null;
        for (Map.Entry<String, KafkaFuture<Void>> result : results.entrySet()) {
            try {
                kafka.await(result.getValue(), connection);
                done.add(result.getKey());
            } catch (ExecutionException e) {
                if (alreadyDone.isInstance(e.getCause())) {
                    skipped.add(result.getKey());
                } else if (failure == null) {
                    failedOn = result.getKey();
                    failure = e;
                }
            }
        }
        return new Outcome(done, skipped, failedOn, failure);
    }

    private record StartingOffsets(int committed, boolean groupCreated) {
    }

    /**
     * Commits the starting offset (earliest or latest) on every partition of the source topic that has no
     * committed offset yet, which also creates the group. Partitions the group already tracks keep their
     * offsets, and a group with live members (a running connector) is left alone.
     */
    private StartingOffsets commitStartingOffsets(Admin admin, KafkaConnection connection, String group, String topic,
            OffsetReset reset) {
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
                return new StartingOffsets(0, false);
            }
            Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
            kafka.await(admin.listOffsets(missing).all(), connection)
                    .forEach((tp, info) -> start.put(tp, new OffsetAndMetadata(info.offset())));
            kafka.await(admin.alterConsumerGroupOffsets(group, start).all(), connection);
            // a group without any committed offset held nothing: committing the first ones is what makes it
            return new StartingOffsets(start.size(), committed.isEmpty());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupNotEmptyException || e.getCause() instanceof UnknownMemberIdException) {
                log.info("Group {} has active members; its offsets are left as they are", group);
                return new StartingOffsets(0, false);
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
