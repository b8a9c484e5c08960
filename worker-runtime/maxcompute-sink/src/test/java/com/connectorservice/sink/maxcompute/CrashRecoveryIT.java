package com.connectorservice.sink.maxcompute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.connectorservice.testing.ConnectWorkerProcess;
import com.connectorservice.testing.KafkaBroker;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A stock Connect worker loading the plugin from plugin.path is killed mid-stream and started again: every produced
 * record ends up in the table exactly once (the commit log {@link ConnectorOffsetsTable} settles the batch the kill
 * interrupted; {@link ExactlyOnceAppendIT} forces the worst moment). The connector renames the topic with a transform, so
 * offsets are only committed if the task keys them by the records' original coordinates (KIP-793).
 */
class CrashRecoveryIT {

    private static final int PARTITIONS = 2;
    private static final int RECORDS = 20_000;
    private static final int BATCH = 500;
    private static final int POOL = 2;

    @TempDir
    Path workDir;

    @Test
    void workerKilledMidStreamLosesNothing() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(); MaxComputeTables maxCompute = new MaxComputeTables(workDir.resolve("mc"))) {
            broker.createTopic("crash_topic", PARTITIONS);
            maxCompute.execute("CREATE TABLE crash_table(topic STRING, `partition` BIGINT, `offset` BIGINT, key STRING,"
                    + " value STRING) PARTITIONED BY (pt STRING)");
            Map<String, String> worker = Map.of("offset.flush.interval.ms", "500");
            AtomicBoolean producing = new AtomicBoolean(true);
            Thread producer = new Thread(() -> produce(broker, producing), "crash-producer");
            long killedAtRows;
            try (ConnectWorkerProcess first = new ConnectWorkerProcess(broker.bootstrapServers(), "connect-cluster-crash", MaxComputeTables.pluginPath(), workDir, worker)) {
                assertThat(first.get("/connector-plugins").body()).contains("com.aliyun.odps.kafka.connect.MaxComputeSinkConnector");
                Map<String, String> config = maxCompute.connectorSettings("crash_table");
                config.put("tasks.max", "2");
                config.put("topics", "crash_topic");
                config.put("format", "TEXT");
                config.put("mode", "DEFAULT");
                config.put("record_batch_size", String.valueOf(BATCH));
                config.put("sink_pool_size", String.valueOf(POOL));
                config.put("transforms", "rename");
                config.put("transforms.rename.type", "org.apache.kafka.connect.transforms.RegexRouter");
                config.put("transforms.rename.regex", "crash_(.*)");
                config.put("transforms.rename.replacement", "renamed_$1");
                String body = new ObjectMapper().writeValueAsString(Map.of("name", "crash", "config", config));
                assertThat(first.post("/connectors", body).statusCode()).isEqualTo(201);
                producer.start();
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                        .until(() -> maxCompute.count("crash_table") >= RECORDS / 4);
                first.kill();
                killedAtRows = maxCompute.count("crash_table");
            }
            try (ConnectWorkerProcess second = new ConnectWorkerProcess(broker.bootstrapServers(), "connect-cluster-crash", MaxComputeTables.pluginPath(), workDir, worker)) {
                producer.join(120_000);
                await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> distinct(maxCompute.rows("crash_table")) == RECORDS);
                List<Map<String, Object>> rows = maxCompute.rows("crash_table");
                long duplicates = rows.size() - RECORDS;
                System.out.printf("crash test: %d records, %d rows when the worker was killed, %d duplicates after"
                        + " restart (exactly-once: 0)%n", RECORDS, killedAtRows, duplicates);
                Set<String> values = rows.stream().map(r -> (String) r.get("value")).collect(Collectors.toSet());
                assertThat(values).hasSize(RECORDS);
                assertThat(duplicates).isZero();
            } finally {
                producing.set(false);
            }
        }
    }

    private static void produce(KafkaBroker broker, AtomicBoolean producing) {
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            for (int i = 0; i < RECORDS && producing.get(); i++) {
                producer.send(new ProducerRecord<>("crash_topic", i % PARTITIONS, ("k" + i).getBytes(StandardCharsets.UTF_8),
                        ("v" + i).getBytes(StandardCharsets.UTF_8)));
                if (i % 500 == 499) {
                    producer.flush();
                    Thread.sleep(50);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long committed(KafkaBroker broker) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = broker.admin()) {
            return admin.listConsumerGroupOffsets("connect-crash").partitionsToOffsetAndMetadata().get()
                    .entrySet().stream().filter(e -> e.getKey().topic().equals("crash_topic") && e.getValue() != null)
                    .mapToLong(e -> e.getValue().offset()).sum();
        }
    }

    private static long distinct(List<Map<String, Object>> rows) {
        return rows.stream().map(r -> r.get("partition") + "/" + r.get("offset")).distinct().count();
    }
}
