package com.connectorservice.controlplane;

import static com.connectorservice.controlplane.DeploymentApiTest.desiredFor;
import static com.connectorservice.controlplane.DeploymentApiTest.registration;
import static com.connectorservice.controlplane.DeploymentApiTest.report;
import static com.connectorservice.controlplane.DeploymentApiTest.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** The workers' task metrics, as agents report them, become the connector's status, its series and its history. */
class ConnectorMetricsApiTest extends ControlPlaneTestBase {

    private String instanceId;
    private String name;
    private String path;
    private String registered;
    private String node;
    private Api agent;
    private long generation;

    @BeforeEach
    void deployed() {
        instanceId = createInstance();
        String topic = unique("metered");
        createTopic(topic, 2);
        name = unique("metered");
        assertThat(api.post(connectorsPath(instanceId), definition(name, topic)).status()).isEqualTo(201);
        path = connectorsPath(instanceId) + "/" + name;
        registered = unique("node");
        assertThat(api.withToken(agentToken(registered)).post("/api/v1/agents/register", registration(registered, 4))
                .status()).isEqualTo(200);
        assertThat(api.post(path + "/deploy", null).status()).isEqualTo(202);
        // placed on a node with room: ours, or one another test left live; at once or by the next placement pass
        await().atMost(Duration.ofSeconds(15)).until(() -> api.get(path + "/status").body().path("nodes").size() > 0);
        node = api.get(path + "/status").body().path("nodes").get(0).path("id").asString();
        agent = api.withToken(agentToken(node));
        generation = desiredFor(agent, node, name, null).path("generation").asLong();
    }

    /** Leaves no connector and no live node behind for the other tests' placements. */
    @AfterEach
    void undeploy() {
        if (agent == null) {
            return;
        }
        CompletableFuture<Api.Response> delete = CompletableFuture.supplyAsync(() -> api.delete(path + "?deleteResources=true"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            JsonNode entry = desiredFor(agent, node, name, null);
            if (entry != null) {
                desiredFor(agent, node, name, report(name, instanceId, entry.path("generation").asLong(), "STOPPED",
                        1111, List.of()));
            }
            return delete.isDone();
        });
        assertThat(delete.join().status()).as(delete.join().raw()).isIn(202, 204);
        execute("update worker_node set lease_expires_at = now() - interval '1 minute' where id = ?", registered);
    }

    @Test
    void aDestinationOutageIsAConditionOfARunningConnectorUntilWritingResumes() {
        long since = Instant.parse("2026-12-05T05:00:00Z").toEpochMilli();
        desiredFor(agent, node, name, reportWith(
                taskMetrics(0, 0.0, since, 7, "IOException: Connection refused"),
                taskMetrics(1, 0.0, since + 2_000, 5, "IOException: Connection refused")));

        JsonNode status = api.get(path + "/status").body();
        assertThat(status.path("state").asString()).as(status.toString()).isEqualTo("RUNNING");
        JsonNode condition = condition(status, "DestinationUnavailable");
        assertThat(condition).as(status.toString()).isNotNull();
        assertThat(condition.path("status").asString()).isEqualTo("True");
        assertThat(condition.path("reason").asString()).isEqualTo("WaitingForDestination");
        assertThat(condition.path("message").asString()).contains("since 2026-12-05T05:00:00Z", "12 retries",
                "IOException: Connection refused").doesNotContain("\n");
        assertThat(status.path("metrics").path("destinationUnavailableSince").asString()).isEqualTo("2026-12-05T05:00:00Z");
        assertThat(status.path("metrics").path("destinationRetries").asLong()).isEqualTo(12);

        desiredFor(agent, node, name, reportWith(taskMetrics(0, 250.0, 0, 0, "IOException: Connection refused"),
                taskMetrics(1, 150.0, 0, 0, null)));
        status = api.get(path + "/status").body();
        assertThat(status.path("state").asString()).isEqualTo("RUNNING");
        assertThat(condition(status, "DestinationUnavailable")).as("gone once writing resumes").isNull();
        assertThat(status.path("metrics").path("recordsOutPerSecond").asDouble()).isEqualTo(400.0);
        assertThat(status.path("metrics").has("destinationUnavailableSince")).isFalse();
    }

