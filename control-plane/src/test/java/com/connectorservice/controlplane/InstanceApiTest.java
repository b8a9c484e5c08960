package com.connectorservice.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class InstanceApiTest extends ControlPlaneTestBase {

    @Test
    void createsAnInstanceAfterReachingItsClusterAndMasksSecretProperties() {
        String id = unique("kafka");
        String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"SaslPassw0rd!\";";
        Api.Response created = api.post("/api/v1/instances", Map.of("id", id, "name", "main cluster",
                "bootstrapServers", kafka().bootstrapServers(),
                "properties", Map.of("sasl.jaas.config", jaas, "ssl.key.password", "KeyPassw0rd!", "client.rack", "rack-a")));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().path("properties").path("sasl.jaas.config").asString()).isEqualTo("******");
        assertThat(created.body().path("properties").path("ssl.key.password").asString()).isEqualTo("******");
        assertThat(created.body().path("properties").path("client.rack").asString()).isEqualTo("rack-a");
        Api.Response fetched = api.get("/api/v1/instances/" + id);
        assertThat(fetched.raw()).doesNotContain("SaslPassw0rd!").doesNotContain("KeyPassw0rd!").contains("main cluster");
        assertThat(api.get("/api/v1/instances").raw()).contains(id).doesNotContain("SaslPassw0rd!");

        String row = queryString("select properties::text from kafka_instance where id = ?", id);
        assertThat(row).contains("rack-a").contains("enc:v1:").doesNotContain("SaslPassw0rd").doesNotContain("KeyPassw0rd");
    }

    @Test
    void refusesAnInstanceWhoseClusterDoesNotAnswer() {
        Api.Response response = api.post("/api/v1/instances", Map.of("id", unique("dead"), "name", "nowhere",
                "bootstrapServers", "127.0.0.1:1"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.hasError("bootstrapServers", "bootstrapServers.unreachable")).as(response.raw()).isTrue();
    }

    @Test
    void namesEveryInvalidFieldOfAnInstance() {
        Api.Response response = api.post("/api/v1/instances", Map.of("id", "-Bad", "bootstrapServers", "no port here"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.hasError("id", "id.pattern")).isTrue();
        assertThat(response.hasError("name", "name.required")).isTrue();
        assertThat(response.hasError("bootstrapServers", "bootstrapServers.pattern")).isTrue();
    }

    @Test
    void answersConflictForADuplicateIdAndNotFoundForAnUnknownOne() {
        String id = createInstance();

        Api.Response duplicate = api.post("/api/v1/instances", Map.of("id", id, "name", "again",
                "bootstrapServers", kafka().bootstrapServers()));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.hasError("id", "id.unique")).isTrue();

        Api.Response missing = api.get("/api/v1/instances/no-such-instance");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.hasError("instanceId", "instance.notFound")).isTrue();
    }

    @Test
    void deletesAnInstanceOnlyWhenNoConnectorOrSyncJobUsesIt() {
        String id = createInstance();
        String topic = unique("orders");
        createTopic(topic, 1);
        assertThat(api.post(connectorsPath(id), definition(unique("sink"), topic)).status()).isEqualTo(201);

        Api.Response refused = api.delete("/api/v1/instances/" + id);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.hasError("instanceId", "instance.inUse")).isTrue();

        // a sync job alone keeps its instance too (the delete answered 500 on the database's foreign key)
        String withSyncJob = createInstance();
        assertThat(api.post("/api/v1/instances/" + withSyncJob + "/sync-jobs", SyncJobApiTest.job(unique("job"), topic))
                .status()).isEqualTo(201);
        Api.Response stillUsed = api.delete("/api/v1/instances/" + withSyncJob);
        assertThat(stillUsed.status()).isEqualTo(409);
        assertThat(stillUsed.hasError("instanceId", "instance.inUse")).isTrue();
        assertThat(stillUsed.raw()).contains("1 sync job(s)");

        String unused = createInstance();
        assertThat(api.delete("/api/v1/instances/" + unused).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/instances/" + unused).status()).isEqualTo(404);
    }

    /**
     * Requests at once for one instance or token: one creates or deletes it, the others are told it exists or is gone.
     * Two creates of an id both answered 201, the second overwriting the first's settings, and the deletes after the
     * first answered 500.
     */
    @Test
    void requestsAtOnceForOneInstanceOrTokenTakeTurns() {
        String id = unique("raced");
        Map<String, Object> instance = Map.of("id", id, "name", "raced", "bootstrapServers", kafka().bootstrapServers());
        assertThat(atOnce(() -> api.post("/api/v1/instances", instance))).containsExactly(201, 409, 409, 409);
        assertThat(atOnce(() -> api.delete("/api/v1/instances/" + id))).containsExactly(204, 404, 404, 404);

        String token = unique("raced-token");
        assertThat(atOnce(() -> api.post("/api/v1/tokens", Map.of("name", token, "role", "VIEWER"))))
                .containsExactly(201, 409, 409, 409);
        assertThat(atOnce(() -> api.delete("/api/v1/tokens/" + token))).containsExactly(204, 404, 404, 404);
    }

    @Test
    void listsTheTopicsOfAnInstanceWithoutKafkaInternals() {
        String id = createInstance();
        String topic = unique("listed");
        createTopic(topic, 4);

        Api.Response topics = api.get("/api/v1/instances/" + id + "/topics");

        assertThat(topics.status()).isEqualTo(200);
        assertThat(topics.body().toString()).contains("{\"name\":\"" + topic + "\",\"partitions\":4}")
                .doesNotContain("__consumer_offsets");
    }
}
