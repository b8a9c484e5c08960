package com.connectorservice.sink.maxcompute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.connectorservice.testing.ConnectWorkerProcess;
import com.connectorservice.testing.KafkaBroker;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A stock worker with a small heap runs a connector of four tasks, each allowed the default {@code buffer_size_kb}
 * (64 MiB: four times that is twice the heap), through a backlog that MaxCompute takes far more slowly than Kafka
 * hands it over. The tasks together buffer at most half the heap and pause; the worker stays up (it exits when out of
 * memory, as the agent starts it: without the shared bound it did within 20 s, its heap full), and once MaxCompute
 * takes rows at full speed again every record lands exactly once.
 */
class WorkerHeapIT {

    private static final int PARTITIONS = 4;
    private static final int RECORDS = 150_000;
    private static final int VALUE_BYTES = 1024;

    @TempDir
    Path workDir;

    @Test
    void theTasksOfAWorkerBufferAtMostHalfItsHeapThroughABacklog() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(); MaxComputeTables maxCompute = new MaxComputeTables(workDir.resolve("mc"));
             FaultyProxy tunnel = new FaultyProxy(maxCompute.emulator.tunnelEndpoint());
             ConnectWorkerProcess worker = new ConnectWorkerProcess(broker.bootstrapServers(), "connect-cluster-heap",
                     MaxComputeTables.pluginPath(), workDir, Map.of(),
                     List.of("-Xmx128m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError"))) {
            broker.createTopic("backlog", PARTITIONS);
            maxCompute.execute("CREATE TABLE backlog_table(topic STRING, `partition` BIGINT, `offset` BIGINT, key STRING,"
                    + " value STRING) PARTITIONED BY (pt STRING)");
            Map<String, String> config = maxCompute.connectorSettings("backlog_table");
            config.put("tunnel_endpoint", tunnel.endpoint());
            config.put("tasks.max", String.valueOf(PARTITIONS));
            config.put("topics", "backlog");
            config.put("format", "TEXT");
            config.put("mode", "DEFAULT");
            String body = new ObjectMapper().writeValueAsString(Map.of("name", "heap", "config", config));
            assertThat(worker.post("/connectors", body).statusCode()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(60)).until(() -> worker.get("/connectors/heap/status").body()
                    .split("\"RUNNING\"", -1).length - 1 == PARTITIONS + 1);

            tunnel.limitRate(1_000_000);
            produce(broker);
            // the tasks read the backlog (150 MiB) within seconds and MaxCompute takes 1 MB/s: a worker whose buffers
            // outgrew its heap is gone by then
            await().during(Duration.ofSeconds(15)).atMost(Duration.ofSeconds(20))
                    .until(() -> ProcessHandle.of(worker.pid()).map(ProcessHandle::isAlive).orElse(false));

            tunnel.limitRate(0);
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> maxCompute.count("backlog_table") >= RECORDS);
            List<Map<String, Object>> rows = maxCompute.rows("backlog_table");
            assertThat(rows).hasSize(RECORDS);
            assertThat(rows.stream().map(r -> r.get("partition") + "/" + r.get("offset")).distinct()).hasSize(RECORDS);
            assertThat(worker.get("/connectors/heap/status").body()).doesNotContain("FAILED");
        }
    }

    private static void produce(KafkaBroker broker) {
        Random random = new Random(42);
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            for (int i = 0; i < RECORDS; i++) {
                byte[] value = new byte[VALUE_BYTES]; // letters at random: blocks compress no better than rows do
                for (int b = 0; b < value.length; b++) {
                    value[b] = (byte) ('a' + random.nextInt(26));
                }
                producer.send(new ProducerRecord<>("backlog", i % PARTITIONS, ("k" + i).getBytes(StandardCharsets.UTF_8),
                        value));
            }
            producer.flush();
        }
    }
}
