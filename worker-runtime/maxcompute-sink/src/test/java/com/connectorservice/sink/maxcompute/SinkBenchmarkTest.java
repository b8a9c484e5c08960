package com.connectorservice.sink.maxcompute;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.connectorservice.testing.KafkaBroker;

/**
 * Sink throughput into the emulator against the raw consumer rate of the same topic (the ceiling).
 * The sink side is a consumer loop driving the task like a Connect worker does (poll, put, preCommit,
 * commit) and stops when every offset is durable. Run:
 * <pre>./mvnw -B -pl worker-runtime/maxcompute-sink test -Pbenchmark \
 *     [-Dbenchmark.small=1000000 -Dbenchmark.large=200000 -Dbenchmark.runs=3]</pre>
 */
@Tag("benchmark")
class SinkBenchmarkTest {

    private static final int PARTITIONS = 4;

    @TempDir
    Path dataDir;

    @Test
    void sinkRateAgainstRawConsumerRate() throws Exception {
        int small = Integer.getInteger("benchmark.small", 200_000);
        int large = Integer.getInteger("benchmark.large", 50_000);
        int runs = Integer.getInteger("benchmark.runs", 3);
        try (KafkaBroker broker = KafkaBroker.start(); MaxComputeTables maxCompute = new MaxComputeTables(dataDir)) {
            for (int[] shape : new int[][] {{small, 200}, {large, 1024}}) {
                String topic = "bench_" + shape[1];
                broker.createTopic(topic, PARTITIONS);
                long bytes = produce(broker, topic, shape[0], shape[1]);
                for (boolean streaming : new boolean[] {false, true}) {
                    double[] sink = new double[runs];
                    double[] raw = new double[runs];
                    double[] sdk = new double[runs];
                    for (int run = 0; run < runs; run++) {
                        raw[run] = rawConsumerSeconds(broker, topic, shape[0]);
                        String table = createTable(maxCompute, "bench_" + shape[1] + (streaming ? "_s" : "_b") + run);
                        sink[run] = sinkSeconds(broker, maxCompute, topic, table, shape[0], streaming);
                        sdk[run] = sdkOnlySeconds(maxCompute, createTable(maxCompute, table + "_sdk"), shape[0], shape[1], streaming);
                    }
                    double sinkSeconds = median(sink);
                    double rawSeconds = median(raw);
                    double sdkSeconds = median(sdk);
                    System.out.printf("BENCHMARK %s tunnel, %,d records x %d B: sink %,.0f records/s %.1f MB/s;"
                                    + " raw consumer %,.0f records/s %.1f MB/s; ratio %.2f; SDK alone into the emulator"
                                    + " %,.0f records/s (sink/SDK %.2f) (median of %d runs: sink %s s, raw %s s, SDK %s s)%n",
                            streaming ? "streaming" : "batch", shape[0], shape[1], shape[0] / sinkSeconds,
                            bytes / sinkSeconds / 1e6, shape[0] / rawSeconds, bytes / rawSeconds / 1e6,
                            rawSeconds / sinkSeconds, shape[0] / sdkSeconds, sdkSeconds / sinkSeconds, runs,
                            Arrays.toString(sink), Arrays.toString(raw), Arrays.toString(sdk));
                }
            }
        }
    }

