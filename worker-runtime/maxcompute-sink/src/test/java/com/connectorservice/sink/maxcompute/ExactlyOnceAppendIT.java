package com.connectorservice.sink.maxcompute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.connectorservice.testing.ConnectWorkerProcess;
import com.connectorservice.testing.KafkaBroker;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Appends through the batch tunnel are exactly-once across a crash at the worst moment: a stock Connect worker
 * loading the plugin halts (as after kill -9, {@link CrashPoint}, set by a JVM flag the connector's configuration
 * cannot reach) right after a batch's upload sessions were committed and before its offsets could reach Connect.
 * Connect's own offset commit is one minute away, so the committed offsets are behind the visible rows (asserted):
 * an at-least-once sink writes those rows again. A second worker takes over and every record is in the table exactly
 * once: plain TEXT, JSON, and the append table of the change-data mode.
 */
class ExactlyOnceAppendIT {

    private static final int PARTITIONS = 2;
    private static final int RECORDS = 6_000;
    private static final Map<String, String> WORKER = Map.of("offset.flush.interval.ms", "60000");

    @TempDir
    Path workDir;

    @Test
    void textRowsAreWrittenExactlyOnceAcrossACrashAfterTheCommit() throws Exception {
        appendsExactlyOnce("TEXT", "DEFAULT", "value STRING", i -> "v" + i);
    }

    @Test
    void jsonRowsAreWrittenExactlyOnceAcrossACrashAfterTheCommit() throws Exception {
        appendsExactlyOnce("JSON", "VALUE", "value JSON", i -> "{\"n\":" + i + "}");
    }

    private void appendsExactlyOnce(String format, String mode, String valueColumn, Function<Integer, String> value) throws Exception {
        String topic = "eo_" + format.toLowerCase();
        try (KafkaBroker broker = KafkaBroker.start(); MaxComputeTables maxCompute = new MaxComputeTables(workDir.resolve("mc"))) {
            broker.createTopic(topic, PARTITIONS);
            produce(broker, topic, value);
            maxCompute.execute("CREATE TABLE eo_table(topic STRING, `partition` BIGINT, `offset` BIGINT, key STRING, "
                    + valueColumn + ") PARTITIONED BY (pt STRING)");
            Map<String, String> config = maxCompute.connectorSettings("eo_table");
            config.put("tasks.max", "2");
            config.put("topics", topic);
            config.put("format", format);
            config.put("mode", mode);
            config.put("record_batch_size", "500");
            crashAfterACommitThenRecover(broker, maxCompute, "eo-" + format.toLowerCase(), config, 3,
                    () -> maxCompute.rows("eo_table").stream().map(r -> r.get("partition") + "/" + r.get("offset")).toList());
        }
    }

    @Test
    void changeDataAppendTableRowsAreWrittenExactlyOnceAcrossACrashAfterTheCommit() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(); MaxComputeTables maxCompute = new MaxComputeTables(workDir.resolve("mc"))) {
            broker.createTopic("eo_cdc", PARTITIONS);
            // schemaless Debezium envelopes without a key: the sink creates an append table "events"
            produce(broker, "eo_cdc", i -> "{\"op\":\"c\",\"before\":null,\"after\":{\"id\":" + i + ",\"what\":\"row " + i
                    + "\"},\"source\":{\"db\":\"shop\",\"schema\":\"public\",\"table\":\"events\"}}");
            Map<String, String> config = maxCompute.connectorSettings("{table}");
            config.put("tasks.max", "2");
            config.put("topics", "eo_cdc");
            config.put("format", "DEBEZIUM_JSON");
            // The change-data sink writes what it buffered about once a second: on a quick machine all 6,000 events can be
            // in each task's first write, so the crash comes after the first commit (a third might never happen).
            crashAfterACommitThenRecover(broker, maxCompute, "eo-cdc", config, 1, () -> maxCompute.emulator
                    .rows(MaxComputeTables.PROJECT, "events", null).stream().map(r -> String.valueOf(r.get("id"))).toList());
        }
    }

    private void crashAfterACommitThenRecover(KafkaBroker broker, MaxComputeTables maxCompute, String name,
                                              Map<String, String> config, int haltAfterBatches, RowIds rowIds)
            throws Exception {
        String group = "connect-cluster-" + name;
        List<String> crashing = List.of("-Xmx768m", "-XX:+UseSerialGC",
                "-D" + CrashPoint.PROPERTY + "=" + haltAfterBatches);
        int visibleAtCrash;
        try (ConnectWorkerProcess first = new ConnectWorkerProcess(broker.bootstrapServers(), group, MaxComputeTables.pluginPath(),
                workDir, WORKER, crashing)) {
            String body = new ObjectMapper().writeValueAsString(Map.of("name", name, "config", config));
            var created = first.post("/connectors", body);
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
                    .until(() -> ProcessHandle.of(first.pid()).map(p -> !p.isAlive()).orElse(true));
            assertThat(first.log()).contains("CrashPoint: halting after committed batch " + haltAfterBatches);
            visibleAtCrash = rowIds.get().size();
        }
        long committedAtCrash = committed(broker, "connect-" + name);
        // the crash left rows visible whose offsets Connect never committed: an at-least-once sink repeats them
        assertThat(visibleAtCrash).isGreaterThan(0);
        assertThat(committedAtCrash).isLessThan(visibleAtCrash);

        try (ConnectWorkerProcess second = new ConnectWorkerProcess(broker.bootstrapServers(), group, MaxComputeTables.pluginPath(),
                workDir, WORKER)) {
            // every row may have been visible at the crash already: wait for the new tasks to have settled the log too
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> rowIds.get().size() >= RECORDS
                            && second.log().contains("after the last batch recorded in " + ConnectorOffsetsTable.TABLE));
            Thread.sleep(3_000); // anything written twice would show up by now
            List<String> ids = rowIds.get();
            Map<String, Long> copies = ids.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting()));
            System.out.printf("exactly-once %s: %d records, %d rows visible at the crash with %d offsets committed,"
                    + " %d rows after recovery%n", name, RECORDS, visibleAtCrash, committedAtCrash, ids.size());
            assertThat(copies).hasSize(RECORDS);
            assertThat(copies.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList())
                    .as("rows written more than once").isEmpty();
            assertThat(ids).hasSize(RECORDS);
            assertThat(second.log()).contains("after the last batch recorded in " + ConnectorOffsetsTable.TABLE);
        }
    }

    @FunctionalInterface
    private interface RowIds {
        List<String> get() throws Exception;
    }

    private static void produce(KafkaBroker broker, String topic, Function<Integer, String> value) {
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, null, value.apply(i).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    private static long committed(KafkaBroker broker, String consumerGroup) throws Exception {
        try (org.apache.kafka.clients.admin.Admin admin = broker.admin()) {
            return admin.listConsumerGroupOffsets(consumerGroup).partitionsToOffsetAndMetadata().get().values().stream()
                    .filter(o -> o != null).mapToLong(o -> o.offset()).sum();
        }
    }
}
