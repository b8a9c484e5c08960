package com.connectorservice.sink.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.converters.ByteArrayConverter;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.InternalSinkRecord;
import org.apache.kafka.connect.runtime.errors.ProcessingContext;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.apache.kafka.connect.storage.Converter;
import org.apache.kafka.connect.storage.StringConverter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.connectorservice.contracts.sink.FailedRecordSpec;
import com.connectorservice.testing.KafkaBroker;

class FailedRecordHandlerTest {

    private static KafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void sendsTheOriginalBytesAndTheReasonToTheErrorTopic() {
        broker.createTopic("runtime_error", 1);
        try (FailedRecordHandler handler = new FailedRecordHandler(config(Map.of(
                "name", "odps-test-runtime-error",
                FailedRecordSpec.ERROR_TOPIC, "runtime_error",
                FailedRecordSpec.ERROR_TOPIC_BOOTSTRAP, "http://" + broker.bootstrapServers())), new NoDeadLetterQueue())) {
            handler.handle(record("{\"id\":101,\"name\":\"json-4\",\"extendinfos\":\"null\"}"),
                    new IllegalArgumentException("column extendinfos does not exist in table table_flatten"));
            handler.flush();
        }

        ConsumerRecord<byte[], byte[]> failed = broker.readAll("runtime_error", 1, Duration.ofSeconds(30)).get(0);
        assertThat(new String(failed.value(), StandardCharsets.UTF_8))
                .isEqualTo("{\"id\":101,\"name\":\"json-4\",\"extendinfos\":\"null\"}");
        assertThat(new String(failed.key(), StandardCharsets.UTF_8)).isEqualTo("101");
        assertThat(header(failed, "topic")).isEqualTo("topic_abnormal");
        assertThat(header(failed, "partition")).isEqualTo("0");
        assertThat(header(failed, "offset")).isEqualTo("3");
        assertThat(header(failed, "connector.name")).isEqualTo("odps-test-runtime-error");
        assertThat(header(failed, "exception.class.name")).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(header(failed, "exception.message")).contains("extendinfos");
    }

    @Test
    void failsTheTaskWhenNothingCanTakeTheRecord() {
        try (FailedRecordHandler handler = new FailedRecordHandler(config(Map.of()), new NoDeadLetterQueue())) {
            assertThatThrownBy(() -> handler.handle(record("x"), new IllegalStateException("type mismatch in column id")))
                    .isInstanceOf(ConnectException.class)
                    .hasMessageContaining("topic_abnormal-0@3")
                    .hasMessageContaining("type mismatch in column id");
        }
    }

    @Test
    void skipsWithAWarningWhenAsked() {
        try (FailedRecordHandler handler = new FailedRecordHandler(config(Map.of(FailedRecordSpec.SKIP_ERROR, "true")),
                new NoDeadLetterQueue())) {
            handler.handle(record("x"), new IllegalStateException("bad"));
            handler.flush();
        }
    }