    private static long produce(KafkaBroker broker, String topic, int count, int size) {
        byte[] value = "x".repeat(size).getBytes(StandardCharsets.UTF_8);
        Map<String, Object> settings = Map.of("bootstrap.servers", broker.bootstrapServers(), "acks", "1",
                "enable.idempotence", "false", "linger.ms", "20", "batch.size", String.valueOf(512 * 1024));
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(settings,
                new org.apache.kafka.common.serialization.ByteArraySerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null, value));
            }
            producer.flush();
        }
        return (long) count * size;
    }

    private static double rawConsumerSeconds(KafkaBroker broker, String topic, int count) {
        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer("raw-" + System.nanoTime())) {
            consumer.assign(partitions(topic));
            consumer.seekToBeginning(partitions(topic));
            long start = System.nanoTime();
            long seen = 0;
            while (seen < count) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    seen += record.value().length > 0 ? 1 : 0;
                }
            }
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static double sinkSeconds(KafkaBroker broker, MaxComputeTables maxCompute, String topic, String table, int count,
                                      boolean streaming) throws Exception {
        Map<String, String> props = maxCompute.connectorSettings(table);
        props.put("name", "bench");
        props.put("format", "TEXT");
        props.put("mode", "VALUE");
        props.put("use_streaming", String.valueOf(streaming));
        List<TopicPartition> assigned = partitions(topic);
        RecordingContext context = new RecordingContext(props, assigned.toArray(new TopicPartition[0]));
        MaxComputeSinkTask task = new MaxComputeSinkTask();
        task.initialize(context);
        task.start(props);
        task.open(assigned);
        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer("sink-" + System.nanoTime())) {
            consumer.assign(assigned);
            consumer.seekToBeginning(assigned);
            long start = System.nanoTime();
            long lastCommit = start;
            long durable = 0;
            while (durable < count) {
                Set<TopicPartition> paused = Set.copyOf(context.paused);
                consumer.resume(consumer.paused().stream().filter(tp -> !paused.contains(tp)).toList());
                consumer.pause(paused);
                List<SinkRecord> batch = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    batch.add(new SinkRecord(r.topic(), r.partition(), Schema.OPTIONAL_STRING_SCHEMA, null,
                            Schema.OPTIONAL_STRING_SCHEMA, new String(r.value(), StandardCharsets.UTF_8), r.offset(),
                            r.timestamp(), TimestampType.CREATE_TIME));
                }
                task.put(batch);
                // Like WorkerSinkTask: commit when the task asks for it or every offset.flush.interval.ms (1 s here).
                if (context.commitRequested || System.nanoTime() - lastCommit > 1_000_000_000L) {
                    context.commitRequested = false;
                    Map<TopicPartition, OffsetAndMetadata> offsets = task.preCommit(new HashMap<>(
                            assigned.stream().collect(Collectors.toMap(tp -> tp, tp -> new OffsetAndMetadata(0)))));
                    durable = offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
                    lastCommit = System.nanoTime();
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (maxCompute.count(table) < count) {
                throw new AssertionError("table " + table + " holds fewer rows than the offsets say");
            }
            return seconds;
        } finally {
            task.stop();
        }
    }

    private static String createTable(MaxComputeTables maxCompute, String table) {
        maxCompute.execute("CREATE TABLE " + table + "(topic STRING, `partition` BIGINT, `offset` BIGINT,"
                + " key STRING, value STRING) PARTITIONED BY (pt STRING)");
        return table;
    }

    /**
     * The second ceiling: the same rows written by the SDK alone (our writer, as many threads as the sink
     * uses by default, batches of the default size), without Kafka, conversion or offset tracking.
     */
    private static double sdkOnlySeconds(MaxComputeTables maxCompute, String table, int count, int size,
                                         boolean streaming) throws Exception {
        Map<String, String> props = maxCompute.connectorSettings(table);
        props.put("use_streaming", String.valueOf(streaming));
        MaxComputeSinkConfig config = new MaxComputeSinkConfig(props);
        MaxComputeTable target = new MaxComputeTable(config);
        com.aliyun.odps.Column[] columns = target.schema().getColumns().toArray(new com.aliyun.odps.Column[0]);
        String value = "x".repeat(size);
        int batch = config.recordBatchSize();
        int threads = config.sinkPoolSize();
        String pt = config.partitionValue(System.currentTimeMillis(), 0);
        try (TunnelWriter writer = TunnelWriter.of(target)) {
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
            long start = System.nanoTime();
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int from = 0; from < count; from += batch) {
                int first = from;
                int rows = Math.min(batch, count - from);
                done.add(pool.submit(() -> {
                    List<com.aliyun.odps.data.Record> records = new ArrayList<>(rows);
                    for (int i = first; i < first + rows; i++) {
                        com.aliyun.odps.data.ArrayRecord row = new com.aliyun.odps.data.ArrayRecord(columns);
                        row.set(0, "bench");
                        row.set(1, 0L);
                        row.set(2, (long) i);
                        row.set(4, value);
                        records.add(row);
                    }
                    TunnelWriter.Upload upload = writer.open(pt);
                    upload.prepare(0, records);
                    upload.publish(0, records);
                    upload.complete(1);
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> future : done) {
                future.get();
            }
            pool.shutdown();
            return (System.nanoTime() - start) / 1e9;
        }
    }

    private static List<TopicPartition> partitions(String topic) {
        return IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(topic, p)).toList();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
