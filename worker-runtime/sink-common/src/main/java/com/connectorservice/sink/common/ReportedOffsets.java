package com.connectorservice.sink.common;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The source offsets whose records are already in the error topic, so that no replay reports one twice: Connect
 * replays everything after the last committed offset when a commit fails, when a task restarts (a crash, kill -9,
 * a rebalance) or when partitions move to another task. What this task reported is remembered; what other task
 * instances reported before is learnt by reading the error topic once for the partitions this task was given, the
 * first time one of them has a failed record. Offsets below those being committed are forgotten, as Connect never
 * replays them.
 */
final class ReportedOffsets {

    private static final Logger log = LoggerFactory.getLogger(ReportedOffsets.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration SCAN_TIMEOUT = Duration.ofMinutes(5);

    private final String errorTopic;
    private final String connectorName;
    /** A consumer of the error topic's cluster, or null when there is no topic to learn from. */
    private final Supplier<Consumer<byte[], byte[]>> errorTopicConsumer;
    private final Supplier<Set<TopicPartition>> assignment;
    private final Map<TopicPartition, NavigableSet<Long>> reported = new HashMap<>();
    private final Set<TopicPartition> learnt = new HashSet<>();

    /**
     * @param errorTopicConsumer null: remember only what this task reports (Connect's dead-letter queue, written by
     *                           the worker, is not readable from here)
     */
    ReportedOffsets(String errorTopic, String connectorName, Supplier<Consumer<byte[], byte[]>> errorTopicConsumer,
            Supplier<Set<TopicPartition>> assignment) {
        this.errorTopic = errorTopic;
        this.connectorName = connectorName;
        this.errorTopicConsumer = errorTopicConsumer;
        this.assignment = assignment;
    }

    /** Records the offset as reported; false when it already was. */
    boolean add(TopicPartition partition, long offset) {
        if (!learnt.contains(partition)) {
            learn(partition);
        }
        return reported.computeIfAbsent(partition, p -> new TreeSet<>()).add(offset);
    }

    /** The report did not reach the error topic: a replay must send it again. */
    void remove(TopicPartition partition, long offset) {
        NavigableSet<Long> offsets = reported.get(partition);
        if (offsets != null) {
            offsets.remove(offset);
        }
    }

    /** Offsets about to be committed: the records below them are never replayed. */
    void committing(Map<TopicPartition, OffsetAndMetadata> offsets) {
        offsets.forEach((partition, committed) -> {
            NavigableSet<Long> offsetsOf = reported.get(partition);
            if (offsetsOf != null && committed != null) {
                offsetsOf.headSet(committed.offset(), false).clear();
            }
        });
    }

    /** Partitions taken from this task: another task may report their records meanwhile, so learn them again. */
    void forget(Collection<TopicPartition> partitions) {
        partitions.forEach(partition -> {
            reported.remove(partition);
            learnt.remove(partition);
        });
    }

    /** Reads the error topic once for {@code partition} and every other assigned partition not learnt yet. */
    private void learn(TopicPartition partition) {
        Set<TopicPartition> wanted = new HashSet<>(assignment.get());
        wanted.add(partition);
        wanted.removeAll(learnt);
        learnt.addAll(wanted);
        if (errorTopicConsumer == null) {
            return;
        }
        long started = System.nanoTime();
        int read = 0;
        int found = 0;
        try (Consumer<byte[], byte[]> consumer = errorTopicConsumer.get()) {
            List<TopicPartition> partitions = consumer.partitionsFor(errorTopic, POLL.multipliedBy(20)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + SCAN_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new KafkaException("reading " + errorTopic + " took longer than " + SCAN_TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> report : consumer.poll(POLL)) {
                    read++;
                    TopicPartition source = sourceOf(report);
                    if (source != null && wanted.contains(source)) {
                        reported.computeIfAbsent(source, p -> new TreeSet<>()).add(Long.parseLong(text(report, ErrorReport.OFFSET)));
                        found++;
                    }
                }
            }
            log.info("Read {} records of error topic {} in {} ms: {} of them report records of {} already", read,
                    errorTopic, (System.nanoTime() - started) / 1_000_000, found, wanted);
        } catch (KafkaException | NumberFormatException e) {
            log.warn("Could not read error topic {} to learn which records of {} it already holds ({}); a record"
                    + " reported before this task started may be reported again", errorTopic, wanted, e.toString());
        }
    }

    /** The source partition a report of this connector is about, or null for another connector's report. */
    private TopicPartition sourceOf(ConsumerRecord<byte[], byte[]> report) {
        String topic = text(report, ErrorReport.TOPIC);
        String partition = text(report, ErrorReport.PARTITION);
        if (topic == null || partition == null || text(report, ErrorReport.OFFSET) == null
                || !Objects.equals(connectorName, text(report, ErrorReport.CONNECTOR))) {
            return null;
        }
        try {
            return new TopicPartition(topic, Integer.parseInt(partition));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String text(ConsumerRecord<byte[], byte[]> record, String header) {
        Header last = record.headers().lastHeader(header);
        return last == null || last.value() == null ? null : new String(last.value(), StandardCharsets.UTF_8);
    }
}
