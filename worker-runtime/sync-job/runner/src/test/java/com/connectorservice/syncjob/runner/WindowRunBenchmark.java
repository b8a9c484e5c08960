package com.connectorservice.syncjob.runner;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import com.connectorservice.emulator.maxcompute.MaxComputeEmulator;
import com.connectorservice.syncjob.mapping.FieldMapping;
import com.connectorservice.syncjob.mapping.SerializedType;
import com.connectorservice.syncjob.protocol.WindowRunResult;
import com.connectorservice.syncjob.protocol.WindowRunSpec;
import com.connectorservice.syncjob.table.TargetTableDdl;
import com.connectorservice.testing.KafkaBroker;

/**
 * One window of 1,000,000 records (seed-002-like JSON values of ~200 bytes, 3 partitions) run as the agent runs it,
 * into the generated six-column table through the batch tunnel of the MaxCompute emulator, beside the raw consumer
 * reading the same offsets in the same run. Medians of 3. Only under -Pbenchmark:
 * {@code ./mvnw -pl worker-runtime/sync-job/runner -am verify -Pbenchmark -Dtest=WindowRunBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
class WindowRunBenchmark {

    private static final int RECORDS = Integer.getInteger("benchmark.records", 1_000_000);
    private static final int ROUNDS = 3;
    private static final long START = 1_669_078_800_000L; // 2022-11-22 09:00 +08:00

    @Test
    void windowRunBesideTheRawConsumer() throws Exception {
        try (KafkaBroker kafka = KafkaBroker.start();
                MaxComputeEmulator maxCompute = MaxComputeEmulator.builder().credential("ak", "sk").project("bench").start()) {
            kafka.createTopic("bench", 3, Map.of("message.timestamp.after.max.ms", String.valueOf(Long.MAX_VALUE),
                    "retention.ms", "-1"));
            produce(kafka);
            maxCompute.execute(TargetTableDdl.createTable("bench", "ds=${partition}"));
            List<Double> raw = new ArrayList<>();
            List<Double> window = new ArrayList<>();
            for (int round = 0; round < ROUNDS; round++) {
                raw.add(rawConsumer(kafka));
                long started = System.nanoTime();
                WindowRunResult result = WindowRunner.run(new WindowRunSpec("bench-" + round,
                        new WindowRunSpec.Kafka(kafka.bootstrapServers(), Map.of(), "bench", "bench-sync", SerializedType.STRING,
                                SerializedType.STRING, "UTF-8"),
                        START, START + 3_600_000L, WindowRunSpec.EndStrategy.REACH_END_OFFSETS, 60_000, Map.of(), List.of(),
                        new WindowRunSpec.Target(maxCompute.endpoint(), null, "bench", null, "bench", "ds=2022112210", "ak", "sk",
                                null, "Asia/Shanghai"), FieldMapping.defaultMapping()),
                        new WindowRunner.Progress(), () -> false);
                double seconds = (System.nanoTime() - started) / 1e9;
                if (result.recordsWritten() != RECORDS) {
                    throw new AssertionError("window wrote " + result.recordsWritten() + " of " + RECORDS);
                }
                window.add(RECORDS / seconds);
                System.out.printf("BENCHMARK round %d: raw consumer %.0f records/s, window run %.0f records/s (%.1f s)%n",
                        round + 1, raw.get(round), window.get(round), seconds);
            }
            long rows = maxCompute.rows("bench", "bench", "ds='2022112210'").size();
            System.out.printf("BENCHMARK window of %,d records (rows in the partition after %d runs: %,d): median window run %.0f"
                    + " records/s, median raw consumer %.0f records/s in the same run (%.0f%% of the ceiling)%n", RECORDS,
                    ROUNDS, rows, median(window), median(raw), 100 * median(window) / median(raw));
        }
    }

    private static void produce(KafkaBroker kafka) throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(512 * 1024));
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < RECORDS; i++) {
                long ts = START + (long) i * 3_600_000L / RECORDS;
                String value = "{\"a\":{\"a1\":\"hello\"},\"b\":\"world-" + i + "\",\"c\":[\"xxxxxxx\",\"yyyyyyy\"],"
                        + "\"d\":[{\"AA\":\"this\",\"BB\":\"is_data\"},{\"AA\":\"that\",\"BB\":\"is_also_data\"}],\"n\":" + i + "}";
                producer.send(new ProducerRecord<>("bench", i % 3, ts, ("key-" + i).getBytes(StandardCharsets.UTF_8),
                        value.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    /** The ceiling: a plain consumer reading the same records (no decoding, no writing). */
    private static double rawConsumer(KafkaBroker kafka) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        properties.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, String.valueOf(8 * 1024 * 1024));
        properties.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, String.valueOf(64 * 1024 * 1024));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.of(new TopicPartition("bench", 0), new TopicPartition("bench", 1),
                    new TopicPartition("bench", 2));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long started = System.nanoTime();
            long count = 0;
            long bytes = 0;
            while (count < RECORDS) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                for (var record : records) {
                    bytes += record.value().length;
                    count++;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            return bytes > 0 ? count / seconds : 0;
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
