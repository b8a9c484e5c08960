package com.connectorservice.sink.tablestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.storage.StringConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.TableStoreException;
import com.alicloud.openservices.tablestore.TimeseriesClient;
import com.alicloud.openservices.tablestore.model.DeleteTableRequest;
import com.alicloud.openservices.tablestore.model.timeseries.GetTimeseriesDataRequest;
import com.alicloud.openservices.tablestore.model.timeseries.TimeseriesKey;
import com.alicloud.openservices.tablestore.model.timeseries.TimeseriesRow;
import com.connectorservice.contracts.sink.FailedRecordSpec;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec;
import com.connectorservice.emulator.tablestore.TablestoreEmulator;
import com.connectorservice.sink.common.FailedRecordHandler;

/**
 * The plugin in a real Kafka Connect worker (with its own KRaft broker) writing to the Tablestore
 * emulator, every row read back through the SDK.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TablestoreSinkEndToEndTest {

    static final String AK = TestConfigs.AK;
    static final String SK = TestConfigs.SK;
    static final String INSTANCE = TestConfigs.INSTANCE;
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    Path dataDirectory;

    private EmbeddedConnectCluster connect;
    private TablestoreEmulator emulator;
    private SyncClient client;
    private TablestoreReader reader;
    private KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    void start() {
        emulator = TablestoreEmulator.builder().port(0).dataDirectory(dataDirectory).credential(AK, SK).instance(INSTANCE).start();
        client = new SyncClient(emulator.endpoint(), AK, SK, INSTANCE);
        reader = new TablestoreReader(client);
        connect = new EmbeddedConnectCluster.Builder().name("tablestore-e2e").numWorkers(1)
                .workerProps(new HashMap<>(Map.of("offset.flush.interval.ms", "500"))).build();
        connect.start();
        producer = connect.kafka().createProducer(Map.of());
    }

    @AfterAll
    void stop() {
        if (producer != null) {
            producer.close();
        }
        if (connect != null) {
            connect.stop();
        }
        if (client != null) {
            client.shutdown();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    private Map<String, String> connectorConfig(String topic, String... settings) {
        Map<String, String> config = new HashMap<>();
        config.put("connector.class", TablestoreSinkConnector.class.getName());
        config.put("tasks.max", "1");
        config.put("topics", topic);
        config.put("key.converter", StringConverter.class.getName());
        config.put("value.converter", StringConverter.class.getName());
        config.putAll(TestConfigs.emulatorSettings(emulator.endpoint(), settings));
        return config;
    }

    private void deploy(String name, Map<String, String> config) {
        connect.configureConnector(name, config);
    }

    private void send(String topic, Integer partition, String key, String value) {
        producer.send(new ProducerRecord<>(topic, partition, bytes(key), bytes(value)));
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private Map<String, Map<String, Object>> rows(String topic) {
        return reader.rows("t_" + topic);
    }

    private long committedOffsets(String connector) throws Exception {
        try (Admin admin = connect.kafka().createAdminClient()) {
            Map<?, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("connect-" + connector)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            return offsets.values().stream().filter(o -> o != null).mapToLong(OffsetAndMetadata::offset).sum();
        }
    }

    private List<ConsumerRecord<byte[], byte[]>> consume(String topic, int count) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        connect.kafka().consume(count, WAIT.toMillis(), topic).forEach(records::add);
        return records;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(FailedRecordHandler.HEADER_PREFIX + name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Test
    void kafkaModeWritesEveryRecordAsARowAndCommitsOffsetsOnlyForWrittenRows() throws Exception {
        String topic = "kafka_mode";
        String other = "kafka_mode_other"; // a second topic of the same connector, into its own table
        connect.kafka().createTopic(topic, 2);
        connect.kafka().createTopic(other, 1);
        deploy("kafka-mode", connectorConfig(topic + "," + other, "tasks.max", "2"));
        send(topic, 0, "k", "{\"s\":\"x\",\"n\":12,\"b\":true,\"nested\":{\"a\":[1,{\"b\":null}]},\"gone\":null}");
        send(other, 0, null, "{\"s\":\"o\"}");
        send(topic, 0, "k", "{\"s\":\"y\"}");
        send(topic, 1, null, "{\"s\":\"z\"}");
        producer.flush();

        await().atMost(WAIT).untilAsserted(() -> assertThat(rows(other)).isEqualTo(Map.of("kafka_mode_other_0|0", Map.of("s", "o"))));

        await().atMost(WAIT).untilAsserted(() -> assertThat(rows(topic)).hasSize(3));
        Map<String, Map<String, Object>> rows = rows(topic);
        assertThat(rows).containsOnlyKeys("kafka_mode_0|0", "kafka_mode_0|1", "kafka_mode_1|0");
        // ALL_STRING; a nested object is JSON text; a JSON null field is left out of the put row
        assertThat(rows.get("kafka_mode_0|0")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "s", "x", "n", "12", "b", "true", "nested", "{\"a\":[1,{\"b\":null}]}"));
        assertThat(rows.get("kafka_mode_1|0")).containsExactlyInAnyOrderEntriesOf(Map.of("s", "z"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(committedOffsets("kafka-mode")).isEqualTo(4));
    }

    @Test
    void autoTypeKeepsStringsAndBooleansAndWritesNumbersAsDouble() {
        String topic = "auto_type";
        connect.kafka().createTopic(topic, 1);
        deploy("auto-type", connectorConfig(topic, TablestoreSinkSpec.JSON_CONVERSION, "AUTO_TYPE"));
        send(topic, 0, null, "{\"s\":\"x\",\"n\":12,\"f\":0.5,\"b\":false,\"o\":{\"k\":1}}");
        producer.flush();

        await().atMost(WAIT).untilAsserted(() -> assertThat(rows(topic)).hasSize(1));
        assertThat(rows(topic).get("auto_type_0|0")).containsExactlyInAnyOrderEntriesOf(Map.of(
                "s", "x", "n", 12.0, "f", 0.5, "b", false, "o", "{\"k\":1}"));
    }

    @Test
    void recordValueModeTakesThePrimaryKeyFromTheValue() {
        String topic = "record_value";
        connect.kafka().createTopic(topic, 1);
        deploy("record-value", connectorConfig(topic, TablestoreSinkSpec.PRIMARY_KEY_MODE, "record_value",
                TablestoreSinkSpec.PRIMARY_KEY_NAMES, "region,id", TablestoreSinkSpec.PRIMARY_KEY_TYPES, "string,integer"));
        send(topic, 0, null, "{\"region\":\"hz\",\"id\":1,\"v\":\"a\"}");
        send(topic, 0, null, "{\"region\":\"hz\",\"id\":2,\"v\":\"b\"}");
        send(topic, 0, null, "{\"region\":\"hz\",\"id\":1,\"v\":\"c\"}");
        producer.flush();

        await().atMost(WAIT).untilAsserted(() -> assertThat(rows(topic)).isEqualTo(Map.of(
                "hz|1", Map.of("v", "c"), "hz|2", Map.of("v", "b"))));
    }

    /**
     * Thousands of updates arriving at once: the task writes a poll's records while it reads the next, and still each
     * row ends with its last update and every offset is committed.
     */
    @Test
    void manyUpdatesOfEachRowWrittenInBatchesLeaveEachRowAtItsLastUpdate() throws Exception {
        String topic = "many_updates";
        connect.kafka().createTopic(topic, 2);
        // deployed before producing, as in the other tests: a send right after the topic's creation can meet a
        // partition without a leader yet, and the idempotent producer then stalls on out-of-order sequence errors
        deploy("many-updates", connectorConfig(topic, TablestoreSinkSpec.PRIMARY_KEY_MODE, "record_value",
                TablestoreSinkSpec.PRIMARY_KEY_NAMES, "id", TablestoreSinkSpec.PRIMARY_KEY_TYPES, "integer"));
        connect.assertions().assertConnectorAndAtLeastNumTasksAreRunning("many-updates", 1, "the sink did not start");
        int keys = 100;
        int versions = 30;
        for (int version = 0; version < versions; version++) {
            for (int id = 0; id < keys; id++) {
                send(topic, id % 2, null, "{\"id\":" + id + ",\"v\":\"" + version + "\"}");
            }
        }
        producer.flush();

        await().atMost(WAIT).untilAsserted(() -> assertThat(committedOffsets("many-updates")).isEqualTo(keys * versions));
        Map<String, Map<String, Object>> rows = rows(topic);
        assertThat(rows).hasSize(keys);
        assertThat(rows.values()).allSatisfy(row -> assertThat(row).isEqualTo(Map.of("v", String.valueOf(versions - 1))));
    }

    /**
     * Two batches are written at once, but not two that share a row: the batch of versions 0 and 1 changes row 1 twice
     * (in two requests one after the other: a request never holds two changes of one row), so the next batch's
     * version 2, written beside it against a Tablestore that takes a second per request, would land between the two
     * and be overwritten by version 1.
     */
    @Test
    void aBatchWithARowOfTheBatchBeingWrittenIsWrittenAfterIt(@TempDir Path slowData) throws Exception {
        try (TablestoreEmulator slow = TablestoreEmulator.builder().port(0).dataDirectory(slowData).credential(AK, SK)
                .instance(INSTANCE).latency(Duration.ofSeconds(1)).start()) {
            String topic = "one_row_three_times";
            connect.kafka().createTopic(topic, 1);
            connect.assertions().assertTopicsExist(topic);
            // polls of two: rows 0 and 2 (the task creates the table, then Connect commits), row 1's versions 0 and 1,
            // then its version 2; all in the topic before the task's first fetch
            send(topic, 0, null, "{\"id\":0,\"v\":\"0\"}");
            send(topic, 0, null, "{\"id\":2,\"v\":\"0\"}");
            for (int version = 0; version < 3; version++) {
                send(topic, 0, null, "{\"id\":1,\"v\":\"" + version + "\"}");
            }
            producer.flush();
            Map<String, String> config = connectorConfig(topic, TablestoreSinkSpec.PRIMARY_KEY_MODE, "record_value",
                    TablestoreSinkSpec.PRIMARY_KEY_NAMES, "id", TablestoreSinkSpec.PRIMARY_KEY_TYPES, "integer",
                    "consumer.override.max.poll.records", "2");
            config.put(TablestoreSinkSpec.ENDPOINT, slow.endpoint());
            deploy("one-row-three-times", config);

            await().atMost(WAIT).untilAsserted(() -> assertThat(committedOffsets("one-row-three-times")).isEqualTo(5));
            SyncClient slowClient = new SyncClient(slow.endpoint(), AK, SK, INSTANCE);
            try {
                assertThat(new TablestoreReader(slowClient).rows("t_" + topic))
                        .containsEntry("1", Map.of("v", "2")).hasSize(3);
            } finally {
                slowClient.shutdown();
            }
        }
    }

    /**
     * Seed 003's rules, for each write mode with each delete mode: put replaces the row; update adds
     * fields, skipping empty ones unless the delete mode deletes columns; a null value deletes the row
     * in the row modes and otherwise overwrites it (put) or is refused as dirty data (update).
     */
    @Test
    void eachWriteModeWithEachDeleteMode() {
        Map<String, Map<String, Map<String, Object>>> expected = new HashMap<>();
        Map<String, Object> k2 = Map.of("a", "x");
        for (String writeMode : List.of("put", "update")) {
            for (String deleteMode : List.of("none", "row", "column", "row_and_column")) {
                String topic = "modes_" + writeMode + "_" + deleteMode;
                connect.kafka().createTopic(topic, 1);
                connect.kafka().createTopic("errors_" + topic, 1);
                deploy("modes-" + writeMode + "-" + deleteMode.replace('_', '-'), connectorConfig(topic,
                        TablestoreSinkSpec.PRIMARY_KEY_MODE, "record_key", TablestoreSinkSpec.KEY_FORMAT, "STRING",
                        TablestoreSinkSpec.WRITE_MODE, writeMode, TablestoreSinkSpec.DELETE_MODE, deleteMode,
                        FailedRecordSpec.ERROR_TOPIC, "errors_" + topic,
                        FailedRecordSpec.ERROR_TOPIC_BOOTSTRAP, connect.kafka().bootstrapServers()));
                send(topic, 0, "k1", "{\"a\":\"1\",\"b\":\"2\"}");
                send(topic, 0, "k1", "{\"a\":null,\"c\":\"3\"}");
                send(topic, 0, "k2", "{\"a\":\"x\"}");
                send(topic, 0, "k2", null);
                send(topic, 0, "k3", "{\"a\":\"y\"}");

                Map<String, Map<String, Object>> rows = new HashMap<>();
                boolean put = writeMode.equals("put");
                boolean deletesColumns = deleteMode.contains("column");
                boolean deletesRows = deleteMode.startsWith("row");
                rows.put("k1", put ? Map.of("c", "3") : deletesColumns ? Map.of("b", "2", "c", "3")
                        : Map.of("a", "1", "b", "2", "c", "3"));
                if (!deletesRows) {
                    rows.put("k2", put ? Map.of() : k2);
                }
                rows.put("k3", Map.of("a", "y"));
                expected.put(topic, rows);
            }
        }
        producer.flush();
        expected.forEach((topic, rows) -> await().atMost(WAIT).untilAsserted(() -> assertThat(rows(topic)).isEqualTo(rows)));

        ConsumerRecord<byte[], byte[]> refused = consume("errors_modes_update_none", 1).get(0);
        assertThat(new String(refused.key(), StandardCharsets.UTF_8)).isEqualTo("k2");
        assertThat(refused.value()).isNull();
        assertThat(header(refused, "exception.message")).contains("no value", "insert.mode=update");
        assertThat(header(refused, "offset")).isEqualTo("3");
    }

    @Test
    void recordsTablestoreRefusesGoToTheErrorTopicWithTheReasonAndTheRestIsWritten() throws Exception {
        String topic = "refused";
        connect.kafka().createTopic(topic, 1);
        connect.kafka().createTopic("errors_refused", 1);
        deploy("refused", connectorConfig(topic, TablestoreSinkSpec.PRIMARY_KEY_MODE, "record_key",
                TablestoreSinkSpec.PRIMARY_KEY_NAMES, "user,seq", TablestoreSinkSpec.PRIMARY_KEY_TYPES, "string,integer",
                TablestoreSinkSpec.WRITE_MODE, "update",
                FailedRecordSpec.ERROR_TOPIC, "errors_refused",
                FailedRecordSpec.ERROR_TOPIC_BOOTSTRAP, connect.kafka().bootstrapServers()));
        send(topic, 0, "{\"user\":\"u1\",\"seq\":1}", "{\"v\":\"a\",\"w\":\"keep\"}");
        send(topic, 0, "{\"user\":\"u1\",\"seq\":1}", "{\"v\":\"b\",\"w\":null}"); // null field skipped, w kept
        send(topic, 0, "{\"user\":\"u1\",\"seq\":2}", "not json");
        send(topic, 0, "{\"user\":\"" + "x".repeat(2000) + "\",\"seq\":3}", "{\"v\":\"too long key\"}");
        send(topic, 0, "{\"user\":\"u1\",\"seq\":4}", "{\"v\":null}");
        send(topic, 0, "{\"user\":\"u1\",\"seq\":5}", "{\"v\":\"e\"}");
        producer.flush();

        List<ConsumerRecord<byte[], byte[]>> refused = consume("errors_refused", 3);
        assertThat(refused).extracting(r -> header(r, "offset")).containsExactlyInAnyOrder("2", "3", "4");
        assertThat(refused).extracting(r -> header(r, "exception.message")).anySatisfy(m -> assertThat(m).contains("not valid JSON"))
                .anySatisfy(m -> assertThat(m).contains("Tablestore rejected the row", "OTSParameterInvalid"))
                .anySatisfy(m -> assertThat(m).contains("Every field of the record is empty"));
        assertThat(refused).filteredOn(r -> "2".equals(header(r, "offset")))
                .extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).containsExactly("not json");
        await().atMost(WAIT).untilAsserted(() -> assertThat(rows(topic)).isEqualTo(Map.of(
                "u1|1", Map.of("v", "b", "w", "keep"), "u1|5", Map.of("v", "e"))));
        await().atMost(WAIT).untilAsserted(() -> assertThat(committedOffsets("refused")).isEqualTo(6));
    }

    @Test
    void withoutAnErrorTopicConnectsDeadLetterQueueGetsTheRecord() {
        String topic = "dlq";
        connect.kafka().createTopic(topic, 1);
        deploy("dlq", connectorConfig(topic, "errors.tolerance", "all", "errors.deadletterqueue.topic.name", "dlq_errors",
                "errors.deadletterqueue.topic.replication.factor", "1", "errors.deadletterqueue.context.headers.enable", "true"));
        send(topic, 0, null, "[1,2]");
        send(topic, 0, null, "{\"v\":\"ok\"}");
        producer.flush();

        ConsumerRecord<byte[], byte[]> dead = consume("dlq_errors", 1).get(0);
        assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("[1,2]");
        assertThat(header(dead, "exception.message")).contains("not a JSON object");
        await().atMost(WAIT).untilAsserted(() -> assertThat(rows(topic)).isEqualTo(Map.of("dlq_0|1", Map.of("v", "ok"))));
    }

    @Test
    void timeSeriesMapAllWritesEveryOtherFieldWithoutAFieldList() {
        String topic = "ts_map_all";
        connect.kafka().createTopic(topic, 1);
        connect.kafka().createTopic("errors_" + topic, 1);
        deploy("ts-map-all", connectorConfig(topic, TablestoreSinkSpec.TABLE_MODEL, "timeseries",
                TablestoreSinkSpec.TS_MEASUREMENT, "measurement", TablestoreSinkSpec.TS_DATA_SOURCE, "source",
                TablestoreSinkSpec.TS_TAGS, "region", TablestoreSinkSpec.TS_TIME, "time",
                TablestoreSinkSpec.TS_TIME_UNIT, "MILLISECONDS",
                FailedRecordSpec.ERROR_TOPIC, "errors_" + topic,
                FailedRecordSpec.ERROR_TOPIC_BOOTSTRAP, connect.kafka().bootstrapServers()));
        send(topic, 0, null, "{\"measurement\":\"cpu\",\"source\":\"host1\",\"region\":\"hz\",\"time\":1700000000000,"
                + "\"Usage\":42,\"ok\":true,\"note\":\"n\",\"nested\":{\"a\":1},\"gone\":null}");
        send(topic, 0, null, "{\"measurement\":\"\",\"source\":\"host1\",\"time\":1700000000500,\"usage\":1}");
        send(topic, 0, null, "{\"measurement\":\"cpu\",\"source\":\"host1\",\"region\":\"hz\",\"time\":1700000001000,\"usage\":43.5}");
        producer.flush();

        TimeseriesKey key = new TimeseriesKey("cpu", "host1", Map.of("region", "hz"));
        await().atMost(WAIT).untilAsserted(() -> assertThat(timeseries("t_" + topic, key)).hasSize(2));
        List<TimeseriesRow> rows = timeseries("t_" + topic, key);
        assertThat(rows.get(0).getTimeInUs()).isEqualTo(1_700_000_000_000_000L);
        assertThat(fields(rows.get(0))).isEqualTo(Map.of("usage", 42.0, "ok", true, "note", "n", "nested", "{\"a\":1}"));
        assertThat(rows.get(1).getTimeInUs()).isEqualTo(1_700_000_001_000_000L);
        assertThat(fields(rows.get(1))).isEqualTo(Map.of("usage", 43.5));
        ConsumerRecord<byte[], byte[]> refused = consume("errors_" + topic, 1).get(0);
        assertThat(header(refused, "exception.message")).contains("Metric name field 'measurement'");
    }

    @Test
    void timeSeriesExplicitFieldTypesWithAnIntegerTimestampFromAConnectSchema() {
        String topic = "ts_typed";
        connect.kafka().createTopic(topic, 1);
        deploy("ts-typed", connectorConfig(topic, "value.converter", "org.apache.kafka.connect.json.JsonConverter",
                "value.converter.schemas.enable", "true", TablestoreSinkSpec.TABLE_MODEL, "timeseries",
                TablestoreSinkSpec.TS_MEASUREMENT, "m", TablestoreSinkSpec.TS_TIME, "t",
                TablestoreSinkSpec.TS_TIME_UNIT, "SECONDS", TablestoreSinkSpec.TS_MAP_ALL, "false",
                TablestoreSinkSpec.TS_FIELD_NAMES, "temp,count,label,raw,flag",
                TablestoreSinkSpec.TS_FIELD_TYPES, "double,integer,string,binary,boolean"));
        send(topic, 0, null, "{\"schema\":{\"type\":\"struct\",\"fields\":["
                + "{\"field\":\"m\",\"type\":\"string\"},{\"field\":\"t\",\"type\":\"int32\"},"
                + "{\"field\":\"temp\",\"type\":\"int16\"},{\"field\":\"count\",\"type\":\"int64\"},"
                + "{\"field\":\"label\",\"type\":\"string\"},{\"field\":\"raw\",\"type\":\"string\"},"
                + "{\"field\":\"flag\",\"type\":\"boolean\"},{\"field\":\"ignored\",\"type\":\"string\"}]},"
                + "\"payload\":{\"m\":\"temperature\",\"t\":1700000000,\"temp\":21,\"count\":7,\"label\":\"l\","
                + "\"raw\":\"bytes\",\"flag\":true,\"ignored\":\"x\"}}");
        producer.flush();

        TimeseriesKey key = new TimeseriesKey("temperature", "", Map.of());
        await().atMost(WAIT).untilAsserted(() -> assertThat(timeseries("t_" + topic, key)).hasSize(1));
        TimeseriesRow row = timeseries("t_" + topic, key).get(0);
        assertThat(row.getTimeInUs()).isEqualTo(1_700_000_000_000_000L);
        Map<String, Object> fields = fields(row);
        assertThat(fields).containsOnlyKeys("temp", "count", "label", "raw", "flag");
        assertThat(fields).containsEntry("temp", 21.0).containsEntry("count", 7L).containsEntry("label", "l")
                .containsEntry("flag", true);
        assertThat((byte[]) fields.get("raw")).isEqualTo("bytes".getBytes(StandardCharsets.UTF_8));
    }

    /** A table dropped under a running sink is created again (auto.create) instead of stalling on "table not found". */
    @Test
    void aTableDroppedWhileRunningIsCreatedAgain() {
        String topic = "recreated";
        connect.kafka().createTopic(topic, 1);
        deploy("recreated", connectorConfig(topic));
        send(topic, 0, null, "{\"v\":\"before\"}");
        producer.flush();
        await().atMost(WAIT).untilAsserted(() -> assertThat(rows(topic)).hasSize(1));

        client.deleteTable(new DeleteTableRequest("t_" + topic));
        send(topic, 0, null, "{\"v\":\"after\"}");
        producer.flush();
        await().atMost(WAIT).untilAsserted(() -> assertThat(rows(topic)).isEqualTo(Map.of("recreated_0|1", Map.of("v", "after"))));
    }

    @Test
    void withoutAutoCreateAMissingTableFailsTheTaskNamingTableAndInstance() {
        String topic = "no_table";
        connect.kafka().createTopic(topic, 1);
        deploy("no-table", connectorConfig(topic, TablestoreSinkSpec.AUTO_CREATE, "false"));
        send(topic, 0, null, "{\"v\":\"x\"}");
        producer.flush();
        await().atMost(WAIT).ignoreExceptions().untilAsserted(() -> {
            var tasks = connect.connectorStatus("no-table").tasks();
            assertThat(tasks).isNotEmpty();
            var task = tasks.get(0);
            assertThat(task.state()).isEqualTo("FAILED");
            assertThat(task.trace()).contains("table 't_no_table' does not exist in Tablestore instance 'local-ots'",
                    "auto.create is false");
        });
        assertThat(rows(topic)).isEmpty();
    }

    private List<TimeseriesRow> timeseries(String table, TimeseriesKey key) {
        TimeseriesClient timeseriesClient = client.asTimeseriesClient();
        GetTimeseriesDataRequest request = new GetTimeseriesDataRequest(table);
        request.setTimeseriesKey(key);
        request.setTimeRange(0, Long.MAX_VALUE);
        try {
            return timeseriesClient.getTimeseriesData(request).getRows();
        } catch (TableStoreException e) {
            if ("OTSObjectNotExist".equals(e.getErrorCode())) {
                return List.of();
            }
            throw e;
        }
    }

    private static Map<String, Object> fields(TimeseriesRow row) {
        Map<String, Object> fields = new HashMap<>();
        row.getFields().forEach((name, value) -> fields.put(name, TablestoreReader.javaValue(value)));
        return fields;
    }

    /**
     * While Tablestore is down nothing is committed; once it is back every row arrives within 10 s (bounded back-off,
     * no SDK back-off stacked under it) and only then offsets move.
     */
    @Test
    void offsetsAreCommittedOnlyAfterTablestoreAcknowledgedTheRows(@TempDir Path outageData) throws Exception {
        try (Outage outage = new Outage(outageData)) {
            String topic = "outage";
            outage.deployAndWriteOneRow("outage", topic, "{\"v\":\"0\"}");

            outage.down();
            for (int i = 1; i <= 5; i++) {
                send(topic, 0, null, "{\"v\":\"" + i + "\"}");
            }
            producer.flush();
            Thread.sleep(6_000); // several failed attempts and offset commit intervals
            assertThat(committedOffsets("outage")).isEqualTo(1);

            outage.up();
            await().atMost(java.time.Duration.ofSeconds(10))
                    .untilAsserted(() -> assertThat(outage.reader.rows("t_outage")).hasSize(6));
            await().atMost(WAIT).untilAsserted(() -> assertThat(committedOffsets("outage")).isEqualTo(6));
        }
    }

    /**
     * Batches queued behind one that fails through an outage are not written but consumed again with it, in order:
     * once Tablestore is back every row ends at its last update and every offset is committed.
     */
    @Test
    void anOutageWithBatchesQueuedBehindTheFailingOneLosesNoUpdate(@TempDir Path outageData) throws Exception {
        try (Outage outage = new Outage(outageData)) {
            String topic = "queued_outage";
            outage.deployAndWriteOneRow("queued-outage", topic, "{\"id\":0,\"v\":\"first\"}",
                    TablestoreSinkSpec.PRIMARY_KEY_MODE, "record_value", TablestoreSinkSpec.PRIMARY_KEY_NAMES, "id",
                    TablestoreSinkSpec.PRIMARY_KEY_TYPES, "integer");

            outage.down();
            int keys = 100;
            int versions = 30; // 3,000 records: several polls, so batches queue behind the one that fails
            for (int version = 0; version < versions; version++) {
                for (int id = 0; id < keys; id++) {
                    send(topic, 0, null, "{\"id\":" + id + ",\"v\":\"" + version + "\"}");
                }
            }
            producer.flush();
            Thread.sleep(5_000); // the first batch fails after its 2 s budget, the ones queued behind it with it
            assertThat(committedOffsets("queued-outage")).isEqualTo(1);

            outage.up();
            await().atMost(WAIT).untilAsserted(() -> assertThat(committedOffsets("queued-outage"))
                    .isEqualTo(1 + keys * versions));
            Map<String, Map<String, Object>> rows = outage.reader.rows("t_queued_outage");
            assertThat(rows).hasSize(keys);
            assertThat(rows.values()).allSatisfy(row -> assertThat(row).isEqualTo(Map.of("v", String.valueOf(versions - 1))));
        }
    }

    /** A Tablestore of its own that a test takes down and brings back on the same port with the same data. */
    private final class Outage implements AutoCloseable {
        private final Path data;
        private final int port;
        private final SyncClient client;
        final TablestoreReader reader;
        private TablestoreEmulator emulator;

        Outage(Path data) {
            this.data = data;
            emulator = start(0);
            port = emulator.port();
            client = new SyncClient(emulator.endpoint(), AK, SK, INSTANCE);
            reader = new TablestoreReader(client);
        }

        private TablestoreEmulator start(int onPort) {
            return TablestoreEmulator.builder().port(onPort).dataDirectory(data).credential(AK, SK).instance(INSTANCE)
                    .start();
        }

        /** A connector writing {@code topic} here with short retry budgets, its first row written and committed. */
        void deployAndWriteOneRow(String connector, String topic, String firstValue, String... settings) throws Exception {
            connect.kafka().createTopic(topic, 1);
            String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(settings), java.util.stream.Stream.of(
                    TablestoreSinkSpec.RETRY_TIMEOUT_MS, "2000", TablestoreSinkSpec.REQUEST_TIMEOUT_MS, "1000"))
                    .toArray(String[]::new);
            Map<String, String> config = connectorConfig(topic, all);
            config.put(TablestoreSinkSpec.ENDPOINT, emulator.endpoint());
            deploy(connector, config);
            send(topic, 0, null, firstValue);
            producer.flush();
            await().atMost(WAIT).untilAsserted(() -> assertThat(reader.rows("t_" + topic)).hasSize(1));
            await().atMost(WAIT).untilAsserted(() -> assertThat(committedOffsets(connector)).isEqualTo(1));
        }

        void down() {
            emulator.close();
        }

        void up() {
            emulator = start(port);
        }

        @Override
        public void close() {
            client.shutdown();
            emulator.close();
        }
    }
}
