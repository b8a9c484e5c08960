package com.connectorservice.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Issue 12 item 11: status tells what is known and how old it is. A node whose heartbeat is late (its agent may be
 * dead, its lease not expired yet) no longer vouches for RUNNING.
 */
class StatusFreshnessTest extends ControlPlaneTestBase {

    @Test
    void aNodeLateWithItsHeartbeatIsShownAsSuchAndTheConnectorIsNotRunningOnItsWord() {
        String instanceId = createInstance();
        String topic = unique("fresh");
        createTopic(topic, 1);
        String name = unique("fresh");
        assertThat(api.post(connectorsPath(instanceId), definition(name, topic)).status()).isEqualTo(201);
        String path = connectorsPath(instanceId) + "/" + name;
        String registered = unique("node");
        assertThat(api.withToken(agentToken(registered)).post("/api/v1/agents/register", Map.of("id", registered,
                "capacity", 4)).status()).isEqualTo(200);
        assertThat(api.post(path + "/deploy", null).status()).isEqualTo(202);
        // placed on a node with room: ours, or one another test left live; the test acts as that node
        await().atMost(Duration.ofSeconds(15)).until(() -> api.get(path + "/status").body().path("nodes").size() > 0);
        String node = api.get(path + "/status").body().path("nodes").get(0).path("id").asString();
        Api agent = api.withToken(agentToken(node));
        long generation = desiredGeneration(agent, node, name);
        Instant beforeReport = Instant.now();
        heartbeat(agent, node, List.of(runningReport(name, instanceId, generation)));

        JsonNode running = api.get(path + "/status").body();
        assertThat(running.path("state").asString()).as(running.toString()).isEqualTo("RUNNING");
        assertThat(Instant.parse(running.path("observedAt").asString())).isAfterOrEqualTo(beforeReport.minusSeconds(1));
        assertThat(running.path("nodes").get(0).path("late").asBoolean()).isFalse();
        assertThat(running.path("nodes").get(0).path("heartbeatAgeSeconds").asDouble()).isLessThan(2.0);

        // the agent died 10 s ago; its lease (30 s in production) has not expired yet
        execute("update worker_node set last_heartbeat = now() - interval '10 seconds',"
                + " lease_expires_at = now() + interval '1 minute' where id = ?", node);
        JsonNode stale = api.get(path + "/status").body();
        assertThat(stale.path("state").asString()).as(stale.toString()).isEqualTo("UNKNOWN");
        JsonNode nodeView = stale.path("nodes").get(0);
        assertThat(nodeView.path("late").asBoolean()).isTrue();
        assertThat(nodeView.path("live").asBoolean()).as("still placed there").isTrue();
        assertThat(nodeView.path("heartbeatAgeSeconds").asDouble()).isBetween(9.0, 60.0);
        assertThat(nodeView.path("state").asString()).as("its last word stays visible").isEqualTo("RUNNING");
        assertThat(stale.path("tasks")).hasSize(1);
        assertThat(stale.path("conditions").toString()).contains("HeartbeatLate").contains(node);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(api.get(path).body().path("status").asString()).as("the list's status column").isEqualTo("UNKNOWN"));

        heartbeat(agent, node, List.of(runningReport(name, instanceId, generation)));
        assertThat(api.get(path + "/status").body().path("state").asString()).isEqualTo("RUNNING");
    }

    private static Map<String, Object> runningReport(String name, String instanceId, long generation) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("name", name);
        report.put("instanceId", instanceId);
        report.put("generation", generation);
        report.put("state", "RUNNING");
        report.put("tasks", List.of(Map.of("id", 0, "state", "RUNNING", "workerId", "127.0.0.1:8083")));
        report.put("worker", Map.of("pid", 1, "restarts", 0, "restUrl", "http://127.0.0.1:8083"));
        report.put("conditions", List.of());
        return report;
    }

    private static JsonNode heartbeat(Api agent, String node, List<Map<String, Object>> reports) {
        Api.Response response = agent.post("/api/v1/agents/" + node + "/heartbeat", Map.of("connectors", reports));
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        return response.body();
    }

    private static long desiredGeneration(Api agent, String node, String name) {
        for (JsonNode entry : heartbeat(agent, node, List.of()).path("desired")) {
            if (name.equals(entry.path("name").asString())) {
                return entry.path("generation").asLong();
            }
        }
        throw new AssertionError(name + " is not placed on " + node);
    }
}
