package com.connectorservice.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** The agent protocol and the runtime actions, driven as agents would drive them (no agent process here). */
class DeploymentApiTest extends ControlPlaneTestBase {

    private final Map<String, String> agentTokens = new java.util.concurrent.ConcurrentHashMap<>();

    @Test
    void onlyAgentTokensReachTheAgentApiAndAgentTokensReachNothingElse() {
        Api agent = api.withToken(AGENT_TOKEN);
        String tokenName = unique("agent");
        String issued = api.post("/api/v1/tokens", Map.of("name", tokenName, "role", "AGENT")).body().path("token").asString();

        assertThat(agent.get("/api/v1/instances").status()).isEqualTo(403);
        assertThat(agent.post("/api/v1/instances", Map.of("id", "x")).status()).isEqualTo(403);
        assertThat(api.post("/api/v1/agents/register", registration(unique("node"), 1)).status()).isEqualTo(403);
        assertThat(api.withToken(null).post("/api/v1/agents/register", registration(unique("node"), 1)).status()).isEqualTo(401);
        assertThat(api.withToken(issued).post("/api/v1/agents/register", registration(tokenName, 1)).status()).isEqualTo(200);
        String neverRegistered = unique("never-registered");
        assertThat(api.withToken(agentToken(neverRegistered)).post("/api/v1/agents/" + neverRegistered + "/heartbeat",
                Map.of("connectors", List.of())).status()).isEqualTo(404);
    }

    @Test
    void deployPlacesReplicasReportsBecomeStatusActionsBecomeDesiredStateAndDeleteStopsEverywhereFirst() throws Exception {
        String instanceId = createInstance();
        String topic = unique("orders");
        createTopic(topic, 3);
        String name = unique("deployed");
        Map<String, Object> definition = definition(name, topic);
        definition.put("replicas", 2);
        assertThat(api.post(connectorsPath(instanceId), definition).status()).isEqualTo(201);
        String path = connectorsPath(instanceId) + "/" + name;
        assertThat(api.get(path + "/status").body().path("state").asString()).isEqualTo("NOT_DEPLOYED");
        Api.Response resumeUndeployed = api.post(path + "/resume", null);
        assertThat(resumeUndeployed.status()).isEqualTo(409);
        for (String node : List.of(unique("node-a"), unique("node-b"))) {
            assertThat(agent(node).post("/api/v1/agents/register", registration(node, 2)).status()).isEqualTo(200);
        }

        Api.Response deployed = api.post(path + "/deploy", null);
        assertThat(deployed.status()).as(deployed.raw()).isEqualTo(202);
        assertThat(deployed.body().path("state").asString()).isEqualTo("DEPLOYING");
        List<String> nodes = new ArrayList<>();
        deployed.body().path("nodes").forEach(n -> nodes.add(n.path("id").asString()));
        assertThat(nodes).hasSize(2).doesNotHaveDuplicates();

        JsonNode desired = desiredFor(agent(nodes.get(0)), nodes.get(0), name, null);
        assertThat(desired.path("targetState").asString()).isEqualTo("RUNNING");
        assertThat(desired.path("worker").path("groupId").asString()).isEqualTo("connect-cluster-" + name);
        assertThat(desired.path("worker").path("bootstrapServers").asString()).isEqualTo(kafka().bootstrapServers());
        assertThat(desired.path("connectorConfig").path("topics").asString()).isEqualTo(topic);
        assertThat(desired.path("connectorConfig").path("access_key").asString()).isEqualTo("${secret:accessKeySecret}");
        assertThat(desired.path("connectorConfig").toString()).doesNotContain("S3cretValueThatMustNeverLeak");
        assertThat(desired.path("secrets").path("accessKeySecret").asString()).isEqualTo("S3cretValueThatMustNeverLeak");
        long generation = desired.path("generation").asLong();

        desiredFor(agent(nodes.get(0)), nodes.get(0), name, report(name, instanceId, generation, "RUNNING", 1111, List.of(
                task(0, "RUNNING", 1111), task(1, "RUNNING", 2222))));
        desiredFor(agent(nodes.get(1)), nodes.get(1), name, report(name, instanceId, generation, "RUNNING", 2222, List.of(
                task(0, "RUNNING", 1111), task(1, "RUNNING", 2222))));
        JsonNode status = api.get(path + "/status").body();
        assertThat(status.path("state").asString()).as(status.toString()).isEqualTo("RUNNING");
        assertThat(status.path("tasks").get(0).path("node").asString()).isEqualTo(nodes.get(0));
        assertThat(status.path("tasks").get(1).path("node").asString()).isEqualTo(nodes.get(1));
        assertThat(status.path("lag")).hasSize(3);
        assertThat(api.get(path).body().path("status").asString()).isEqualTo("RUNNING");

        // the agent's long-poll: held open while nothing changes, answered with a new version as soon as the pause is
        String held = heartbeat(agent(nodes.get(0)), nodes.get(0), List.of()).path("desiredVersion").asString();
        assertThat(held).isNotBlank();
        java.util.concurrent.CompletableFuture<Api.Response> watch = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> agent(nodes.get(0)).post("/api/v1/agents/" + nodes.get(0) + "/desired-state/watch",
                        Map.of("version", held, "waitSeconds", 20)));
        Thread.sleep(200);
        assertThat(watch).as("nothing changed yet").isNotDone();
        long pausedAt = System.nanoTime();
        assertThat(api.post(path + "/pause", null).status()).isEqualTo(202);
        Api.Response changed = watch.get(5, java.util.concurrent.TimeUnit.SECONDS);
        long watchMillis = (System.nanoTime() - pausedAt) / 1_000_000;
        assertThat(changed.status()).as(changed.raw()).isEqualTo(200);
        assertThat(changed.body().path("version").asString()).isNotEqualTo(held);
        assertThat(watchMillis).as("the watch answers within a poll of the change").isLessThan(2_000);
        heartbeat(agent(nodes.get(1)), nodes.get(1), List.of()); // its lease is 4 s here: keep it while this took
        JsonNode paused = desiredFor(agent(nodes.get(0)), nodes.get(0), name, null);
        assertThat(paused.path("targetState").asString()).isEqualTo("PAUSED");
        assertThat(paused.path("generation").asLong()).isGreaterThan(generation);

