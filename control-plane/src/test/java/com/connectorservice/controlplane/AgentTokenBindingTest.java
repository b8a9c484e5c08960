package com.connectorservice.controlplane;

import static com.connectorservice.controlplane.DeploymentApiTest.desiredFor;
import static com.connectorservice.controlplane.DeploymentApiTest.registration;
import static com.connectorservice.controlplane.DeploymentApiTest.report;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Issue 12 item 6: an AGENT token belongs to one agent id. It registers and heartbeats only as that agent, receives
 * only the secrets of connectors placed on that agent, and reports status only for them.
 */
class AgentTokenBindingTest extends ControlPlaneTestBase {

    private static final String SECRET = "S3cretValueThatMustNeverLeak";

    @Test
    void anAgentTokenRegistersAndHeartbeatsOnlyAsItsOwnAgent() {
        String node = unique("bound");
        Api.Response issued = api.post("/api/v1/tokens", Map.of("name", unique("agent-token"), "role", "AGENT", "agentId", node));
        assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
        assertThat(issued.body().path("agentId").asString()).isEqualTo(node);
        Api agent = api.withToken(issued.body().path("token").asString());

        assertThat(agent.post("/api/v1/agents/register", registration(node, 2)).status()).isEqualTo(200);
        Api.Response rogue = agent.post("/api/v1/agents/register", registration(unique("rogue"), 1000));
        assertThat(rogue.status()).as(rogue.raw()).isEqualTo(403);
        assertThat(rogue.contentType()).startsWith("application/problem+json");
        assertThat(rogue.hasError("id", "id.agentToken")).as(rogue.raw()).isTrue();
        String other = unique("other");
        assertThat(api.withToken(agentToken(other)).post("/api/v1/agents/register", registration(other, 1)).status()).isEqualTo(200);
        Api.Response impersonation = agent.post("/api/v1/agents/" + other + "/heartbeat", Map.of("connectors", List.of()));
        assertThat(impersonation.status()).as(impersonation.raw()).isEqualTo(403);
        assertThat(impersonation.hasError("id", "id.agentToken")).isTrue();
        assertThat(agent.post("/api/v1/agents/" + node + "/heartbeat", Map.of("connectors", List.of())).status()).isEqualTo(200);

        String named = unique("named-agent");
        String byName = api.post("/api/v1/tokens", Map.of("name", named, "role", "AGENT")).body().path("token").asString();
        assertThat(api.withToken(byName).post("/api/v1/agents/register", registration(named, 1)).status()).isEqualTo(200);
        assertThat(api.withToken(byName).post("/api/v1/agents/register", registration(node, 1)).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/tokens").raw()).contains("\"agentId\":\"" + named + "\"");

        Api.Response viewerWithAgent = api.post("/api/v1/tokens", Map.of("name", unique("v"), "role", "VIEWER", "agentId", "x"));
        assertThat(viewerWithAgent.status()).isEqualTo(400);
        assertThat(viewerWithAgent.hasError("agentId", "agentId.role")).as(viewerWithAgent.raw()).isTrue();
    }

    @Test
    void theBuiltInAgentTokenIsBoundToItsConfiguredAgent() {
        Api builtIn = api.withToken(AGENT_TOKEN);

        assertThat(builtIn.post("/api/v1/agents/register", registration(BUILT_IN_AGENT_ID, 1)).status()).isEqualTo(200);
        assertThat(builtIn.post("/api/v1/agents/register", registration(unique("not-it"), 1)).status()).isEqualTo(403);
    }

    @Test
    void secretsAndStatusStayWithTheAgentTheConnectorIsPlacedOn() {
        String instanceId = createInstance();
        String topic = unique("bound-input");
        createTopic(topic, 1);
        String name = unique("bound-sink");
        assertThat(api.post(connectorsPath(instanceId), definition(name, topic)).status()).isEqualTo(201);
        // names starting with "0" sort before other tests' nodes, so the planner picks "placed" when loads are equal
        String placed = unique("0bound-a");
        String elsewhere = unique("0bound-b");
        Api placedAgent = api.withToken(agentToken(placed));
        Api otherAgent = api.withToken(agentToken(elsewhere));
        assertThat(placedAgent.post("/api/v1/agents/register", registration(placed, 4)).status()).isEqualTo(200);
        assertThat(otherAgent.post("/api/v1/agents/register", registration(elsewhere, 4)).status()).isEqualTo(200);
        String path = connectorsPath(instanceId) + "/" + name;
        Api.Response deployed = api.post(path + "/deploy", null);
        assertThat(deployed.status()).as(deployed.raw()).isEqualTo(202);
        assertThat(deployed.body().path("nodes").get(0).path("id").asString()).isEqualTo(placed);

        JsonNode desired = desiredFor(placedAgent, placed, name, null);
        assertThat(desired.path("secrets").path("accessKeySecret").asString()).isEqualTo(SECRET);

        Api.Response stolen = otherAgent.post("/api/v1/agents/" + placed + "/heartbeat", Map.of("connectors", List.of()));
        assertThat(stolen.status()).isEqualTo(403);
        assertThat(stolen.raw()).doesNotContain(SECRET);
        Api.Response own = otherAgent.post("/api/v1/agents/" + elsewhere + "/heartbeat", Map.of("connectors",
                List.of(report(name, instanceId, desired.path("generation").asLong(), "FAILED", 4444, List.of()))));
        assertThat(own.status()).isEqualTo(200);
        assertThat(own.raw()).doesNotContain(SECRET).doesNotContain(name);

        assertThat(queryString("select count(*) from connector_report r join connector c on c.id = r.connector_id"
                + " where c.name = ? and r.node_id = ?", name, elsewhere)).isEqualTo("0");
        assertThat(api.get(path + "/status").body().path("state").asString()).isEqualTo("DEPLOYING");
    }
}