    @Test
    void prometheusServesPerConnectorSeriesToAdminAndViewerTokensAndExplainsRefusals() {
        long since = System.currentTimeMillis() - 30_000;
        desiredFor(agent, node, name, reportWith(taskMetrics(0, 120.0, since, 3, "IOException: Connection refused"),
                taskMetrics(1, 80.0, 0, 0, null)));
        Api viewer = api.withToken(api.post("/api/v1/tokens", Map.of("name", unique("prometheus"), "role", "VIEWER"))
                .body().path("token").asString());
        String series = "{connector=\"" + name + "\",instance=\"" + instanceId + "\"}";
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Api.Response scrape = viewer.get("/actuator/prometheus");
            assertThat(scrape.status()).as(scrape.raw()).isEqualTo(200);
            assertThat(scrape.contentType()).startsWith("text/plain");
            assertThat(scrape.raw()).contains(
                    "connector_records_out_per_second" + series + " 200.0",
                    "connector_records_in_per_second" + series + " 200.0",
                    "connector_record_errors" + series + " 4.0",
                    "connector_records_dead_lettered" + series + " 2.0",
                    "connector_records_error_topic" + series + " 6.0",
                    "connector_consumer_lag" + series + " 60.0",
                    "connector_batch_latency_ms" + series + " 40.5",
                    "connector_destination_retries" + series + " 3.0",
                    "connector_destination_unavailable" + series + " 1.0",
                    // the control plane's own meters
                    "jvm_memory_used_bytes", "http_server_requests_seconds_count");
        });
        assertThat(api.get("/actuator/prometheus").status()).as("ADMIN may scrape").isEqualTo(200);

        Api.Response anonymous = api.withToken(null).get("/actuator/prometheus");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.contentType()).startsWith("application/problem+json");
        Api.Response asAgent = agent.get("/actuator/prometheus");
        assertThat(asAgent.status()).isEqualTo(403);
        assertThat(asAgent.contentType()).startsWith("application/problem+json");
        assertThat(asAgent.body().path("detail").asString()).contains("ADMIN or VIEWER").doesNotContain("changes");
        Api.Response closed = api.get("/actuator/env");
        assertThat(closed.status()).isEqualTo(403);
        assertThat(closed.body().path("detail").asString()).contains("closed");

        // the chart's history of the same figures
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode history = viewer.get(path + "/metrics/history").body();
            assertThat(history.path("sampleIntervalSeconds").asDouble()).isPositive();
            assertThat(history.path("samples").size()).isGreaterThan(0);
            JsonNode last = history.path("samples").get(history.path("samples").size() - 1);
            assertThat(last.path("recordsOutPerSecond").asDouble()).isEqualTo(200.0);
            assertThat(last.path("consumerLag").asLong()).isEqualTo(60);
            assertThat(last.path("destinationUnavailable").asBoolean()).isTrue();
        });
        assertThat(viewer.get(connectorsPath(instanceId) + "/" + unique("absent") + "/metrics/history").status())
                .isEqualTo(404);
    }

    @Test
    void theWorkerLogTailAnAgentSentIsServedPerTaskAndKeptWhileTheAgentSendsNoChange() {
        Api viewer = api.withToken(api.post("/api/v1/tokens", Map.of("name", unique("logs"), "role", "VIEWER"))
                .body().path("token").asString());
        assertThat(viewer.get(path + "/logs").body().path("tasks").size()).as("nothing sent yet").isZero();

        Map<String, Object> withLogs = reportWith();
        withLogs.put("logs", List.of(
                Map.of("task", 1, "lines", List.of("2026-12-05 11:00:03,000 ERROR [" + name + "|task-1] failed",
                        "\tat com.example.Sink.put(Sink.java:1)")),
                Map.of("lines", List.of("2026-12-05 11:00:01,000 INFO  [" + name + "|worker] Creating connector")),
                Map.of("task", 0, "lines", List.of("2026-12-05 11:00:02,000 INFO  [" + name + "|task-0] started"))));
        desiredFor(agent, node, name, withLogs);
        desiredFor(agent, node, name, reportWith());

        Api.Response logs = viewer.get(path + "/logs");
        assertThat(logs.status()).as(logs.raw()).isEqualTo(200);
        JsonNode tasks = logs.body().path("tasks");
        assertThat(logs.body().path("name").asString()).isEqualTo(name);
        assertThat(tasks.size()).as("kept after a report without logs: " + tasks).isEqualTo(3);
        assertThat(tasks.get(0).has("task")).as("the connector's own lines first").isFalse();
        assertThat(tasks.get(1).path("task").asInt()).isZero();
        assertThat(tasks.get(2).path("task").asInt()).isEqualTo(1);
        assertThat(tasks.get(2).path("node").asString()).isEqualTo(node);
        assertThat(tasks.get(2).path("updatedAt").asString()).isNotEmpty();
        assertThat(tasks.get(2).path("lines").get(1).asString()).contains("Sink.put");

        assertThat(viewer.get(connectorsPath(instanceId) + "/" + unique("absent") + "/logs").status()).isEqualTo(404);
        assertThat(api.withToken(null).get(path + "/logs").status()).isEqualTo(401);
    }

    private Map<String, Object> reportWith(Map<String, Object>... taskMetrics) {
        Map<String, Object> report = report(name, instanceId, generation, "RUNNING", 1111,
                List.of(task(0, "RUNNING", 1111), task(1, "RUNNING", 1111)));
        report.put("worker", Map.of("pid", 1, "restarts", 0, "restUrl", "http://127.0.0.1:1111",
                "taskMetrics", List.of(taskMetrics)));
        return report;
    }

    static Map<String, Object> taskMetrics(int task, double sentPerSecond, long unavailableSince, long retries,
                                           String lastError) {
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("task", task);
        metrics.put("recordsReadPerSecond", sentPerSecond);
        metrics.put("recordsSentPerSecond", sentPerSecond);
        metrics.put("recordsRead", 1000);
        metrics.put("recordsSent", 1000);
        metrics.put("recordErrors", 2);
        metrics.put("deadLettered", 1);
        metrics.put("errorTopicRecords", 3);
        metrics.put("putBatchAvgMs", 40.5);
        metrics.put("consumerLag", 30);
        metrics.put("destinationUnavailableSince", unavailableSince);
        metrics.put("destinationRetries", retries);
        metrics.put("destinationLastError", lastError);
        return metrics;
    }

    private static JsonNode condition(JsonNode status, String type) {
        for (JsonNode condition : status.path("conditions")) {
            if (type.equals(condition.path("type").asString())) {
                return condition;
            }
        }
        return null;
    }
}