    @Test
    void refusesAnErrorTopicWithoutBootstrapServers() {
        assertThatThrownBy(() -> new FailedRecordHandler(config(Map.of(FailedRecordSpec.ERROR_TOPIC, "runtime_error")),
                new NoDeadLetterQueue()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(FailedRecordSpec.ERROR_TOPIC_BOOTSTRAP);
    }

    @Test
    void flushFailsWhenTheErrorTopicCannotTakeTheRecord() {
        try (FailedRecordHandler handler = new FailedRecordHandler(config(Map.of(
                FailedRecordSpec.ERROR_TOPIC, "no_such_topic",
                FailedRecordSpec.ERROR_TOPIC_BOOTSTRAP, broker.bootstrapServers(),
                FailedRecordSpec.ERROR_TOPIC_PRODUCER_PREFIX + "max.block.ms", "1000",
                FailedRecordSpec.ERROR_TOPIC_PRODUCER_PREFIX + "delivery.timeout.ms", "1500",
                FailedRecordSpec.ERROR_TOPIC_PRODUCER_PREFIX + "request.timeout.ms", "1000")), new NoDeadLetterQueue())) {
            handler.handle(record("x"), new IllegalStateException("bad"));
            assertThatThrownBy(handler::flush).isInstanceOf(ConnectException.class)
                    .hasMessageContaining("offsets are not committed");
        }
    }

    /** Issue 12 item 1: a record the error topic cannot take whole is reported once, truncated, whatever the replays. */
    @Test
    void aRecordTooLargeForTheErrorTopicIsReportedOnceWithItsPayloadTruncatedWhateverTheReplays() {
        String errorTopic = "error_large";
        broker.createTopic(errorTopic, 2, Map.of("max.message.bytes", String.valueOf(1024 * 1024)));
        byte[] tenMiB = new byte[10 * 1024 * 1024];
        Arrays.fill(tenMiB, (byte) 'x');
        SinkRecord huge = consumed("big_in", 1, 41, "order-7".getBytes(StandardCharsets.UTF_8), tenMiB);
        Map<String, String> props = errorTopicConfig("mc-large", errorTopic);

        try (FailedRecordHandler handler = new FailedRecordHandler(config(props), new Assigned(huge))) {
            handler.handle(huge, new IllegalArgumentException("value of 10485760 bytes is larger than the column's 8 MiB"));
            handler.flush();
            // Connect replays the batch (a failed commit elsewhere, a rebalance): the record fails again
            handler.handle(huge, new IllegalArgumentException("again"));
            handler.flush();
        }
        try (FailedRecordHandler restarted = new FailedRecordHandler(config(props), new Assigned(huge))) {
            // kill -9 before the offsets were committed: the next task instance replays from the last commit
            restarted.handle(huge, new IllegalArgumentException("after a restart"));
            restarted.handle(consumed("big_in", 1, 42, null, "small".getBytes(StandardCharsets.UTF_8)),
                    new IllegalArgumentException("the next bad record"));
            restarted.flush();
        }

        List<ConsumerRecord<byte[], byte[]>> reports = readAll(errorTopic);
        assertThat(reports).extracting(r -> header(r, "offset")).containsExactlyInAnyOrder("41", "42");
        ConsumerRecord<byte[], byte[]> report = reports.stream().filter(r -> header(r, "offset").equals("41")).findFirst()
                .orElseThrow();
        assertThat(header(report, "topic")).isEqualTo("big_in");
        assertThat(header(report, "partition")).isEqualTo("1");
        assertThat(header(report, "connector.name")).isEqualTo("mc-large");
        assertThat(header(report, "value.size")).isEqualTo(String.valueOf(tenMiB.length));
        assertThat(header(report, "key.size")).isEqualTo("7");
        assertThat(header(report, "payload")).isEqualTo("truncated");
        assertThat(header(report, "payload.reason")).contains(errorTopic).contains("RecordTooLargeException");
        assertThat(header(report, "exception.message")).contains("larger than the column");
        assertThat(report.value()).hasSize(16 * 1024).isEqualTo(Arrays.copyOf(tenMiB, 16 * 1024));
        assertThat(report.key()).isEqualTo("order-7".getBytes(StandardCharsets.UTF_8));
        assertThat(new String(report.headers().lastHeader("trace-id").value(), StandardCharsets.UTF_8)).isEqualTo("t-1");
    }

    @Test
    void theBrokersLimitTooIsMetByTruncatingOrLeavingThePayloadOut() {
        byte[] value = new byte[200 * 1024];
        new Random(7).nextBytes(value);
        for (var limit : List.of(Map.entry(64 * 1024, "truncated"), Map.entry(3 * 1024, "omitted"))) {
            String errorTopic = "error_limit_" + limit.getKey();
            broker.createTopic(errorTopic, 1, Map.of("max.message.bytes", String.valueOf(limit.getKey())));
            SinkRecord record = consumed("limit_in", 0, 5, null, value);
            try (FailedRecordHandler handler = new FailedRecordHandler(config(errorTopicConfig("mc-limit", errorTopic)),
                    new Assigned(record))) {
                handler.handle(record, new IllegalStateException("bad"));
                handler.flush();
            }
            ConsumerRecord<byte[], byte[]> report = readAll(errorTopic).get(0);
            assertThat(header(report, "payload")).isEqualTo(limit.getValue());
            assertThat(header(report, "value.size")).isEqualTo(String.valueOf(value.length));
            assertThat(header(report, "offset")).isEqualTo("5");
            if (limit.getValue().equals("omitted")) {
                assertThat(report.value()).isNull();
                assertThat(report.headers().lastHeader("trace-id")).as("header names stay").isNotNull();
            }
        }
    }

    /** Issue 12 item 4: the error topic carries the original key and value bytes, whatever the converter made of them. */
    @Test
    void theErrorTopicCarriesTheOriginalBytesWhateverTheConverter() {
        String errorTopic = "error_binary";
        broker.createTopic(errorTopic, 1);
        byte[] binary = new byte[64];
        new Random(12).nextBytes(binary);
        binary[0] = (byte) 0xC3; // a UTF-8 lead byte followed by no continuation
        binary[1] = (byte) 0x28;
        byte[] spacedJson = "{ \"id\" : 1,\n  \"note\": \"caf\u00e9\" }".getBytes(StandardCharsets.UTF_8);
        byte[] jsonKey = " \"k-1\" ".getBytes(StandardCharsets.UTF_8);
        // converter -> original key and value
        Map<Converter, byte[][]> cases = new LinkedHashMap<>();
        cases.put(converter(new StringConverter()), new byte[][] {binary, binary});
        cases.put(converter(new JsonConverter()), new byte[][] {jsonKey, spacedJson});
        cases.put(converter(new ByteArrayConverter()), new byte[][] {binary, binary});
        long offset = 0;
        try (FailedRecordHandler handler = new FailedRecordHandler(config(errorTopicConfig("ots-binary", errorTopic)),
                new NoDeadLetterQueue())) {
            for (Map.Entry<Converter, byte[][]> entry : cases.entrySet()) {
                ConsumerRecord<byte[], byte[]> original = new ConsumerRecord<>("binary_in", 0, offset++, entry.getValue()[0],
                        entry.getValue()[1]);
                original.headers().add("raw", binary);
                SchemaAndValue key = entry.getKey().toConnectData("binary_in", original.key());
                SchemaAndValue value = entry.getKey().toConnectData("binary_in", original.value());
                SinkRecord converted = new SinkRecord("binary_in", 0, key.schema(), key.value(), value.schema(), value.value(),
                        original.offset(), null, TimestampType.NO_TIMESTAMP_TYPE);
                handler.handle(new InternalSinkRecord(new ProcessingContext<>(original), converted),
                        new IllegalArgumentException("not a row"));
            }
            handler.flush();
        }
        List<ConsumerRecord<byte[], byte[]>> reports = readAll(errorTopic);
        assertThat(reports).hasSize(cases.size());
        List<byte[][]> sent = new ArrayList<>(cases.values());
        for (int i = 0; i < reports.size(); i++) {
            assertThat(reports.get(i).key()).as("key of case %d", i).isEqualTo(sent.get(i)[0]);
            assertThat(reports.get(i).value()).as("value of case %d", i).isEqualTo(sent.get(i)[1]);
            assertThat(reports.get(i).headers().lastHeader("raw").value()).isEqualTo(binary);
            assertThat(header(reports.get(i), "payload")).isEqualTo("complete");
        }
    }

    @Test
    void partitionsBackFromAnotherTaskAreLearntAgainAndOtherConnectorsReportsDoNotCount() {
        String errorTopic = "error_shared";
        broker.createTopic(errorTopic, 3);
        SinkRecord first = consumed("shared_in", 0, 5, null, "a".getBytes(StandardCharsets.UTF_8));
        SinkRecord second = consumed("shared_in", 0, 6, null, "b".getBytes(StandardCharsets.UTF_8));
        try (FailedRecordHandler task0 = new FailedRecordHandler(config(errorTopicConfig("mc-shared", errorTopic)),
                new Assigned(first));
                FailedRecordHandler otherConnector = new FailedRecordHandler(config(errorTopicConfig("mc-other", errorTopic)),
                        new Assigned(first))) {
            task0.handle(first, new IllegalStateException("bad"));
            task0.flush();
            task0.close(Set.of(new TopicPartition("shared_in", 0)));
            // meanwhile the partition was with another task of the same connector, which reported the next one
            try (FailedRecordHandler task1 = new FailedRecordHandler(config(errorTopicConfig("mc-shared", errorTopic)),
                    new Assigned(first))) {
                task1.handle(second, new IllegalStateException("bad"));
                task1.flush();
            }
            task0.handle(first, new IllegalStateException("replayed"));
            task0.handle(second, new IllegalStateException("replayed"));
            task0.flush();
            otherConnector.handle(first, new IllegalStateException("its own copy"));
            otherConnector.flush();
        }
        assertThat(readAll(errorTopic)).extracting(r -> header(r, "connector.name") + "@" + header(r, "offset"))
                .containsExactlyInAnyOrder("mc-shared@5", "mc-shared@6", "mc-other@5");
    }

    private static Map<String, String> errorTopicConfig(String connector, String errorTopic) {
        return Map.of("name", connector,
                FailedRecordSpec.ERROR_TOPIC, errorTopic,
                FailedRecordSpec.ERROR_TOPIC_BOOTSTRAP, broker.bootstrapServers());
    }

    /** A record as Connect hands it to a sink task: converted by StringConverter, the consumed record still attached. */
    private static SinkRecord consumed(String topic, int partition, long offset, byte[] key, byte[] value) {
        ConsumerRecord<byte[], byte[]> original = new ConsumerRecord<>(topic, partition, offset, key, value);
        original.headers().add("trace-id", "t-1".getBytes(StandardCharsets.UTF_8));
        SinkRecord converted = new SinkRecord(topic, partition, Schema.OPTIONAL_STRING_SCHEMA,
                key == null ? null : new String(key, StandardCharsets.UTF_8), Schema.OPTIONAL_STRING_SCHEMA,
                new String(value, StandardCharsets.UTF_8), offset, 1_700_000_000_000L, TimestampType.CREATE_TIME);
        return new InternalSinkRecord(new ProcessingContext<>(original), converted);
    }

    private static Converter converter(Converter converter) {
        converter.configure(Map.of("schemas.enable", "false"), false);
        return converter;
    }

    private static List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = broker.consumer("check-" + System.nanoTime())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        records.sort(java.util.Comparator.comparingLong(ConsumerRecord::offset));
        return records;
    }

    private static AbstractConfig config(Map<String, String> props) {
        return new AbstractConfig(FailedRecordSpec.define(new ConfigDef()), new HashMap<>(props));
    }

    private static SinkRecord record(String value) {
        return new SinkRecord("topic_abnormal", 0, Schema.OPTIONAL_STRING_SCHEMA, "101",
                Schema.OPTIONAL_STRING_SCHEMA, value, 3, 1_700_000_000_000L, TimestampType.CREATE_TIME);
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(FailedRecordHandler.HEADER_PREFIX + name).value(),
                StandardCharsets.UTF_8);
    }

    /** A task assigned the partition of a record. */
    private static final class Assigned extends NoDeadLetterQueue {
        private final Set<TopicPartition> assignment;

        Assigned(SinkRecord record) {
            assignment = Set.of(new TopicPartition(record.topic(), record.kafkaPartition()));
        }

        @Override public Set<TopicPartition> assignment() { return assignment; }
    }

    /** A task context of a worker run with errors.tolerance=none: no dead-letter queue. */
    private static class NoDeadLetterQueue implements SinkTaskContext {
        @Override public Map<String, String> configs() { return Map.of(); }
        @Override public void offset(Map<TopicPartition, Long> offsets) { }
        @Override public void offset(TopicPartition tp, long offset) { }
        @Override public void timeout(long timeoutMs) { }
        @Override public Set<TopicPartition> assignment() { return Set.of(); }
        @Override public void pause(TopicPartition... partitions) { }
        @Override public void resume(TopicPartition... partitions) { }
        @Override public void requestCommit() { }
        @Override public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() { return null; }
    }
}