        assertThat(api.post(path + "/restart?includeTasks=true&onlyFailed=true", null).status()).isEqualTo(202);
        JsonNode restart = desiredFor(agent(nodes.get(0)), nodes.get(0), name, null).path("restart");
        assertThat(restart.path("requestId").asString()).isNotBlank();
        assertThat(restart.path("includeTasks").asBoolean()).isTrue();

        Api.Response resetWhileRunning = api.delete(path + "/offsets");
        assertThat(resetWhileRunning.status()).isEqualTo(409);
        assertThat(resetWhileRunning.hasError("status", "status.notStopped")).isTrue();

        assertThat(api.post(path + "/stop", null).status()).isEqualTo(202);
        long stopGeneration = desiredFor(agent(nodes.get(0)), nodes.get(0), name, null).path("generation").asLong();
        for (int i = 0; i < 2; i++) {
            desiredFor(agent(nodes.get(i)), nodes.get(i), name, report(name, instanceId, stopGeneration, "STOPPED", 1111 * (i + 1), List.of()));
        }
        Api.Response reset = api.delete(path + "/offsets");
        assertThat(reset.status()).as(reset.raw()).isEqualTo(202);
        assertThat(desiredFor(agent(nodes.get(1)), nodes.get(1), name, null).path("resetOffsets").path("requestId").asString())
                .isEqualTo(reset.body().path("requestId").asString());
        JsonNode offsets = api.get(path + "/offsets").body().path("offsets");
        assertThat(offsets).hasSize(3);

