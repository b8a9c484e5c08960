package com.connectorservice.controlplane.failedrecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

import com.connectorservice.contracts.sink.ErrorHeaders;
import com.connectorservice.controlplane.api.ApiException;

/**
 * Reads a topic of failed records backwards, partition by partition, keeping one connector's records: a page is the
 * newest {@code size} of them below a cursor. The cursor holds, per partition, the offset below which the next page
 * reads, so a page costs at most {@link #SCAN_BUDGET} records per partition however large the topic or however many
 * other connectors share it.
 */
final class FailedRecordReader {

    /** Records read per partition for one page at most, matching or not. */
    static final int SCAN_BUDGET = 5_000;
    private static final int CHUNK = 500;
    private static final Duration POLL = Duration.ofMillis(200);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final Duration timeout;

    FailedRecordReader(Consumer<byte[], byte[]> consumer, String topic, Duration timeout) {
        this.consumer = consumer;
        this.topic = topic;
        this.timeout = timeout;
    }

    record Page(List<ConsumerRecord<byte[], byte[]>> records, String next, long scanned) {
    }

    /** The newest {@code size} records of {@code connector} below {@code cursor} (null: from the end), newest first. */
    Page page(String connector, String cursor, int size) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, timeout).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, timeout);
        Map<TopicPartition, Long> upper = cursor == null ? new HashMap<>(consumer.endOffsets(partitions, timeout)) : parse(cursor, partitions);
        Predicate<ConsumerRecord<byte[], byte[]>> ofConnector = record -> Objects.equals(connector, text(record, ErrorHeaders.CONNECTOR));
        Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> candidates = new HashMap<>();
        Map<TopicPartition, Long> scannedDownTo = new HashMap<>();
        long scanned = 0;
        consumer.assign(partitions);
        for (TopicPartition partition : partitions) {
            long low = begin.get(partition);
            long high = Math.max(low, Math.min(upper.getOrDefault(partition, low), consumer.endOffsets(List.of(partition), timeout).get(partition)));
            List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
            long budget = SCAN_BUDGET;
            while (high > low && found.size() < size && budget > 0) {
                long from = Math.max(low, high - Math.min(CHUNK, budget));
                List<ConsumerRecord<byte[], byte[]>> chunk = read(partition, from, high);
                scanned += chunk.size();
                budget -= high - from;
                for (int i = chunk.size() - 1; i >= 0 && found.size() < size; i--) {
                    if (ofConnector.test(chunk.get(i))) {
                        found.add(chunk.get(i));
                    }
                }
                high = found.size() >= size ? found.get(found.size() - 1).offset() : from;
            }
            candidates.put(partition, found);
            scannedDownTo.put(partition, high);
        }
        List<ConsumerRecord<byte[], byte[]>> newest = candidates.values().stream().flatMap(List::stream)
                .sorted(Comparator.<ConsumerRecord<byte[], byte[]>>comparingLong(ConsumerRecord::timestamp).reversed()
                        .thenComparing(ConsumerRecord::partition).thenComparing(Comparator.comparingLong(ConsumerRecord<byte[], byte[]>::offset).reversed()))
                .limit(size).toList();
        Map<TopicPartition, Long> next = new TreeMap<>(Comparator.comparingInt(TopicPartition::partition));
        boolean more = false;
        for (TopicPartition partition : partitions) {
            List<ConsumerRecord<byte[], byte[]>> found = candidates.get(partition);
            long below = found.stream().filter(record -> !newest.contains(record)).findFirst()
                    .map(record -> record.offset() + 1).orElse(scannedDownTo.get(partition));
            next.put(partition, below);
            more |= below > begin.get(partition);
        }
        String nextCursor = more ? next.entrySet().stream().map(e -> e.getKey().partition() + ":" + e.getValue())
                .collect(Collectors.joining(",")) : null;
        return new Page(newest, nextCursor, scanned);
    }

    /** The one record at {@code offset}, or null when the topic no longer holds it. */
    ConsumerRecord<byte[], byte[]> at(int partition, long offset) {
        TopicPartition tp = new TopicPartition(topic, partition);
        if (partition >= consumer.partitionsFor(topic, timeout).size()) {
            return null;
        }
        consumer.assign(List.of(tp));
        if (offset < consumer.beginningOffsets(List.of(tp), timeout).get(tp) || offset >= consumer.endOffsets(List.of(tp), timeout).get(tp)) {
            return null;
        }
        List<ConsumerRecord<byte[], byte[]>> records = read(tp, offset, offset + 1);
        return records.isEmpty() || records.get(0).offset() != offset ? null : records.get(0);
    }

    /** The records in [from, to) of one partition (fewer when some were compacted or aborted). */
    private List<ConsumerRecord<byte[], byte[]>> read(TopicPartition partition, long from, long to) {
        consumer.pause(consumer.assignment());
        consumer.resume(List.of(partition));
        consumer.seek(partition, from);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (consumer.position(partition, timeout) < to) {
            if (System.nanoTime() > deadline) {
                throw ApiException.of(org.springframework.http.HttpStatus.BAD_GATEWAY, "topic", "topic.read",
                        "reading " + partition + " from offset " + from + " took longer than " + timeout);
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL).records(partition)) {
                if (record.offset() < to) {
                    records.add(record);
                }
            }
        }
        return records;
    }

    private static Map<TopicPartition, Long> parse(String cursor, List<TopicPartition> partitions) {
        Map<TopicPartition, Long> upper = new LinkedHashMap<>();
        partitions.forEach(partition -> upper.put(partition, 0L));
        try {
            for (String part : cursor.split(",")) {
                String[] pair = part.split(":");
                upper.put(new TopicPartition(partitions.get(0).topic(), Integer.parseInt(pair[0])), Long.parseLong(pair[1]));
            }
        } catch (RuntimeException e) {
            throw ApiException.badRequest("cursor", "cursor.format", "cursor must be the 'next' value of a previous page"
                    + " (partition:offset,...), got '" + cursor + "'");
        }
        return upper;
    }

    static String text(ConsumerRecord<byte[], byte[]> record, String header) {
        Header last = record.headers().lastHeader(header);
        return last == null || last.value() == null ? null : new String(last.value(), StandardCharsets.UTF_8);
    }

    static Instant timestamp(ConsumerRecord<byte[], byte[]> record) {
        return record.timestamp() < 0 ? null : Instant.ofEpochMilli(record.timestamp());
    }
}
