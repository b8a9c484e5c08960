package com.connectorservice.controlplane.deployment;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.stereotype.Component;

import com.connectorservice.controlplane.kafka.KafkaClients;
import com.connectorservice.controlplane.kafka.KafkaConnection;
import com.connectorservice.controlplane.provisioning.KafkaResources;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The sink's consumer group {@code connect-<name>} as Kafka sees it: committed offsets, end offsets, lag, and
 * records/s from successive committed-offset samples (kept per connector in this replica's memory).
 */
@Component
class ConsumerGroupOffsets {

    record PartitionLag(@Schema(requiredMode = REQUIRED) int partition, Long committedOffset,
            @Schema(requiredMode = REQUIRED) long endOffset, @Schema(requiredMode = REQUIRED) long lag) {
    }

    record PartitionOffset(@Schema(requiredMode = REQUIRED) String topic, @Schema(requiredMode = REQUIRED) int partition,
            @Schema(requiredMode = REQUIRED) long offset) {
    }

    record GroupLag(List<PartitionLag> partitions, long totalLag, Double recordsPerSecond) {
    }

    private record Sample(long committed, Instant at, Double rate) {
    }

    private final KafkaClients kafka;
    private final KafkaResources resources;
    private final Map<Long, Sample> samples = new ConcurrentHashMap<>();

    ConsumerGroupOffsets(KafkaClients kafka, KafkaResources resources) {
        this.kafka = kafka;
        this.resources = resources;
    }

    List<PartitionOffset> committed(KafkaConnection connection, String group) throws ExecutionException {
        try (Admin admin = kafka.admin(connection)) {
            List<PartitionOffset> result = new ArrayList<>();
            resources.committedOffsets(admin, connection, group).forEach((tp, offset) ->
                    result.add(new PartitionOffset(tp.topic(), tp.partition(), offset.offset())));
            result.sort((a, b) -> a.topic().equals(b.topic()) ? Integer.compare(a.partition(), b.partition())
                    : a.topic().compareTo(b.topic()));
            return result;
        }
    }

    GroupLag lag(long connectorId, KafkaConnection connection, String group, String topic) throws ExecutionException {
        try (Admin admin = kafka.admin(connection)) {
            Map<TopicPartition, OffsetAndMetadata> committed = resources.committedOffsets(admin, connection, group);
            TopicDescription description = kafka.await(admin.describeTopics(List.of(topic)).allTopicNames(), connection).get(topic);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            var ends = kafka.await(admin.listOffsets(latest).all(), connection);
            List<PartitionLag> partitions = new ArrayList<>();
            long totalLag = 0;
            long totalCommitted = 0;
            for (TopicPartition tp : latest.keySet().stream().sorted((a, b) -> Integer.compare(a.partition(), b.partition())).toList()) {
                long end = ends.get(tp).offset();
                OffsetAndMetadata offset = committed.get(tp);
                Long position = offset == null ? null : offset.offset();
                long lag = position == null ? end : Math.max(0, end - position);
                totalLag += lag;
                totalCommitted += position == null ? 0 : position;
                partitions.add(new PartitionLag(tp.partition(), position, end, lag));
            }
            return new GroupLag(partitions, totalLag, rate(connectorId, totalCommitted));
        }
    }

    /** Records/s over the interval since the previous sample at least a second old; null until two samples exist. */
    private Double rate(long connectorId, long totalCommitted) {
        Instant now = Instant.now();
        Sample next = samples.compute(connectorId, (id, previous) -> {
            if (previous == null) {
                return new Sample(totalCommitted, now, null);
            }
            double seconds = (now.toEpochMilli() - previous.at().toEpochMilli()) / 1000.0;
            if (seconds < 1) {
                return previous;
            }
            double rate = Math.max(0, totalCommitted - previous.committed()) / seconds;
            return new Sample(totalCommitted, now, Math.round(rate * 10) / 10.0);
        });
        return next.rate();
    }

    void forget(long connectorId) {
        samples.remove(connectorId);
    }
}
