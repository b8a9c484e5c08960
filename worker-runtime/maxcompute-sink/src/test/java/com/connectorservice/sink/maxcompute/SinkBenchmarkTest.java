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
 * <pre>./mvnw -B -pl worker-runtime/maxcompute-sink verify -Dgroups=benchmark -Dtest=SinkBenchmarkTest \
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
                    for (int run = 0; run < runs; run++) {
                        raw[run] = rawConsumerSeconds(broker, topic, shape[0]);
                        String table = "bench_" + shape[1] + (streaming ? "_s" : "_b") + run;
                        maxCompute.execute("CREATE TABLE " + table + "(topic STRING, `partition` BIGINT, `offset` BIGINT,"
                                + " key STRING, value STRING) PARTITIONED BY (pt STRING)");
                        sink[run] = sinkSeconds(broker, maxCompute, topic, table, shape[0], streaming);
                    }
                    double sinkSeconds = median(sink);
                    double rawSeconds = median(raw);
                    System.out.printf("BENCHMARK %s tunnel, %,d records x %d B: sink %,.0f records/s %.1f MB/s;"
                                    + " raw consumer %,.0f records/s %.1f MB/s; ratio %.2f (median of %d runs: sink %s s, raw %s s)%n",
                            streaming ? "streaming" : "batch", shape[0], shape[1], shape[0] / sinkSeconds,
                            bytes / sinkSeconds / 1e6, shape[0] / rawSeconds, bytes / rawSeconds / 1e6,
                            rawSeconds / sinkSeconds, runs, Arrays.toString(sink), Arrays.toString(raw));
                }
            }
        }
    }

    private static long produce(KafkaBroker broker, String topic, int count, int size) {
        byte[] value = "x".repeat(size).getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
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

    private static List<TopicPartition> partitions(String topic) {
        return IntStream.range(0, PARTITIONS).mapToObj(p -> new TopicPartition(topic, p)).toList();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
