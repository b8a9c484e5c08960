package com.connectorservice.sink.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
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

    /** A task context of a worker run with errors.tolerance=none: no dead-letter queue. */
    private static final class NoDeadLetterQueue implements SinkTaskContext {
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
