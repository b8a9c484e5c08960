package com.connectorservice.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Issue 12 items 2, 3 and 5: the service records which topics and groups it created and deletes only those; a
 * connector's internal topics and group belong to one connector per Kafka cluster, whichever instance registered
 * it; and a create either completes or leaves nothing behind.
 */
class ResourceOwnershipTest extends ControlPlaneTestBase {

    private static String instanceId;

    @BeforeEach
    void instance() {
        if (instanceId == null) {
            instanceId = createInstance();
        }
    }

    // ---- item 2: delete only what we created

    @Test
    void deleteResourcesKeepsAUserMadeErrorTopicWithItsRecords() throws Exception {
        String name = unique("shared-err");
        String source = unique("own-input");
        createTopic(source, 1);
        String runtimeError = unique("runtime_error");
        createTopic(runtimeError, 1);
        produce(runtimeError, "an earlier connector's failed record");
        Map<String, Object> definition = definition(name, source);
        ConnectorValidationTest.set(definition, "source.deadLetterTopic", runtimeError);
        ConnectorValidationTest.set(definition, "source.errorTopic", runtimeError);

        Api.Response created = api.post(connectorsPath(instanceId), definition);

        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(createdResources(created.body())).containsExactlyInAnyOrder("TOPIC connect-offset-" + name,
                "TOPIC connect-config-" + name, "TOPIC connect-status-" + name, "GROUP connect-" + name);
        assertThat(createdResources(api.get(connectorsPath(instanceId) + "/" + name).body()))
                .doesNotContain("TOPIC " + runtimeError);

        deleteConnector(connectorsPath(instanceId) + "/" + name + "?deleteResources=true");

        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(kafka().topicNames())
                .doesNotContain("connect-offset-" + name, "connect-config-" + name, "connect-status-" + name));
        assertThat(kafka().topicNames()).contains(runtimeError, source);
        assertThat(kafka().readAll(runtimeError, 1, Duration.ofSeconds(20))).hasSize(1);
        assertThat(groups()).doesNotContain("connect-" + name);
        JsonNode audit = api.get("/api/v1/audit-events?action=connector.delete&target=instances/" + instanceId + "/connectors/" + name)
                .body().path("items").get(0).path("details");
        assertThat(audit.path("keptTopics").toString()).contains(runtimeError);
    }

    @Test
    void aGroupThatExistedBeforeTheConnectorIsKept() throws Exception {
        String name = unique("old-group");
        String source = unique("old-group-input");
        createTopic(source, 1);
        produce(source, "x");
        try (Admin admin = kafka().admin()) {
            admin.alterConsumerGroupOffsets("connect-" + name, Map.of(new TopicPartition(source, 0), new OffsetAndMetadata(1)))
                    .all().get(10, TimeUnit.SECONDS);
        }

        Api.Response created = api.post(connectorsPath(instanceId), definition(name, source));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(createdResources(created.body())).doesNotContain("GROUP connect-" + name);

        deleteConnector(connectorsPath(instanceId) + "/" + name + "?deleteResources=true");

        assertThat(groups()).contains("connect-" + name);
    }

    @Test
    void aTopicOneConnectorCreatedStaysWhileAnotherUsesItAndGoesWithTheLast() {
        String first = unique("first");
        String second = unique("second");
        String source = unique("pair-input");
        createTopic(source, 1);
        assertThat(api.post(connectorsPath(instanceId), definition(first, source)).status()).isEqualTo(201);
        Map<String, Object> sharing = definition(second, source);
        ConnectorValidationTest.set(sharing, "source.deadLetterTopic", "connect-error-" + first);
        ConnectorValidationTest.set(sharing, "source.errorTopic", "connect-error-" + first);
        assertThat(api.post(connectorsPath(instanceId), sharing).status()).isEqualTo(201);

        deleteConnector(connectorsPath(instanceId) + "/" + first + "?deleteResources=true");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(kafka().topicNames()).doesNotContain("connect-offset-" + first));
        assertThat(kafka().topicNames()).contains("connect-error-" + first);
        assertThat(createdResources(api.get(connectorsPath(instanceId) + "/" + second).body()))
                .contains("TOPIC connect-error-" + first);

        deleteConnector(connectorsPath(instanceId) + "/" + second + "?deleteResources=true");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(kafka().topicNames()).doesNotContain("connect-error-" + first, "connect-offset-" + second));
    }

    @Test
    void resourcesKeptByADeleteAreCleanedUpByTheNextConnectorOfThatName() {
        String name = unique("again");
        String source = unique("again-input");
        createTopic(source, 1);
        assertThat(api.post(connectorsPath(instanceId), definition(name, source)).status()).isEqualTo(201);
        deleteConnector(connectorsPath(instanceId) + "/" + name);

        Api.Response recreated = api.post(connectorsPath(instanceId), definition(name, source));

        assertThat(recreated.status()).isEqualTo(201);
        assertThat(createdResources(recreated.body())).contains("TOPIC connect-offset-" + name, "GROUP connect-" + name);
        deleteConnector(connectorsPath(instanceId) + "/" + name + "?deleteResources=true");
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(kafka().topicNames()).doesNotContain("connect-offset-" + name));
    }

    // ---- item 3: one owner per cluster

    @Test
    void aSecondInstanceOnTheSameClusterCannotTakeAConnectorsTopicsOrGroup() {
        String other = unique("kafka-alias");
        // the same cluster under another spelling of its address
        String alias = kafka().bootstrapServers().replace("localhost", "127.0.0.1");
        assertThat(api.post("/api/v1/instances", Map.of("id", other, "name", "same cluster", "bootstrapServers", alias))
                .status()).isEqualTo(201);
        String name = unique("owned");
        String source = unique("owned-input");
        createTopic(source, 1);
        assertThat(api.post(connectorsPath(instanceId), definition(name, source)).status()).isEqualTo(201);

        Api.Response sameName = api.post(connectorsPath(other), definition(name, source));

        assertThat(sameName.status()).as(sameName.raw()).isEqualTo(409);
        assertThat(sameName.hasError("name", "name.owned")).as(sameName.raw()).isTrue();
        assertThat(sameName.errors().get(0).path("message").asString()).contains("'" + name + "'").contains("'" + instanceId + "'");
        Api.Response validation = api.post(connectorsPath(other) + ":validate", definition(name, source));
        assertThat(validation.body().path("valid").asBoolean()).isFalse();
        assertThat(validation.hasError("name", "name.owned")).isTrue();

        Map<String, Object> stealsTopic = definition(unique("thief"), source);
        ConnectorValidationTest.set(stealsTopic, "source.offsetTopic", "connect-offset-" + name);
        Api.Response topic = api.post(connectorsPath(other), stealsTopic);
        assertThat(topic.status()).as(topic.raw()).isEqualTo(409);
        assertThat(topic.hasError("source.offsetTopic", "source.offsetTopic.owned")).as(topic.raw()).isTrue();
        assertThat(topic.raw()).contains(name).contains(instanceId);

        deleteConnector(connectorsPath(instanceId) + "/" + name + "?deleteResources=true");
        Api.Response afterwards = api.post(connectorsPath(other), definition(name, source));
        assertThat(afterwards.status()).as(afterwards.raw()).isEqualTo(201);
    }

    // ---- item 5: all or nothing

    @Test
    void aCreateWhoseSaveFailsAfterProvisioningLeavesNothingBehind() throws Exception {
        String name = unique("doomed");
        String source = unique("doomed-input");
        createTopic(source, 1);
        execute("create or replace function refuse_doomed() returns trigger language plpgsql as $$ begin"
                + " if new.name like 'doomed-%' then raise exception 'disk full (simulated)'; end if; return new; end $$");
        execute("create trigger refuse_doomed before insert on connector for each row execute function refuse_doomed()");
        try {
            Api.Response created = api.post(connectorsPath(instanceId), definition(name, source));

            assertThat(created.status()).as(created.raw()).isEqualTo(500);
        } finally {
            execute("drop trigger refuse_doomed on connector");
        }
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(kafka().topicNames())
                .noneMatch(topic -> topic.endsWith(name)));
        assertThat(groups()).doesNotContain("connect-" + name);
        assertThat(api.post(connectorsPath(instanceId), definition(name, source)).status()).isEqualTo(201);
    }

    @Test
    void aProvisioningThatFailsHalfwayUndoesWhatItCreated() throws Exception {
        String name = unique("clash");
        String source = unique("clash-input");
        createTopic(source, 1);
        String userTopic = "clash_" + name.replace('-', '_');
        createTopic(userTopic, 1);
        Map<String, Object> definition = definition(name, source);
        // Kafka refuses a topic whose name differs from an existing one only by '.' versus '_'
        ConnectorValidationTest.set(definition, "source.statusTopic", userTopic.replace('_', '.'));

        Api.Response created = api.post(connectorsPath(instanceId), definition);

        assertThat(created.status()).as(created.raw()).isEqualTo(400);
        assertThat(created.hasError("source.statusTopic", "source.statusTopic.collides")).as(created.raw()).isTrue();
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(kafka().topicNames())
                .doesNotContain("connect-offset-" + name, "connect-config-" + name, "connect-error-" + name));
        assertThat(groups()).doesNotContain("connect-" + name);
        assertThat(kafka().topicNames()).contains(userTopic);
    }

    @Test
    void twoCreatesOfOneNameAtOnceLeaveTheWinnersTopicsInPlace() {
        String name = unique("race");
        String source = unique("race-input");
        createTopic(source, 1);
        List<CompletableFuture<Api.Response>> creates = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            creates.add(CompletableFuture.supplyAsync(() -> api.post(connectorsPath(instanceId), definition(name, source))));
        }

        List<Integer> statuses = creates.stream().map(CompletableFuture::join).map(Api.Response::status).sorted().toList();

        assertThat(statuses).containsExactly(201, 409, 409);
        awaitTopicsPresent("connect-offset-" + name, "connect-config-" + name, "connect-status-" + name, "connect-error-" + name);
        assertThat(createdResources(api.get(connectorsPath(instanceId) + "/" + name).body()))
                .contains("TOPIC connect-offset-" + name, "GROUP connect-" + name);
    }

    private static List<String> createdResources(JsonNode connector) {
        List<String> resources = new ArrayList<>();
        connector.path("createdResources").forEach(r -> resources.add(r.path("type").asString() + " " + r.path("name").asString()));
        return resources;
    }

    private static Set<String> groups() throws Exception {
        try (Admin admin = kafka().admin()) {
            return admin.listGroups().all().get(10, TimeUnit.SECONDS).stream().map(g -> g.groupId()).collect(Collectors.toSet());
        }
    }

    private static void produce(String topic, String value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = kafka().producer()) {
            producer.send(new ProducerRecord<>(topic, value.getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
        }
    }
}