        // a node that stops heartbeating loses its placement to a live one
        String replacement = unique("node-c");
        // room to spare: connectors other test classes left on nodes long gone are placed on a new node too
        agent(replacement).post("/api/v1/agents/register", registration(replacement, 1000));
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            heartbeat(agent(nodes.get(0)), nodes.get(0), List.of());
            heartbeat(agent(replacement), replacement, List.of());
            List<String> placed = new ArrayList<>();
            api.get(path + "/status").body().path("nodes").forEach(n -> placed.add(n.path("id").asString()));
            assertThat(placed).containsExactlyInAnyOrder(nodes.get(0), replacement);
        });

        // DELETE is accepted at once: DELETING (edits and resumes refused, a repeated DELETE accepted again) until every
        // live node reports STOPPED; then the connector leaves the desired states and is gone
        Api.Response delete = api.delete(path + "?deleteResources=true");
        assertThat(delete.status()).as(delete.raw()).isEqualTo(202);
        assertThat(delete.body().path("status").asString()).isEqualTo("DELETING");
        assertThat(api.get(path).body().path("status").asString()).isEqualTo("DELETING");
        Api.Response again = api.delete(path + "?deleteResources=true");
        assertThat(again.status()).as(again.raw()).isEqualTo(202);
        assertThat(again.body().path("status").asString()).isEqualTo("DELETING");
        Api.Response resume = api.post(path + "/resume", null);
        assertThat(resume.status()).as(resume.raw()).isEqualTo(409);
        assertThat(resume.hasError("status", "status.deleting")).as(resume.raw()).isTrue();
        assertThat(api.get(connectorsPath(instanceId) + "?status=DELETING&q=" + name).body().path("totalItems").asLong())
                .isEqualTo(1);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            for (String node : List.of(nodes.get(0), replacement)) {
                JsonNode entry = desiredFor(agent(node), node, name, null);
                if (entry != null) {
                    desiredFor(agent(node), node, name, report(name, instanceId, entry.path("generation").asLong(), "STOPPED", 3333, List.of()));
                }
            }
            return api.get(path).status() == 404;
        });
        assertThat(desiredFor(agent(nodes.get(0)), nodes.get(0), name, null)).isNull();
        assertThat(api.get("/api/v1/audit-events?size=200").raw()).contains("connector.deploy", "connector.pause",
                "connector.stop", "connector.offsets.reset", "connector.undeploy");
    }

    /**
     * Issue 14: {@code isolation} is the connector's (DENSE unless asked), reaches the agents in the worker spec, and
     * changes while the connector runs: the agents move its worker, its group and topics stay.
     */
    @Test
    void isolationReachesTheAgentsInTheWorkerSpecAndChangesWhileDeployed() {
        String instanceId = createInstance();
        String topic = unique("orders");
        createTopic(topic, 1);
        String name = unique("isolated");
        Api.Response created = api.post(connectorsPath(instanceId), definition(name, topic));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        assertThat(created.body().path("isolation").asString()).isEqualTo("DENSE");
        String node = unique("node");
        assertThat(agent(node).post("/api/v1/agents/register", registration(node, 2)).status()).isEqualTo(200);
        String path = connectorsPath(instanceId) + "/" + name;
        Api.Response deployed = api.post(path + "/deploy", null);
        assertThat(deployed.status()).as(deployed.raw()).isEqualTo(202);
        String placedOn = deployed.body().path("nodes").get(0).path("id").asString();
        JsonNode dense = desiredFor(agent(placedOn), placedOn, name, null);
        assertThat(dense.path("worker").path("isolation").asString()).isEqualTo("DENSE");
        execute("update connector set status = 'RUNNING' where instance_id = ? and name = ?", instanceId, name);

        Map<String, Object> own = definition(name, topic);
        own.put("isolation", "PROCESS");
        Api.Response moved = api.put(path, own);

        assertThat(moved.status()).as(moved.raw()).isEqualTo(200);
        assertThat(moved.body().path("isolation").asString()).isEqualTo("PROCESS");
        JsonNode process = desiredFor(agent(placedOn), placedOn, name, null);
        assertThat(process.path("worker").path("isolation").asString()).isEqualTo("PROCESS");
        assertThat(process.path("worker").path("groupId").asString()).isEqualTo(dense.path("worker").path("groupId").asString());
        assertThat(process.path("generation").asLong()).isGreaterThan(dense.path("generation").asLong());

        Map<String, Object> typo = definition(name, topic);
        typo.put("isolation", "SHARED");
        Api.Response refused = api.put(path, typo);
        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(refused.hasError("isolation", "isolation.invalid")).as(refused.raw()).isTrue();
        assertThat(refused.raw()).contains("DENSE", "PROCESS");
    }

    /** An agent API bound to {@code node}'s own token, issued once per node. */
    private Api agent(String node) {
        return api.withToken(agentTokens.computeIfAbsent(node, this::agentToken));
    }

    static Map<String, Object> registration(String id, int capacity) {
        return Map.of("id", id, "host", id + ".local", "capacity", capacity, "version", "test");
    }

    static Map<String, Object> task(int id, String state, int port) {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("id", id);
        task.put("state", state);
        task.put("workerId", "127.0.0.1:" + port);
        return task;
    }

    static Map<String, Object> report(String name, String instanceId, long generation, String state, int port,
            List<Map<String, Object>> tasks) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("name", name);
        report.put("instanceId", instanceId);
        report.put("generation", generation);
        report.put("state", state);
        report.put("tasks", tasks);
        report.put("worker", Map.of("pid", 1, "restarts", 0, "restUrl", "http://127.0.0.1:" + port));
        report.put("conditions", List.of());
        report.put("someFutureField", true);
        return report;
    }

    static JsonNode heartbeat(Api agent, String node, List<Map<String, Object>> reports) {
        Api.Response response = agent.post("/api/v1/agents/" + node + "/heartbeat", Map.of("connectors", reports));
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        return response.body();
    }

    /** Heartbeats as {@code node} (with {@code report} if given) and answers the desired entry for {@code name}. */
    static JsonNode desiredFor(Api agent, String node, String name, Map<String, Object> report) {
        for (JsonNode entry : heartbeat(agent, node, report == null ? List.of() : List.of(report)).path("desired")) {
            if (name.equals(entry.path("name").asString())) {
                return entry;
            }
        }
        return null;
    }
}
