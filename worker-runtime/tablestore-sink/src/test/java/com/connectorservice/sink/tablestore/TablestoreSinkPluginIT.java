package com.connectorservice.sink.tablestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.alicloud.openservices.tablestore.SyncClient;
import com.connectorservice.emulator.tablestore.TablestoreEmulator;
import com.connectorservice.testing.ConnectWorkerProcess;
import com.connectorservice.testing.KafkaBroker;

/**
 * The packaged plugin directory ({@code target/tablestore-sink-plugin/tablestore-sink}, built in the
 * package phase) in a stock Connect worker, configured with JSON posted to its REST API.
 */
class TablestoreSinkPluginIT {

    private static final String AK = "local-ak";
    private static final String SK = "local-sk";
    private static final String INSTANCE = "local-ots";
    private static final String CONNECT_CLUSTER = "connect-cluster-stock";

    @Test
    void stockWorkerLoadsThePluginFromPluginPathAndWritesRows(@TempDir Path work) throws Exception {
        Path pluginDirectory = Path.of(System.getProperty("tablestore.sink.plugin.dir", "target/tablestore-sink-plugin"));
        assertThat(pluginDirectory.resolve("tablestore-sink")).as("plugin directory from the package phase").isDirectory();
        Files.createDirectories(work.resolve("ots"));
        try (KafkaBroker kafka = KafkaBroker.start();
             TablestoreEmulator emulator = TablestoreEmulator.builder().port(0).dataDirectory(work.resolve("ots"))
                     .credential(AK, SK).instance(INSTANCE).start();
             ConnectWorkerProcess worker = new ConnectWorkerProcess(kafka.bootstrapServers(), CONNECT_CLUSTER, pluginDirectory, work, Map.of())) {
            kafka.createTopic("orders", 1);

            assertThat(worker.get("/connector-plugins").body()).contains(TablestoreSinkConnector.class.getName());

            String invalid = "{\"name\":\"bad\",\"connector.class\":\"TablestoreSinkConnector\",\"topics\":\"orders\","
                    + "\"tablestore.endpoint\":\"" + emulator.endpoint() + "\",\"tablestore.instance.name\":\"" + INSTANCE + "\","
                    + "\"tablestore.access.key.id\":\"" + AK + "\",\"tablestore.access.key.secret\":\"" + SK + "\","
                    + "\"delete.mode\":\"row\"}";
            String validation = worker.send("PUT", "/connector-plugins/TablestoreSinkConnector/config/validate", invalid).body();
            assertThat(validation).contains("\"error_count\":1", "deleting rows or columns needs primarykey.mode=record_key");

            String config = "{\"name\":\"orders-to-ots\",\"config\":{"
                    + "\"connector.class\":\"com.connectorservice.sink.tablestore.TablestoreSinkConnector\","
                    + "\"tasks.max\":\"1\",\"topics\":\"orders\","
                    + "\"key.converter\":\"org.apache.kafka.connect.storage.StringConverter\","
                    + "\"value.converter\":\"org.apache.kafka.connect.storage.StringConverter\","
                    + "\"tablestore.endpoint\":\"" + emulator.endpoint() + "\",\"tablestore.instance.name\":\"" + INSTANCE + "\","
                    + "\"tablestore.access.key.id\":\"" + AK + "\",\"tablestore.access.key.secret\":\"" + SK + "\","
                    + "\"auto.create\":\"true\",\"table.name.format\":\"kafka_<topic>\","
                    + "\"primarykey.mode\":\"record_key\",\"message.key.format\":\"STRING\",\"insert.mode\":\"put\"}}";
            assertThat(worker.send("POST", "/connectors", config).statusCode()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(
                    worker.get("/connectors/orders-to-ots/status").body()).contains("\"tasks\":[{\"id\":0,\"state\":\"RUNNING\""));

            try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
                producer.send(new ProducerRecord<>("orders", bytes("demo"), bytes("{\"key\":\"test\"}")));
                producer.send(new ProducerRecord<>("orders", bytes("o-2"), bytes("{\"amount\":3,\"item\":{\"sku\":\"a\"}}")));
            }
            SyncClient client = new SyncClient(emulator.endpoint(), AK, SK, INSTANCE);
            try {
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> assertThat(new TablestoreReader(client)
                        .rows("kafka_orders")).isEqualTo(Map.of(
                        "demo", Map.of("key", "test"),
                        "o-2", Map.of("amount", "3", "item", "{\"sku\":\"a\"}"))));
            } catch (RuntimeException | AssertionError e) {
                System.err.println(worker.log());
                throw e;
            } finally {
                client.shutdown();
            }
            assertThat(worker.log()).as("the secret never reaches the worker log").doesNotContain(SK + "\"", "=" + SK);
        }
    }

    /**
     * A worker killed hard in the middle of a topic: the next worker resumes from the committed offsets,
     * which never run ahead of the rows Tablestore acknowledged, so every record is there (once: the
     * kafka primary key makes a rewrite idempotent).
     */
    @Test
    void aWorkerKilledMidStreamLosesNothing(@TempDir Path work) throws Exception {
        Path pluginDirectory = Path.of(System.getProperty("tablestore.sink.plugin.dir", "target/tablestore-sink-plugin"));
        int records = 60_000;
        Files.createDirectories(work.resolve("ots"));
        try (KafkaBroker kafka = KafkaBroker.start();
             TablestoreEmulator emulator = TablestoreEmulator.builder().port(0).dataDirectory(work.resolve("ots"))
                     .credential(AK, SK).instance(INSTANCE).start()) {
            kafka.createTopic("crash", 2);
            try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
                for (int i = 0; i < records; i++) {
                    producer.send(new ProducerRecord<>("crash", bytes("k" + i), bytes("{\"seq\":" + i + "}")));
                }
            }
            String config = "{\"name\":\"crash\",\"config\":{"
                    + "\"connector.class\":\"TablestoreSinkConnector\",\"tasks.max\":\"2\",\"topics\":\"crash\","
                    + "\"tablestore.endpoint\":\"" + emulator.endpoint() + "\",\"tablestore.instance.name\":\"" + INSTANCE + "\","
                    + "\"tablestore.access.key.id\":\"" + AK + "\",\"tablestore.access.key.secret\":\"" + SK + "\","
                    + "\"auto.create\":\"true\"}}";
            try (ConnectWorkerProcess first = new ConnectWorkerProcess(kafka.bootstrapServers(), CONNECT_CLUSTER, pluginDirectory, work.resolve("worker-1"), Map.of())) {
                assertThat(first.send("POST", "/connectors", config).statusCode()).isEqualTo(201);
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100))
                        .until(() -> emulator.rows(INSTANCE, "crash").size() > 2_000);
                first.kill();
            }
            int writtenBeforeCrash = emulator.rows(INSTANCE, "crash").size();
            assertThat(writtenBeforeCrash).as("killed mid-stream").isLessThan(records);
            try (ConnectWorkerProcess second = new ConnectWorkerProcess(kafka.bootstrapServers(), CONNECT_CLUSTER, pluginDirectory, work.resolve("worker-2"), Map.of())) {
                SyncClient client = new SyncClient(emulator.endpoint(), AK, SK, INSTANCE);
                try {
                    await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                            .until(() -> emulator.rows(INSTANCE, "crash").size() == records);
                    Map<String, Map<String, Object>> rows = new TablestoreReader(client).rows("crash");
                    assertThat(rows).hasSize(records);
                    assertThat(rows.values()).extracting(row -> row.get("seq")).doesNotContainNull().hasSize(records)
                            .doesNotHaveDuplicates();
                } finally {
                    client.shutdown();
                }
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
