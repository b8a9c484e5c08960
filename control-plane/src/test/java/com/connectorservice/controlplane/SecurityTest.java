package com.connectorservice.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

/** Bearer tokens, roles, the open endpoints, and the audit trail's actor. */
class SecurityTest extends ControlPlaneTestBase {

    @Test
    void withoutAValidTokenTheApiAnswers401AsAProblem() {
        for (Api.Response response : new Api.Response[] {
                api.withToken(null).get("/api/v1/instances"),
                api.withToken("not-a-real-token").get("/api/v1/instances"),
                api.withToken(null).post("/api/v1/instances", Map.of("id", "x")) }) {
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.hasError("Authorization", "token.missing")).isTrue();
        }
    }

    @Test
    void aViewerReadsButEveryWriteIs403() {
        String instanceId = createInstance();
        Api.Response issued = api.post("/api/v1/tokens", Map.of("name", unique("viewer"), "role", "VIEWER"));
        assertThat(issued.status()).isEqualTo(201);
        String viewerToken = issued.body().path("token").asString();
        Api viewer = api.withToken(viewerToken);

        assertThat(viewer.get("/api/v1/instances/" + instanceId).status()).isEqualTo(200);
        assertThat(viewer.get(connectorsPath(instanceId)).status()).isEqualTo(200);
        assertThat(viewer.get("/api/v1/audit-events").status()).isEqualTo(200);
        Api.Response[] writes = {
                viewer.post("/api/v1/instances", Map.of("id", unique("v"), "name", "n", "bootstrapServers", kafka().bootstrapServers())),
                viewer.post(connectorsPath(instanceId), definition(unique("sink"), "whatever")),
                viewer.delete("/api/v1/instances/" + instanceId),
                viewer.post("/api/v1/tokens", Map.of("name", unique("sneaky"), "role", "ADMIN")),
                viewer.get("/api/v1/tokens") };
        for (Api.Response response : writes) {
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.hasError("Authorization", "token.role")).isTrue();
        }
        assertThat(api.get("/api/v1/instances/" + instanceId).status()).isEqualTo(200);
    }

    @Test
    void tokensAreStoredOnlyAsHashesAndCanBeRevoked() {
        String name = unique("ci");
        Api.Response issued = api.post("/api/v1/tokens", Map.of("name", name, "role", "ADMIN"));
        String token = issued.body().path("token").asString();

        assertThat(token).startsWith("cst_");
        assertThat(queryString("select string_agg(token_hash, ',') from api_token")).doesNotContain(token)
                .doesNotContain(ADMIN_TOKEN);
        assertThat(api.get("/api/v1/tokens").raw()).contains(name).doesNotContain(token);
        assertThat(api.withToken(token).get("/api/v1/instances").status()).isEqualTo(200);

        assertThat(api.delete("/api/v1/tokens/" + name).status()).isEqualTo(204);
        assertThat(api.withToken(token).get("/api/v1/instances").status()).isEqualTo(401);
        assertThat(api.post("/api/v1/tokens", Map.of("name", "Bad Name", "role", "ADMIN")).hasError("name", "name.pattern")).isTrue();
    }

    @Test
    void healthAndTheOpenApiDocumentAreOpenAndOtherActuatorEndpointsAreClosed() {
        Api anonymous = api.withToken(null);

        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
        Api.Response apiDocs = anonymous.get("/v3/api-docs");
        assertThat(apiDocs.status()).isEqualTo(200);
        assertThat(apiDocs.body().path("paths").has("/api/v1/instances/{instanceId}/connectors:validate")).isTrue();
        assertThat(anonymous.get("/swagger-ui/index.html").status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/env").status()).isIn(401, 403);
        assertThat(api.get("/actuator/env").status()).isIn(403, 404);
    }

    @Test
    void everyChangeIsAuditedWithTheActingTokensName() {
        String name = unique("operator");
        String token = api.post("/api/v1/tokens", Map.of("name", name, "role", "ADMIN")).body().path("token").asString();
        Api operator = api.withToken(token);
        String instanceId = unique("kafka");
        operator.post("/api/v1/instances", Map.of("id", instanceId, "name", "audited", "bootstrapServers", kafka().bootstrapServers()));
        operator.delete("/api/v1/instances/" + instanceId);

        Api.Response events = api.get("/api/v1/audit-events?actor=" + name);

        assertThat(events.body().path("totalItems").asLong()).isEqualTo(2);
        assertThat(events.body().path("items").get(0).path("action").asString()).isEqualTo("instance.delete");
        assertThat(events.body().path("items").get(1).path("action").asString()).isEqualTo("instance.create");
        assertThat(events.body().path("items").get(1).path("target").asString()).isEqualTo("instances/" + instanceId);
        assertThat(events.body().path("items").get(1).path("occurredAt").asString()).isNotBlank();
        assertThat(api.get("/api/v1/audit-events?action=token.create").raw()).contains(name);
    }
}
