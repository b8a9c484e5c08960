package com.connectorservice.controlplane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import com.connectorservice.syncjob.protocol.SyncRunProtocol;

import tools.jackson.databind.JsonNode;

/** Sync jobs through the REST API, with the test acting as the agent that executes runs (no agent process here). */
class SyncJobApiTest extends ControlPlaneTestBase {

    static Map<String, Object> job(String name, String topic) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("topic", topic);
        source.put("timeZone", "Asia/Shanghai");
        Map<String, Object> destination = new LinkedHashMap<>();
        destination.put("endpoint", "http://127.0.0.1:9/api");
        destination.put("project", "sync_project");
        destination.put("table", "t_events");
        destination.put("auth", Map.of("type", "ACCESS_KEY", "accessKeyId", "ak-sync", "accessKeySecret", "SyncSecretMustNotLeak"));
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("name", name);
        job.put("source", source);
        job.put("destination", destination);
        job.put("schedule", Map.of("type", "HOUR", "interval", 1, "startTime", "00:15", "endTime", "23:59"));
        job.put("rerun", Map.of("onFailure", true, "times", 1, "intervalSeconds", 1));
        return job;
    }

    private String node = "none";
    private String nodeToken;
    /** The run may be placed on any live node (other tests' too): the test acts as each with a token of its own. */
    private final Map<String, String> agentTokens = new java.util.HashMap<>();

    private String syncJobs(String instanceId) {
        return "/api/v1/instances/" + instanceId + "/sync-jobs";
    }

    @Test
    void aJobGetsTheSeedsDefaultsAndPreviewsItsWindows() {
        String instance = createInstance();
        String topic = unique("events");
        createTopic(topic, 2);
        Api.Response created = api.post(syncJobs(instance), job("hourly", topic));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        JsonNode body = created.body();
        assertThat(body.path("parameters").path("startTime").asString()).isEqualTo("$[yyyymmddhh24-1/24]0000");
        assertThat(body.path("destination").path("partition").asString()).isEqualTo("ds=${partition}");
        assertThat(body.path("mapping")).hasSize(6);
        assertThat(body.path("rerun").path("times").asInt()).isEqualTo(1);
        assertThat(body.path("source").path("consumerGroup").asString()).isEqualTo("sync-hourly");
        assertThat(body.path("nextRuns")).hasSize(3);
        JsonNode next = body.path("nextRuns").get(0);
        assertThat(next.path("scheduledTime").asString()).contains(":15:00+08:00");
        assertThat(next.path("partition").asString()).matches("ds=\\d{10}");
        assertThat(created.raw()).doesNotContain("SyncSecretMustNotLeak");
        assertThat(api.post(syncJobs(instance), job("hourly", topic)).status()).isEqualTo(409);

        JsonNode ddl = api.get(syncJobs(instance) + "/hourly/target-table").body();
        assertThat(ddl.path("sql").asString()).startsWith("CREATE TABLE IF NOT EXISTS `" + topic.replace('-', '_') + "`")
                .contains("`__timestamp__` BIGINT", "PARTITIONED BY (`ds` STRING)", "LIFECYCLE 36500");
        assertThat(api.get(syncJobs(instance)).body().path("items")).hasSize(1);
        // every minute from 00:15: its Quartz triggers fit Quartz's table (written value by value they did not: 500)
        Map<String, Object> everyMinute = job("every-minute", topic);
        everyMinute.put("schedule", Map.of("type", "MINUTE", "interval", 1, "startTime", "00:15", "endTime", "23:59"));
        Api.Response minutely = api.post(syncJobs(instance), everyMinute);
        assertThat(minutely.status()).as(minutely.raw()).isEqualTo(201);
        assertThat(api.delete(syncJobs(instance) + "/every-minute").status()).isEqualTo(204);
        assertThat(api.post(syncJobs(instance) + "/hourly/pause", null).body().path("nextRuns")).isEmpty();
        assertThat(api.post(syncJobs(instance) + "/hourly/resume", null).body().path("enabled").asBoolean()).isTrue();
        assertThat(api.delete(syncJobs(instance) + "/hourly").status()).isEqualTo(204);
        assertThat(api.get(syncJobs(instance) + "/hourly").status()).isEqualTo(404);
    }

    @Test
    void badInputIsRefusedNamingTheFieldAndTheRule() {
        String instance = createInstance();
        String topic = unique("bad");
        createTopic(topic, 1);
        Map<String, Object> badExpression = job("bad-1", topic);
        badExpression.put("parameters", Map.of("startTime", "$[yyyymmddHH24-1/24]0000", "endTime", "$[yyyymmddhh24]0000",
                "partition", "$[yyyymmddhh24]"));
        assertError(api.post(syncJobs(instance), badExpression), "parameters.startTime", "parameter.expression");

        Map<String, Object> unknownField = job("bad-2", topic);
        unknownField.put("mapping", List.of(Map.of("source", "__topic__", "column", "t")));
        assertError(api.post(syncJobs(instance), unknownField), "mapping[0].source", "mapping.source.unknown");

        Map<String, Object> conflict = job("bad-3", topic);
        conflict.put("mapping", List.of(Map.of("source", "a.a1", "column", "x"), Map.of("source", "b", "column", "x")));
        assertError(api.post(syncJobs(instance), conflict), "mapping[1].column", "mapping.column.duplicate");

        Map<String, Object> endBeforeStart = job("bad-4", topic);
        endBeforeStart.put("parameters", Map.of("startTime", "$[yyyymmddhh24]0000", "endTime", "$[yyyymmddhh24-1/24]0000",
                "partition", "$[yyyymmddhh24]"));
        assertError(api.post(syncJobs(instance), endBeforeStart), "source.endTime", "window.endBeforeStart");

        Map<String, Object> badSchedule = job("bad-5", topic);
        badSchedule.put("schedule", Map.of("type", "MINUTE", "interval", 0));
        assertError(api.post(syncJobs(instance), badSchedule), "schedule.interval", "schedule.interval.range");
        badSchedule.put("schedule", Map.of("type", 0, "interval", 1, "startTime", "00:15", "endTime", "23:59"));
        Api.Response typeByPosition = api.post(syncJobs(instance), badSchedule);
        assertThat(typeByPosition.status()).as(typeByPosition.raw()).isEqualTo(400);
        assertThat(typeByPosition.errors().get(0).path("field").asString()).isEqualTo("schedule.type");

        assertError(api.post(syncJobs(instance), job("bad-6", unique("missing"))), "source.topic", "source.topic.notFound");

        Api.Response validation = api.post(syncJobs(instance) + ":validate", conflict);
        assertThat(validation.status()).isEqualTo(200);
        assertThat(validation.body().path("valid").asBoolean()).isFalse();
        assertThat(validation.hasError("mapping[1].column", "mapping.column.duplicate")).isTrue();
        assertThat(api.get(syncJobs(instance)).body().path("items")).isEmpty();

        // names Kafka refuses are the caller's mistake, found before any broker is asked (it answered them with
        // errors the API took for an unreachable instance: 502, or a timeout first for a name of 250 characters)
        for (String illegal : List.of("a".repeat(250), "caf\u00e9", "..")) {
            Api.Response checked = api.post(syncJobs(instance) + ":validate", job("bad-7", illegal));
            assertThat(checked.status()).as(checked.raw()).isEqualTo(200);
            assertThat(checked.hasError("source.topic", "source.topic.pattern")).as(checked.raw()).isTrue();
            assertError(api.post(syncJobs(instance) + ":sample-fields", Map.of("topic", illegal)), "topic", "topic.pattern");
        }
        assertError(api.post(syncJobs(instance) + ":sample-fields", Map.of("topic", topic, "encoding", "no-such-charset")),
                "encoding", "encoding.unknown");
    }

    /**
     * Each run commits its window's end offsets to the job's consumer group: another application's group (a
     * connector's, another job's, one with offsets of its own) would have its position moved while it is stopped.
     */
    @Test
    void aJobNeedsAConsumerGroupOfItsOwn() throws Exception {
        String instance = createInstance();
        String topic = unique("grouped");
        createTopic(topic, 1);
        Map<String, Object> connectorsGroup = job("group-1", topic);
        source(connectorsGroup).put("consumerGroup", "connect-" + unique("orders"));
        assertError(api.post(syncJobs(instance), connectorsGroup), "source.consumerGroup", "source.consumerGroup.taken");

        Map<String, Object> first = job("group-2", topic);
        String shared = unique("shared-group");
        source(first).put("consumerGroup", shared);
        assertThat(api.post(syncJobs(instance), first).status()).isEqualTo(201);
        Map<String, Object> second = job("group-3", topic);
        source(second).put("consumerGroup", shared);
        assertError(api.post(syncJobs(instance), second), "source.consumerGroup", "source.consumerGroup.taken");
        assertThat(api.put(syncJobs(instance) + "/group-2", first).status()).as("its own group").isEqualTo(200);

        String application = unique("app-group");
        String leftBySyncRuns = unique("sync-left");
        try (Admin admin = kafka().admin()) {
            TopicPartition partition = new TopicPartition(topic, 0);
            admin.alterConsumerGroupOffsets(application, Map.of(partition, new OffsetAndMetadata(0))).all().get();
            admin.alterConsumerGroupOffsets(leftBySyncRuns, Map.of(partition,
                    new OffsetAndMetadata(0, SyncRunProtocol.GROUP_OFFSET_METADATA + 7))).all().get();
        }
        source(second).put("consumerGroup", application);
        assertError(api.post(syncJobs(instance), second), "source.consumerGroup", "source.consumerGroup.taken");
        Api.Response checked = api.post(syncJobs(instance) + ":validate", second);
        assertThat(checked.hasError("source.consumerGroup", "source.consumerGroup.taken")).as(checked.raw()).isTrue();
        source(second).put("consumerGroup", leftBySyncRuns);
        assertThat(api.post(syncJobs(instance), second).status()).as("a deleted job's group").isEqualTo(201);
    }

    @Test
    void deletingAJobDeletesItsGroupUnlessAnotherApplicationUsedIt() throws Exception {
        String instance = createInstance();
        String topic = unique("deleted");
        createTopic(topic, 1);
        TopicPartition partition = new TopicPartition(topic, 0);
        Map<String, Object> runsOnly = job("delete-1", topic);
        String runsGroup = unique("runs-group");
        source(runsOnly).put("consumerGroup", runsGroup);
        Map<String, Object> usedByAnother = job("delete-2", topic);
        String sharedGroup = unique("shared-later");
        source(usedByAnother).put("consumerGroup", sharedGroup);
        assertThat(api.post(syncJobs(instance), runsOnly).status()).isEqualTo(201);
        assertThat(api.post(syncJobs(instance), usedByAnother).status()).isEqualTo(201);
        try (Admin admin = kafka().admin()) {
            // what two runs commit, then an application that took the second job's group against the rule
            admin.alterConsumerGroupOffsets(runsGroup, Map.of(partition,
                    new OffsetAndMetadata(5, SyncRunProtocol.GROUP_OFFSET_METADATA + 1))).all().get();
            admin.alterConsumerGroupOffsets(sharedGroup, Map.of(partition,
                    new OffsetAndMetadata(3, SyncRunProtocol.GROUP_OFFSET_METADATA + 2))).all().get();
            admin.alterConsumerGroupOffsets(sharedGroup, Map.of(partition, new OffsetAndMetadata(4))).all().get();

            assertThat(api.delete(syncJobs(instance) + "/delete-1").status()).isEqualTo(204);
            assertThat(api.delete(syncJobs(instance) + "/delete-2").status()).isEqualTo(204);

            assertThat(admin.listConsumerGroupOffsets(runsGroup).partitionsToOffsetAndMetadata().get())
                    .as("the group only the job's runs committed to goes with the job").isEmpty();
            assertThat(admin.listConsumerGroupOffsets(sharedGroup).partitionsToOffsetAndMetadata().get())
                    .as("the application's offsets stay").extractingByKey(partition)
                    .extracting(OffsetAndMetadata::offset).isEqualTo(4L);
        }
    }

    @Test
    void deletesOfOneJobAtOnceTakeTurns() {
        String instance = createInstance();
        String topic = unique("raced");
        createTopic(topic, 1);
        assertThat(api.post(syncJobs(instance), job("raced", topic)).status()).isEqualTo(201);

        assertThat(atOnce(() -> api.delete(syncJobs(instance) + "/raced"))).as("one deletes it, the others find it gone")
                .containsExactly(204, 404, 404, 404);
        assertThat(api.get(syncJobs(instance) + "/raced").status()).isEqualTo(404);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> source(Map<String, Object> job) {
        return (Map<String, Object>) job.get("source");
    }

    @Test
    void aRamRoleNeedsTheServicesCloudIdentity() {
        String instance = createInstance();
        String topic = unique("role");
        createTopic(topic, 1);
        Map<String, Object> job = job("role", topic);
        @SuppressWarnings("unchecked")
        Map<String, Object> destination = (Map<String, Object>) job.get("destination");
        destination.put("auth", Map.of("type", "RAM_ROLE", "accountId", "1880000000000000"));
        assertError(api.post(syncJobs(instance), job), "destination.auth.roleName", "destination.auth.roleName.required");
        // this test context has no connectors.cloud identity: the role is refused with what to do
        destination.put("auth", Map.of("type", "RAM_ROLE", "accountId", "1880000000000000", "roleName", "SyncRole"));
        assertError(api.post(syncJobs(instance), job), "destination.auth.type", "destination.auth.type.roleUnavailable");
    }

    @Test
    void aTrialRunIsExecutedByAnAgentRetriedOnFailureAndRerunForItsWindow() {
        String instance = createInstance();
        String topic = unique("trial");
        createTopic(topic, 1);
        assertThat(api.post(syncJobs(instance), job("trial", topic)).status()).isEqualTo(201);
        node = unique("sync-node");
        nodeToken = agentToken(node);
        Api agent = api.withToken(nodeToken);
        assertThat(agent.post("/api/v1/agents/register", Map.of("id", node, "host", node, "capacity", 50)).status()).isEqualTo(200);

        Api.Response trial = api.post(syncJobs(instance) + "/trial/runs", Map.of("parameters", Map.of(
                "startTime", "20221122090000", "endTime", "20221122100000", "partition", "2022112210")));
        assertThat(trial.status()).as(trial.raw()).isEqualTo(202);
        long runId = trial.body().path("id").asLong();
        assertThat(trial.body().path("windowStart").asString()).isEqualTo("2022-11-22T09:00:00+08:00");
        assertThat(trial.body().path("partition").asString()).isEqualTo("ds=2022112210");
        assertThat(trial.body().path("state").asString()).isEqualTo("WAITING");
        assertError(api.post(syncJobs(instance) + "/trial/runs", Map.of("parameters", Map.of("startTme", "1"))),
                "parameters.startTme", "parameter.unknown");
        assertError(api.post(syncJobs(instance) + "/trial/runs", Map.of("parameters", Map.of("startTime", "19691231150000",
                "endTime", "19700101100000", "partition", "1969123115"))), "source.startTime", "time.range");

        String placedOn = awaitPlaced(instance, runId);
        JsonNode assignment = assignment(placedOn, runId, List.of());
        assertThat(assignment.path("attempt").asInt()).isEqualTo(1);
        JsonNode spec = assignment.path("spec");
        assertThat(spec.path("windowStartMillis").asLong()).isEqualTo(1669078800000L);
        assertThat(spec.path("windowEndMillis").asLong()).isEqualTo(1669082400000L);
        assertThat(spec.path("target").path("partitionSpec").asString()).isEqualTo("ds=2022112210");
        assertThat(spec.path("target").path("accessKeySecret").asString()).isEqualTo("SyncSecretMustNotLeak");
        assertThat(spec.path("kafka").path("topic").asString()).isEqualTo(topic);
        assertThat(spec.path("mapping")).hasSize(6);

        // attempt 1 fails on the agent: retried after the interval (1 s), as attempt 2
        assignment(placedOn, runId, List.of(report(runId, 1, "FAILED", 0, 0, "tunnel refused the block")));
        JsonNode failedOnce = api.get(syncJobs(instance) + "/trial/runs/" + runId).body();
        assertThat(failedOnce.path("state").asString()).isEqualTo("WAITING");
        assertThat(failedOnce.path("attempt").asInt()).isEqualTo(2);
        assertThat(failedOnce.path("attempts").get(0).path("error").asString()).isEqualTo("tunnel refused the block");
        String second = awaitPlaced(instance, runId);
        assertThat(assignment(second, runId, List.of()).path("attempt").asInt()).isEqualTo(2);
        assignment(second, runId, List.of(report(runId, 2, "RUNNING", 10, 5, null)));
        assertThat(api.get(syncJobs(instance) + "/trial/runs/" + runId).body().path("state").asString()).isEqualTo("RUNNING");
        // a stale report of attempt 1 changes nothing
        assignment(placedOn, runId, List.of(report(runId, 1, "SUCCEEDED", 1, 1, null)));
        assertThat(api.get(syncJobs(instance) + "/trial/runs/" + runId).body().path("state").asString()).isEqualTo("RUNNING");
        JsonNode after = assignment(second, runId, List.of(report(runId, 2, "SUCCEEDED", 120, 100, null)));
        assertThat(after).isNull();
        JsonNode done = api.get(syncJobs(instance) + "/trial/runs/" + runId).body();
        assertThat(done.path("state").asString()).isEqualTo("SUCCEEDED");
        assertThat(done.path("recordsRead").asLong()).isEqualTo(120);
        assertThat(done.path("recordsWritten").asLong()).isEqualTo(100);
        assertThat(done.path("durationMillis").isNumber()).isTrue();

        Api.Response rerun = api.post(syncJobs(instance) + "/trial/runs/" + runId + "/rerun", null);
        assertThat(rerun.status()).isEqualTo(202);
        assertThat(rerun.body().path("trigger").asString()).isEqualTo("RERUN");
        assertThat(rerun.body().path("partition").asString()).isEqualTo("ds=2022112210");
        long rerunId = rerun.body().path("id").asLong();
        String third = awaitPlaced(instance, rerunId);
        JsonNode rerunSpec = assignment(third, rerunId, List.of()).path("spec");
        // the rerun reads at least as far as the job has read
        assertThat(rerunSpec.path("scanUntil").path("0").asLong()).isEqualTo(7);
        assignment(third, rerunId, List.of(report(rerunId, 1, "FAILED", 0, 0, "boom")));
        String fourth = awaitPlaced(instance, rerunId);
        assignment(fourth, rerunId, List.of(report(rerunId, 2, "FAILED", 0, 0, "boom again")));
        JsonNode failed = api.get(syncJobs(instance) + "/trial/runs/" + rerunId).body();
        assertThat(failed.path("state").asString()).isEqualTo("FAILED");
        assertThat(failed.path("error").asString()).isEqualTo("boom again");
        assertThat(api.get(syncJobs(instance) + "/trial/runs").body().path("items")).hasSize(2);
    }

    /** Waits until the run is placed, heartbeating as the test's node meanwhile (its lease is 4 s here). */
    private String awaitPlaced(String instance, long runId) {
        Api agent = api.withToken(nodeToken);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            agent.post("/api/v1/agents/" + node + "/heartbeat", Map.of("connectors", List.of()));
            assertThat(api.get(syncJobs(instance) + "/trial/runs/" + runId).body().path("node").isString()).isTrue();
        });
        return api.get(syncJobs(instance) + "/trial/runs/" + runId).body().path("node").asString();
    }

    /** One exchange as agent {@code node}: the assignment of {@code runId}, or null when it is not assigned. */
    private JsonNode assignment(String node, long runId, List<Map<String, Object>> reports) {
        Api agent = api.withToken(agentTokens.computeIfAbsent(node, this::agentToken));
        Api.Response response = agent.post("/api/v1/agents/" + node + "/sync-runs", Map.of("reports", reports));
        assertThat(response.status()).as(response.raw()).isEqualTo(200);
        for (JsonNode run : response.body().path("runs")) {
            if (run.path("runId").asLong() == runId) {
                return run;
            }
        }
        return null;
    }

    private static Map<String, Object> report(long runId, int attempt, String state, long read, long written, String error) {
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("runId", runId);
        report.put("attempt", attempt);
        report.put("state", state);
        report.put("recordsRead", read);
        report.put("recordsWritten", written);
        report.put("startOffsets", Map.of("0", 2));
        report.put("endOffsets", Map.of("0", 7));
        report.put("lateRecordsByWindowStart", Map.of());
        report.put("error", error);
        report.put("durationMillis", 10);
        return report;
    }

    private static void assertError(Api.Response response, String field, String rule) {
        assertThat(response.status()).as(response.raw()).isEqualTo(400);
        assertThat(response.contentType()).contains("problem+json");
        assertThat(response.hasError(field, rule)).as(response.raw()).isTrue();
    }
}
