package com.connectorservice.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The console's "send a test message" through the API, consumed back from the broker. */
class TestMessageTest extends ControlPlaneTestBase {

    private String instanceId;
    private String name;
    private String topic;

    @BeforeEach
    void connectorOnAThreePartitionTopic() {
        instanceId = createInstance();
        name = unique("probe");
        topic = unique("probe-input");
        createTopic(topic, 3);
        assertThat(api.post(connectorsPath(instanceId), definition(name, topic)).status()).isEqualTo(201);
    }

    @Test
    void sendsATestMessageToTheChosenPartitionAndItCanBeConsumedBack() {

        Api.Response sent = api.post(connectorsPath(instanceId) + "/" + name + "/test-message",
                Map.of("key", "demo", "value", "{\"key\": \"test\"}", "partition", 2));

        assertThat(sent.status()).as(sent.raw()).isEqualTo(200);
        assertThat(sent.body().path("topic").asString()).isEqualTo(topic);
        assertThat(sent.body().path("partition").asInt()).isEqualTo(2);
        assertThat(sent.body().path("offset").asLong()).isZero();
        assertThat(sent.body().path("timestamp").asString()).isNotBlank();
        List<ConsumerRecord<byte[], byte[]>> records = kafka().readAll(topic, 1, Duration.ofSeconds(20));
        assertThat(records).hasSize(1);
        assertThat(records.get(0).partition()).isEqualTo(2);
        assertThat(new String(records.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("demo");
        assertThat(new String(records.get(0).value(), StandardCharsets.UTF_8)).isEqualTo("{\"key\": \"test\"}");

        Api.Response withoutPartition = api.post(connectorsPath(instanceId) + "/" + name + "/test-message",
                Map.of("value", "no key, any partition"));
        assertThat(withoutPartition.status()).isEqualTo(200);
        assertThat(kafka().readAll(topic, 2, Duration.ofSeconds(20))).hasSize(2);

        Api.Response audit = api.get("/api/v1/audit-events?action=connector.test-message&target=instances/" + instanceId);
        assertThat(audit.body().path("totalItems").asLong()).isEqualTo(2);
        assertThat(audit.raw()).doesNotContain("no key, any partition");
    }

    @Test
    void aPartitionOutOfRangeIsABadRequestNamingTheValidRange() {
        Api.Response response = api.post(connectorsPath(instanceId) + "/" + name + "/test-message",
                new HashMap<>(Map.of("key", "k", "value", "v", "partition", 3)));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.hasError("partition", "partition.range")).isTrue();
        assertThat(response.body().path("detail").asString()).contains("between 0 and 2");
        assertThat(api.post(connectorsPath(instanceId) + "/" + name + "/test-message", Map.of("key", "k"))
                .hasError("value", "value.required")).isTrue();
    }
}
