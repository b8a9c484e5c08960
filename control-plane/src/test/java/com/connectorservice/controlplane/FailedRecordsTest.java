package com.connectorservice.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.connectorservice.contracts.sink.ErrorHeaders;

import tools.jackson.databind.JsonNode;

/**
 * The error-topic browser and replay: a topic shared by two connectors (seed 001's {@code runtime_error}) holding
 * reports with the headers our sinks write, paged newest first for one connector, and replayed to the source topic.
 */
class FailedRecordsTest extends ControlPlaneTestBase {

    private static final byte[] NOT_UTF8 = {(byte) 0xc3, (byte) 0x28, 0x00, (byte) 0xff};

    private String instanceId;
    private String name;
    private String other;
    private String sourceTopic;
    private String errorTopic;
    private String path;

    @BeforeEach
    void twoConnectorsSharingAnErrorTopic() {
        instanceId = createInstance();
        name = unique("orders");
        other = unique("payments");
        sourceTopic = unique("orders-in");
        errorTopic = unique("runtime_error");
        createTopic(sourceTopic, 3);
        createTopic(errorTopic, 2);
        for (String connector : List.of(name, other)) {
            Map<String, Object> definition = definition(connector, sourceTopic);
            @SuppressWarnings("unchecked")
            Map<String, Object> source = (Map<String, Object>) definition.get("source");
            source.put("errorTopic", errorTopic);
            Api.Response created = api.post(connectorsPath(instanceId), definition);
            assertThat(created.status()).as(created.raw()).isEqualTo(201);
        }
        path = connectorsPath(instanceId) + "/" + name + "/failed-records";
    }

    @Test
    void pagesOneConnectorsFailedRecordsNewestFirstWithTheirReasonAndOriginalBytes() {
        try (KafkaProducer<byte[], byte[]> producer = kafka().producer()) {
            long time = System.currentTimeMillis() - 60_000;
            for (int i = 0; i < 7; i++) {
                byte[] value = i == 3 ? NOT_UTF8 : ("{\"id\": " + i + "}").getBytes(StandardCharsets.UTF_8);
                send(producer, i % 2, time + i * 1000, name, i, "key-" + i, value);
                send(producer, i % 2, time + i * 1000 + 1, other, i, "other-" + i, "x".getBytes(StandardCharsets.UTF_8));
            }
        }

        List<JsonNode> all = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Api.Response page = api.get(path + "?size=3" + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as(page.raw()).isEqualTo(200);
            assertThat(page.body().path("topic").asString()).isEqualTo(errorTopic);
            assertThat(page.body().path("items").size()).isLessThanOrEqualTo(3);
            page.body().path("items").forEach(all::add);
            cursor = page.body().path("next").isNull() || page.body().path("next").isMissingNode() ? null : page.body().path("next").asString();
            pages++;
        } while (cursor != null && pages < 10);

        assertThat(all).extracting(item -> item.path("key").path("text").asString())
                .containsExactly("key-6", "key-5", "key-4", "key-3", "key-2", "key-1", "key-0");
        JsonNode newest = all.get(0);
        assertThat(newest.path("reason").asString()).isEqualTo("Table 'orders' does not exist (record 6)");
        assertThat(newest.path("stage").asString()).isEqualTo("TASK_PUT");
        assertThat(newest.path("exceptionClass").asString()).isEqualTo("org.apache.kafka.connect.errors.DataException");
        assertThat(newest.path("originalTopic").asString()).isEqualTo(sourceTopic);
        assertThat(newest.path("originalPartition").asInt()).isEqualTo(0);
        assertThat(newest.path("originalOffset").asLong()).isEqualTo(106);
        assertThat(newest.path("value").path("encoding").asString()).isEqualTo("UTF8");
        assertThat(newest.path("value").path("text").asString()).isEqualTo("{\"id\": 6}");
        assertThat(newest.path("headers").get(0).path("name").asString()).isEqualTo("trace-id");
        assertThat(newest.path("headers").get(0).path("value").path("text").asString()).isEqualTo("t-6");
        assertThat(newest.path("errorHeaders").toString()).contains(ErrorHeaders.CONNECTOR);
        JsonNode binary = all.get(3);
        assertThat(binary.path("value").path("encoding").asString()).isEqualTo("HEX");
        assertThat(binary.path("value").path("text").asString()).isEqualTo(HexFormat.of().formatHex(NOT_UTF8));
        assertThat(binary.path("value").path("size").asInt()).isEqualTo(4);

        assertThat(api.get(path + "?size=0").hasError("size", "size.range")).isTrue();
        assertThat(api.get(path + "?cursor=nonsense").hasError("cursor", "cursor.format")).isTrue();
        Api.Response deadLetters = api.get(path + "?source=DEAD_LETTER_TOPIC");
        assertThat(deadLetters.status()).as(deadLetters.raw()).isEqualTo(200);
        assertThat(deadLetters.body().path("topic").asString()).isNotEqualTo(errorTopic);
        assertThat(deadLetters.body().path("items").size()).isZero();
    }

