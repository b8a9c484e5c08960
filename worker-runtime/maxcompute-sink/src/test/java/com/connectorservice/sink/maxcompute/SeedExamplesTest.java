package com.connectorservice.sink.maxcompute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Seed 001's examples end to end: a real KRaft broker, a real Connect worker that receives the seed's
 * JSON through its REST API, the MaxCompute emulator, and the rows read back through the SDK.
 */
class SeedExamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PT_MINUTE = "\\d{2}-\\d{2}-\\d{4} \\d{2}:\\d{2}";
    private static final String FLATTEN_TABLE = "(topic STRING, `partition` BIGINT, `offset` BIGINT, id BIGINT,"
            + " name STRING, extendinfo JSON) PARTITIONED BY (pt STRING)";

    private static Path dataDir;
    private static MaxComputeTables maxCompute;
    private static EmbeddedConnectCluster connect;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("mc-seed");
        maxCompute = new MaxComputeTables(dataDir);
        Map<String, String> worker = new HashMap<>();
        worker.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        worker.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        worker.put("offset.flush.interval.ms", "1000");
        connect = new EmbeddedConnectCluster.Builder().name("mc-seed").numWorkers(1).numBrokers(1).workerProps(worker).build();
        connect.start();
    }

    @AfterAll
    static void stop() {
        if (connect != null) {
            connect.stop();
        }
        if (maxCompute != null) {
            maxCompute.close();
        }
    }

    @Test
    void textExample() throws Exception {
        maxCompute.execute("CREATE TABLE IF NOT EXISTS table_text(topic STRING, `partition` BIGINT, `offset` BIGINT,"
                + " key STRING, value STRING) PARTITIONED BY (pt STRING)");
        produce("topic_text", "123", "abc", "456", "edf");
        post("odps-test-text", "topic_text", "table_text", "TEXT", Map.of());
        List<Map<String, Object>> rows = awaitRows("table_text", 2);
        assertThat(rows).allSatisfy(r -> assertThat((String) r.get("pt")).matches(PT_MINUTE));
        assertThat(withoutPt(rows)).containsExactly(
                row("topic_text", 0, 0, "key", null, "value", "abc"),
                row("topic_text", 0, 1, "key", null, "value", "edf"));
    }

    @Test
    void csvExample() throws Exception {
        maxCompute.execute("CREATE TABLE IF NOT EXISTS table_csv(topic STRING, `partition` BIGINT, `offset` BIGINT,"
                + " id BIGINT, name STRING, region STRING) PARTITIONED BY (pt STRING)");
        produce("topic_csv", "123", "1103,zhangsan,china", "456", "1104,lisi,usa");
        post("odps-test-csv", "topic_csv", "table_csv", "CSV", Map.of());
        assertThat(withoutPt(awaitRows("table_csv", 2))).containsExactly(
                row("topic_csv", 0, 0, "id", 1103L, "name", "zhangsan", "region", "china"),
                row("topic_csv", 0, 1, "id", 1104L, "name", "lisi", "region", "usa"));
    }

    @Test
    void jsonExample() throws Exception {
        maxCompute.execute("CREATE TABLE IF NOT EXISTS table_json(topic STRING, `partition` BIGINT, `offset` BIGINT,"
                + " key STRING, value JSON) PARTITIONED BY (pt STRING)");
        produce("topic_json", "123", "{\"id\":123,\"name\":\"json-1\",\"region\":\"beijing\"}",
                "456", "{\"id\":456,\"name\":\"json-2\",\"region\":\"hangzhou\"}");
        post("odps-test-json", "topic_json", "table_json", "JSON", Map.of());
        List<Map<String, Object>> rows = withoutPt(awaitRows("table_json", 2));
        assertThat(rows).extracting(r -> r.get("offset")).containsExactly(0L, 1L);
        assertThat(rows).allSatisfy(r -> assertThat(r.get("key")).isNull());
        assertThat(json(rows.get(0).get("value"))).isEqualTo(json("{\"id\":123,\"name\":\"json-1\",\"region\":\"beijing\"}"));
        assertThat(json(rows.get(1).get("value"))).isEqualTo(json("{\"id\":456,\"name\":\"json-2\",\"region\":\"hangzhou\"}"));
    }

    @Test
    void flattenExample() throws Exception {
        maxCompute.execute("CREATE TABLE IF NOT EXISTS table_flatten" + FLATTEN_TABLE);
        produce("topic_flatten", "123", "{\"id\":123,\"name\":\"json-1\",\"extendinfo\":{\"region\":\"beijing\",\"sex\":\"M\"}}",
                "456", "{\"id\":456,\"name\":\"json-2\",\"extendinfo\":{\"region\":\"hangzhou\",\"sex\":\"W\"}}");
        post("odps-test-flatten", "topic_flatten", "table_flatten", "FLATTEN", Map.of());
        List<Map<String, Object>> rows = withoutPt(awaitRows("table_flatten", 2));
        assertThat(rows).extracting(r -> List.of(r.get("topic"), r.get("offset"), r.get("id"), r.get("name")))
                .containsExactly(List.of("topic_flatten", 0L, 123L, "json-1"), List.of("topic_flatten", 1L, 456L, "json-2"));
        assertThat(json(rows.get(0).get("extendinfo"))).isEqualTo(json("{\"sex\":\"M\",\"region\":\"beijing\"}"));
        assertThat(json(rows.get(1).get("extendinfo"))).isEqualTo(json("{\"sex\":\"W\",\"region\":\"hangzhou\"}"));
    }

    @Test
    void abnormalDataGoesToTheRuntimeErrorTopicAndLaterRecordsStillArrive() throws Exception {
        maxCompute.execute("CREATE TABLE IF NOT EXISTS test_flatten" + FLATTEN_TABLE);
        connect.kafka().createTopic("runtime_error", 1);
        produce("topic_abnormal",
                "100", "{\"id\":100,\"name\":\"json-3\",\"extendinfo\":{\"region\":\"beijing\",\"gender\":\"M\"}}",
                "101", "{\"id\":101,\"name\":\"json-4\",\"extendinfos\":\"null\"}",
                "102", "{\"id\":102,\"name\":\"json-5\",\"extendinfo\":{\"region\":\"beijing\",\"gender\":\"M\"}}");
        Map<String, String> errors = new LinkedHashMap<>();
        errors.put("runtime.error.topic.name", "runtime_error");
        errors.put("runtime.error.topic.bootstrap.servers", "http://" + connect.kafka().bootstrapServers());
        errors.put("skip_error", "false");
        post("odps-test-runtime-error", "topic_abnormal", "test_flatten", "FLATTEN", errors);
        List<Map<String, Object>> rows = withoutPt(awaitRows("test_flatten", 2));
        assertThat(rows).extracting(r -> List.of(r.get("offset"), r.get("id"), r.get("name")))
                .containsExactly(List.of(0L, 100L, "json-3"), List.of(2L, 102L, "json-5"));
        List<ConsumerRecord<byte[], byte[]>> routed = new ArrayList<>();
        connect.kafka().consume(1, 30_000, "runtime_error").forEach(routed::add);
        ConsumerRecord<byte[], byte[]> error = routed.get(0);
        assertThat(new String(error.value(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":101,\"name\":\"json-4\",\"extendinfos\":\"null\"}");
        assertThat(new String(error.key(), StandardCharsets.UTF_8)).isEqualTo("101");
        assertThat(header(error, "__connect.errors.offset")).isEqualTo("1");
        assertThat(header(error, "__connect.errors.exception.message")).contains("extendinfos");
        // The connector keeps running and its committed offset moves past the routed record.
        await().atMost(Duration.ofSeconds(30)).until(() -> committedOffset("odps-test-runtime-error") == 3L);
    }

    @Test
    void withoutAnErrorTopicConnectsDeadLetterQueueTakesTheRecord() throws Exception {
        maxCompute.execute("CREATE TABLE IF NOT EXISTS table_dlq" + FLATTEN_TABLE);
        connect.kafka().createTopic("connect-error-odps-test-dlq", 1);
        produce("topic_dlq", "1", "{\"id\":1,\"name\":\"ok\"}", "2", "{\"id\":\"two\"}", "3", "{\"id\":3,\"name\":\"ok\"}");
        post("odps-test-dlq", "topic_dlq", "table_dlq", "FLATTEN", Map.of("errors.tolerance", "all",
                "errors.deadletterqueue.topic.name", "connect-error-odps-test-dlq",
                "errors.deadletterqueue.topic.replication.factor", "1",
                "errors.deadletterqueue.context.headers.enable", "true"));
        assertThat(withoutPt(awaitRows("table_dlq", 2))).extracting(r -> r.get("id")).containsExactly(1L, 3L);
        List<ConsumerRecord<byte[], byte[]>> dead = new ArrayList<>();
        connect.kafka().consume(1, 30_000, "connect-error-odps-test-dlq").forEach(dead::add);
        assertThat(new String(dead.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"two\"}");
        assertThat(header(dead.get(0), "__connect.errors.exception.message")).contains("column 'id'");
    }

    @Test
    void streamingTunnelWritesTheSameRows() throws Exception {
        maxCompute.execute("CREATE TABLE IF NOT EXISTS table_stream(topic STRING, `partition` BIGINT, `offset` BIGINT,"
                + " key STRING, value STRING) PARTITIONED BY (pt STRING)");
        produce("topic_stream", "k1", "v1", "k2", "v2");
        post("odps-test-stream", "topic_stream", "table_stream", "TEXT", Map.of("use_streaming", "true", "mode", "DEFAULT",
                "partition_window_type", "DAY"));
        List<Map<String, Object>> rows = withoutPt(awaitRows("table_stream", 2));
        assertThat(rows).containsExactlyInAnyOrder(
                row("topic_stream", 0, 0, "key", "k1", "value", "v1"),
                row("topic_stream", 0, 1, "key", "k2", "value", "v2"));
    }

    @Test
    void aMissingColumnFailsTheTaskAtStartNamingTheColumn() throws Exception {
        maxCompute.execute("CREATE TABLE IF NOT EXISTS table_no_value(topic STRING, `partition` BIGINT, `offset` BIGINT,"
                + " key STRING) PARTITIONED BY (pt STRING)");
        connect.kafka().createTopic("topic_no_value", 1);
        post("odps-test-no-value", "topic_no_value", "table_no_value", "TEXT", Map.of());
        connect.assertions().assertConnectorIsRunningAndTasksHaveFailed("odps-test-no-value", 3, "tasks should fail");
        ConnectorStateInfo status = connect.connectorStatus("odps-test-no-value");
        assertThat(status.tasks().get(0).trace()).contains("column 'value' is missing");
    }

    @Test
    void invalidSettingsAreRejectedByTheRestApiNamingTheKey() throws Exception {
        Map<String, String> config = maxCompute.connectorSettings("table_text");
        config.put("name", "odps-invalid");
        config.put("topics", "topic_text");
        config.put("format", "CSV");
        config.put("mode", "DEFAULT");
        var result = connect.validateConnectorConfig("MaxComputeSinkConnector", config);
        assertThat(result.configs()).filteredOn(v -> !v.configValue().errors().isEmpty())
                .extracting(v -> v.configValue().name() + ": " + v.configValue().errors()).hasSize(1);
        // the rule is the spec's, reported on the format to change (the control plane names destination.format too)
        assertThat(result.configs()).filteredOn(v -> v.configValue().name().equals("format"))
                .singleElement().satisfies(v -> assertThat(v.configValue().errors().get(0)).contains("mode DEFAULT")
                        .contains("TEXT or BINARY"));
    }

    private static void produce(String topic, String... keyValues) {
        connect.kafka().createTopic(topic, 1);
        for (int i = 0; i < keyValues.length; i += 2) {
            connect.kafka().produce(topic, keyValues[i], keyValues[i + 1]);
        }
    }

    /** POSTs {"name":..., "config":{...}} with the seed's keys and values, pointed at the emulator. */
    private static void post(String name, String topic, String table, String format, Map<String, String> extra) throws Exception {
        Map<String, String> config = maxCompute.connectorSettings(table);
        config.put("tasks.max", "3");
        config.put("topics", topic);
        config.put("schema", "default");
        config.put("partition_window_type", "MINUTE");
        config.put("mode", "VALUE");
        config.put("format", format);
        config.put("sink_pool_size", "150");
        config.put("record_batch_size", "9000");
        config.put("buffer_size_kb", "600000");
        config.putAll(extra);
        String body = JSON.writeValueAsString(Map.of("name", name, "config", config));
        var response = connect.requestPost(connect.endpointForResource("connectors"), body,
                Map.of("Content-Type", "application/json", "Accept", "application/json"));
        assertThat(response.getStatus()).as(String.valueOf(response.getEntity())).isEqualTo(201);
    }

    private static List<Map<String, Object>> awaitRows(String table, int expected) throws Exception {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> maxCompute.rows(table).size() >= expected);
        List<Map<String, Object>> rows = maxCompute.rows(table);
        rows.sort(Comparator.comparing(r -> (Long) r.get("offset")));
        assertThat(rows).hasSize(expected);
        return rows;
    }

    private static List<Map<String, Object>> withoutPt(List<Map<String, Object>> rows) {
        rows.forEach(r -> r.remove("pt"));
        return rows;
    }

    private static Map<String, Object> row(String topic, long partition, long offset, Object... columns) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("topic", topic);
        row.put("partition", partition);
        row.put("offset", offset);
        for (int i = 0; i < columns.length; i += 2) {
            row.put((String) columns[i], columns[i + 1]);
        }
        return row;
    }

    private static JsonNode json(Object text) throws Exception {
        return JSON.readTree(String.valueOf(text));
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return StreamSupport.stream(record.headers().headers(name).spliterator(), false)
                .map(h -> new String(h.value(), StandardCharsets.UTF_8)).findFirst().orElse(null);
    }

    private static long committedOffset(String connector) throws Exception {
        try (var admin = connect.kafka().createAdminClient()) {
            return admin.listConsumerGroupOffsets("connect-" + connector).partitionsToOffsetAndMetadata().get()
                    .values().stream().mapToLong(o -> o.offset()).sum();
        }
    }
}
