package com.connectorservice.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** AUTO and MANUAL resource creation and the consumer group, checked on the real broker. */
class ProvisioningTest extends ControlPlaneTestBase {

    private static String instanceId;

    @BeforeEach
    void instance() {
        if (instanceId == null) {
            instanceId = createInstance();
        }
    }

    @Test
    void autoCreatesTheInternalTopicsWithTheirPartitionsAndCleanupPolicy() throws Exception {
        String name = unique("auto");
        String source = sourceTopicWithMessages(3, 0);

        Api.Response created = api.post(connectorsPath(instanceId), definition(name, source));

        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().path("status").asString()).isEqualTo("NOT_DEPLOYED");
        Map<String, TopicDescription> topics = describe("connect-offset-" + name, "connect-config-" + name,
                "connect-status-" + name, "connect-error-" + name);
        assertThat(topics.get("connect-offset-" + name).partitions()).hasSize(12);
        assertThat(topics.get("connect-config-" + name).partitions()).hasSize(1);
        assertThat(topics.get("connect-status-" + name).partitions()).hasSize(6);
        assertThat(topics.get("connect-error-" + name).partitions()).hasSize(6);
        assertThat(cleanupPolicy("connect-offset-" + name)).isEqualTo("compact");
        assertThat(cleanupPolicy("connect-config-" + name)).isEqualTo("compact");
        assertThat(cleanupPolicy("connect-status-" + name)).isEqualTo("compact");
        assertThat(cleanupPolicy("connect-error-" + name)).isEqualTo("delete");
    }

    @Test
    void autoCreatesSeparateDeadLetterAndErrorTopicsWhenNamedApart() throws Exception {
        String name = unique("split");
        Map<String, Object> definition = definition(name, sourceTopicWithMessages(1, 0));
        ConnectorValidationTest.set(definition, "source.deadLetterTopic", "dlq-" + name);
        ConnectorValidationTest.set(definition, "source.errorTopic", "errors-" + name);

        assertThat(api.post(connectorsPath(instanceId), definition).status()).isEqualTo(201);

        assertThat(describe("dlq-" + name, "errors-" + name).values()).allSatisfy(t -> assertThat(t.partitions()).hasSize(6));
        assertThat(cleanupPolicy("dlq-" + name)).isEqualTo("delete");
    }

    /**
     * Records before offset 2 of partition 0 are deleted first, so EARLIEST must mean "the log start offset"
     * (2 there, 0 elsewhere), not simply 0; LATEST must be each partition's end offset.
     */
    @ParameterizedTest
    @ValueSource(strings = { "EARLIEST", "LATEST" })
    void theGroupStartsAtTheChosenOffsetOnEveryPartition(String offsetReset) throws Exception {
        String name = unique(offsetReset.toLowerCase());
        String source = sourceTopicWithMessages(3, 9);
        try (Admin admin = kafka().admin()) {
            admin.deleteRecords(Map.of(new TopicPartition(source, 0), RecordsToDelete.beforeOffset(2))).all().get(10, TimeUnit.SECONDS);
        }
        Map<String, Object> definition = definition(name, source);
        ConnectorValidationTest.set(definition, "source.offsetReset", offsetReset);

        assertThat(api.post(connectorsPath(instanceId), definition).status()).isEqualTo(201);

        Map<TopicPartition, Long> expected = offsets(source, 3, offsetReset.equals("EARLIEST") ? OffsetSpec.earliest() : OffsetSpec.latest());
        assertThat(expected.get(new TopicPartition(source, 0))).isEqualTo(offsetReset.equals("EARLIEST") ? 2L : 3L);
        Map<TopicPartition, OffsetAndMetadata> committed = committed("connect-" + name);
        assertThat(committed).hasSize(3);
        committed.forEach((tp, offset) -> assertThat(offset.offset()).as(tp.toString()).isEqualTo(expected.get(tp)));
    }

    @Test
    void autoAcceptsExistingTopicsThatMeetTheRules() {
        String name = unique("reuse");
        createTopic("connect-offset-" + name, 4, Map.of("cleanup.policy", "compact"));
        createTopic("connect-config-" + name, 1, Map.of("cleanup.policy", "compact"));

        Api.Response created = api.post(connectorsPath(instanceId), definition(name, sourceTopicWithMessages(1, 0)));

        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(describe("connect-offset-" + name).get("connect-offset-" + name).partitions()).hasSize(4);
    }

    @Test
    void manualReportsEveryBrokenTopicRuleWithItsField() {
        String name = unique("manual");
        createTopic("off-" + name, 1, Map.of("cleanup.policy", "delete"));
        createTopic("cfg-" + name, 3, Map.of("cleanup.policy", "compact"));
        createTopic("st-" + name, 2, Map.of("cleanup.policy", "delete"));
        Map<String, Object> definition = manual(name, sourceTopicWithMessages(1, 0));

        Api.Response response = api.post(connectorsPath(instanceId) + ":validate", definition);

        assertThat(response.body().path("valid").asBoolean()).isFalse();
        assertThat(response.hasError("source.offsetTopic", "source.offsetTopic.partitions")).as(response.raw()).isTrue();
        assertThat(response.hasError("source.offsetTopic", "source.offsetTopic.cleanupPolicy")).isTrue();
        assertThat(response.hasError("source.configTopic", "source.configTopic.partitions")).isTrue();
        assertThat(response.hasError("source.statusTopic", "source.statusTopic.cleanupPolicy")).isTrue();
        assertThat(response.hasError("source.deadLetterTopic", "source.deadLetterTopic.exists")).isTrue();
        assertThat(response.hasError("source.errorTopic", "source.errorTopic.exists")).isTrue();
        assertThat(response.body().path("warnings").toString()).contains("source.statusTopic.partitions");
        assertThat(ConnectorValidationTest.rules(response)).hasSize(6);

        Api.Response refused = api.post(connectorsPath(instanceId), definition);
        assertThat(refused.status()).isEqualTo(400);
        assertThat(kafka().topicNames()).doesNotContain("dlq-" + name);
    }

    @Test
    void manualAcceptsCorrectTopicsWithAStatusTopicWarningAndCreatesOnlyTheGroup() throws Exception {
        String name = unique("manual-ok");
        createTopic("off-" + name, 2, Map.of("cleanup.policy", "compact"));
        createTopic("cfg-" + name, 1, Map.of("cleanup.policy", "compact"));
        createTopic("st-" + name, 3, Map.of("cleanup.policy", "compact"));
        createTopic("dlq-" + name, 1);
        String source = sourceTopicWithMessages(2, 4);
        Map<String, Object> definition = manual(name, source);

        Api.Response validation = api.post(connectorsPath(instanceId) + ":validate", definition);
        assertThat(validation.body().path("valid").asBoolean()).as(validation.raw()).isTrue();
        assertThat(validation.body().path("warnings").toString()).contains("source.statusTopic.partitions");

        assertThat(api.post(connectorsPath(instanceId), definition).status()).isEqualTo(201);
        assertThat(committed("connect-" + name)).hasSize(2);
        assertThat(kafka().topicNames()).doesNotContain("connect-offset-" + name);
    }

    @Test
    void deleteWithResourcesRemovesGroupAndInternalTopicsButNotTheSource() throws Exception {
        String name = unique("gone");
        String source = sourceTopicWithMessages(2, 3);
        assertThat(api.post(connectorsPath(instanceId), definition(name, source)).status()).isEqualTo(201);
        assertThat(committed("connect-" + name)).hasSize(2);

        deleteConnector(connectorsPath(instanceId) + "/" + name + "?deleteResources=true");

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(kafka().topicNames())
                .contains(source).doesNotContain("connect-offset-" + name, "connect-config-" + name,
                "connect-status-" + name, "connect-error-" + name));
        try (Admin admin = kafka().admin()) {
            Set<String> groups = admin.listGroups().all().get(10, TimeUnit.SECONDS).stream()
                    .map(g -> g.groupId()).collect(Collectors.toSet());
            assertThat(groups).doesNotContain("connect-" + name);
        }
        assertThat(api.get(connectorsPath(instanceId) + "/" + name).status()).isEqualTo(404);
    }

    @Test
    void deleteWithoutResourcesKeepsGroupAndTopics() throws Exception {
        String name = unique("kept");
        assertThat(api.post(connectorsPath(instanceId), definition(name, sourceTopicWithMessages(1, 1))).status()).isEqualTo(201);

        deleteConnector(connectorsPath(instanceId) + "/" + name);

        awaitTopicsPresent("connect-offset-" + name);
        assertThat(committed("connect-" + name)).hasSize(1);
    }

    private static Map<String, Object> manual(String name, String source) {
        Map<String, Object> definition = definition(name, source);
        ConnectorValidationTest.set(definition, "source.resourceCreation", "MANUAL");
        ConnectorValidationTest.set(definition, "source.offsetTopic", "off-" + name);
        ConnectorValidationTest.set(definition, "source.configTopic", "cfg-" + name);
        ConnectorValidationTest.set(definition, "source.statusTopic", "st-" + name);
        ConnectorValidationTest.set(definition, "source.deadLetterTopic", "dlq-" + name);
        ConnectorValidationTest.set(definition, "source.errorTopic", "dlq-" + name);
        return definition;
    }

    private static String sourceTopicWithMessages(int partitions, int messages) {
        String topic = unique("input");
        createTopic(topic, partitions);
        if (messages > 0) {
            try (KafkaProducer<byte[], byte[]> producer = kafka().producer()) {
                for (int i = 0; i < messages; i++) {
                    producer.send(new ProducerRecord<>(topic, i % partitions, null, ("m" + i).getBytes()));
                }
                producer.flush();
            }
        }
        return topic;
    }

    /** Retries while the broker's metadata catches up with topics the controller just created. */
    private static Map<String, TopicDescription> describe(String... topics) {
        try (Admin admin = kafka().admin()) {
            return Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(
                    () -> admin.describeTopics(List.of(topics)).allTopicNames().get(10, TimeUnit.SECONDS), result -> true);
        }
    }

    private static String cleanupPolicy(String topic) {
        try (Admin admin = kafka().admin()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(
                    () -> admin.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS).get(resource), result -> true);
            return config.get("cleanup.policy").value();
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> committed(String group) throws Exception {
        try (Admin admin = kafka().admin()) {
            return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        }
    }

    private static Map<TopicPartition, Long> offsets(String topic, int partitions, OffsetSpec spec) throws Exception {
        try (Admin admin = kafka().admin()) {
            Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
            for (int p = 0; p < partitions; p++) {
                request.put(new TopicPartition(topic, p), spec);
            }
            Map<TopicPartition, ListOffsetsResultInfo> result = admin.listOffsets(request).all().get(10, TimeUnit.SECONDS);
            return result.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }
}