    @Test
    void replaySendsTheOriginalRecordBackOnceWithoutErrorHeadersAndOnlyAdminMayDoIt() {
        try (KafkaProducer<byte[], byte[]> producer = kafka().producer()) {
            send(producer, 0, System.currentTimeMillis(), name, 0, "poison", "{\"id\": \"not a number\"}".getBytes(StandardCharsets.UTF_8));
            send(producer, 0, System.currentTimeMillis(), other, 1, "someone-else", "x".getBytes(StandardCharsets.UTF_8));
        }
        JsonNode shown = api.get(path).body().path("items");
        assertThat(shown.size()).isEqualTo(1);
        Map<String, Object> coordinates = Map.of("partition", shown.get(0).path("partition").asInt(), "offset", shown.get(0).path("offset").asLong());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("records", List.of(coordinates, Map.of("partition", 0, "offset", 1), Map.of("partition", 0, "offset", 999),
                Map.of("partition", 7, "offset", 0)));
        body.put("replayId", "replay-" + name);

        Api viewer = api.withToken(api.post("/api/v1/tokens", Map.of("name", unique("viewer"), "role", "VIEWER")).body().path("token").asString());
        assertThat(viewer.get(path).status()).isEqualTo(200);
        assertThat(viewer.post(path + "/replay", body).status()).isEqualTo(403);

        Api.Response replayed = api.post(path + "/replay", body);
        assertThat(replayed.status()).as(replayed.raw()).isEqualTo(200);
        assertThat(replayed.body().path("replayed").size()).isEqualTo(1);
        assertThat(replayed.body().path("replayed").get(0).path("topic").asString()).isEqualTo(sourceTopic);
        assertThat(replayed.body().path("replayed").get(0).path("topicPartition").asInt()).isEqualTo(2);
        assertThat(replayed.body().path("skipped").get(0).path("reason").asString()).contains("not a record of connector");
        assertThat(replayed.body().path("skipped").get(1).path("reason").asString()).contains("no such partition or offset");
        assertThat(replayed.body().path("skipped").get(2).path("reason").asString()).contains("no such partition or offset");

        Api.Response again = api.post(path + "/replay", body);
        assertThat(again.body().path("replayed").size()).as(again.raw()).isZero();
        assertThat(again.body().path("skipped").get(0).path("reason").asString()).isEqualTo("already replayed by this action");

        List<ConsumerRecord<byte[], byte[]>> source = kafka().readAll(sourceTopic, 1, Duration.ofSeconds(20));
        assertThat(source).hasSize(1);
        ConsumerRecord<byte[], byte[]> record = source.get(0);
        assertThat(record.partition()).isEqualTo(2);
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("poison");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"id\": \"not a number\"}");
        assertThat(new String(record.headers().lastHeader("trace-id").value(), StandardCharsets.UTF_8)).isEqualTo("t-0");
        assertThat(new String(record.headers().lastHeader(ErrorHeaders.REPLAY_ID).value(), StandardCharsets.UTF_8)).isEqualTo("replay-" + name);
        record.headers().forEach(header -> assertThat(header.key()).doesNotStartWith(ErrorHeaders.PREFIX));

        assertThat(api.get(path).body().path("items").get(0).path("replayedAt").asString()).isNotBlank();
        Api.Response audit = api.get("/api/v1/audit-events?action=connector.failed-records.replay&target=instances/" + instanceId);
        assertThat(audit.body().path("totalItems").asLong()).isEqualTo(2);
        assertThat(audit.raw()).doesNotContain("not a number");
        assertThat(api.post(path + "/replay", Map.of("records", List.of())).hasError("records", "records.required")).isTrue();
    }

    /** A report as our sinks write it (ErrorReport): original key, value and headers plus the error headers. */
    private void send(KafkaProducer<byte[], byte[]> producer, int partition, long timestamp, String connector, int i, String key, byte[] value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace-id", ("t-" + i).getBytes(StandardCharsets.UTF_8));
        header(headers, ErrorHeaders.TOPIC, sourceTopic);
        header(headers, ErrorHeaders.PARTITION, String.valueOf(i == 0 ? 2 : 0));
        header(headers, ErrorHeaders.OFFSET, String.valueOf(100 + i));
        header(headers, ErrorHeaders.CONNECTOR, connector);
        header(headers, ErrorHeaders.STAGE, ErrorHeaders.STAGE_TASK_PUT);
        header(headers, ErrorHeaders.EXCEPTION_CLASS, "org.apache.kafka.connect.errors.DataException");
        header(headers, ErrorHeaders.EXCEPTION_MESSAGE, "Table 'orders' does not exist (record " + i + ")");
        header(headers, ErrorHeaders.PAYLOAD, "complete");
        try {
            producer.send(new ProducerRecord<>(errorTopic, partition, timestamp, key.getBytes(StandardCharsets.UTF_8), value, headers)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
