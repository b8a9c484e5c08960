package com.connectorservice.benchmark;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import com.aliyun.odps.tunnel.io.CompressOption;

/** What no sink can beat on this machine: reading the topic, and the SDK writing without Kafka. */
final class Ceilings {

    /** The tunnel compression our sink uses, so the SDK-alone ceiling writes the same bytes. */
    static CompressOption compression = new CompressOption(CompressOption.CompressAlgorithm.ODPS_SNAPPY, 1, 0);

    private Ceilings() {
    }

    /** A plain consumer with Connect's consumer defaults reading the whole topic: records per second. */
    static double rawConsumer(String bootstrapServers, String topic, int partitions, int records) {
        Map<String, Object> settings = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<TopicPartition> assigned = IntStream.range(0, partitions).mapToObj(p -> new TopicPartition(topic, p)).toList();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            long start = System.nanoTime();
            long seen = 0;
            long bytes = 0;
            while (seen < records) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    seen++;
                    bytes += record.value().length;
                }
            }
            if (bytes == 0) {
                throw new IllegalStateException("empty records");
            }
            return records / ((System.nanoTime() - start) / 1e9);
        }
    }
}
