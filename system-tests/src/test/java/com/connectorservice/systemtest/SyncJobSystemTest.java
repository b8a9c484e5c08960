package com.connectorservice.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.aliyun.odps.PartitionSpec;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 17's acceptance through the REST API on the shared stack, whose control planes schedule on a test clock
 * (a scheduled hour every 10 real seconds): an hourly job over 3 hours of timestamped records runs 3 windows, one
 * as a trial run with parameters and two by the scheduler, each partition exactly its window's records; a rerun
 * leaves the same counts; a kill -9 of the agent running a window is retried and the partition ends exact; and two
 * control planes on one database run every scheduled time once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(1)
class SyncJobSystemTest {

    private static final String INSTANCE = "kafka-sync";
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyyMMddHH");
    private static final String SEED_VALUE = "{ \"a\": { \"a1\": \"hello\" }, \"b\": \"world\", \"c\":[ \"xxxxxxx\", \"yyyyyyy\" ],"
            + " \"d\":[ { \"AA\":\"this\", \"BB\":\"is_data\" }, { \"AA\":\"that\", \"BB\":\"is_also_data\" } ], \"a.b\": \"unreachable\" }";
    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(120);
    /** The test clock runs ahead of real time: the broker must take timestamps in the future, and keep them. */
    private static final Map<String, String> TIMESTAMPS_ANY_TIME = Map.of("message.timestamp.after.max.ms",
            String.valueOf(Long.MAX_VALUE), "retention.ms", "-1");

    private SystemStack stack;
    private Rest api;
    private DestinationReaders readers;
    private final Map<String, String> figures = new LinkedHashMap<>();

    /** What was produced: "partition/offset" by timestamp. */
    private final Map<String, Long> produced = new LinkedHashMap<>();

    @BeforeAll
    void startStack() throws Exception {
        stack = SystemStack.shared();
        api = stack.api;
        readers = new DestinationReaders(stack);
        // the instance check asks the broker within 10 s; on a loaded machine the first ask may take longer
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            int status = api.post("/api/v1/instances", Map.of("id", INSTANCE, "name", "sync test cluster",
                    "bootstrapServers", stack.kafka.bootstrapServers())).status();
            return status == 201 || status == 409;
        });
    }

    @AfterAll
    void printFigures() {
        figures.forEach((name, value) -> System.out.println("FIGURE " + name + ": " + value));
        if (readers != null) {
            readers.close();
        }
    }

    private String jobs() {
        return "/api/v1/instances/" + INSTANCE + "/sync-jobs";
    }

    @Test
    @Order(1)
    void anHourlyJobRunsThreeExactWindowsThroughATrialRunTheSchedulerARerunAndAKilledAgent() throws Exception {
        String topic = "sync_clicks";
        stack.kafka.createTopic(topic, 3, TIMESTAMPS_ANY_TIME);
        stack.maxCompute.execute("CREATE TABLE sync_clicks_mapped (`__key__` STRING, `__value__` STRING, `__partition__` BIGINT,"
                + " `__headers__` STRING, `__offset__` BIGINT, `__timestamp__` BIGINT, a1 STRING, b STRING, c1 STRING, aa STRING,"
                + " ab STRING, ab_quoted STRING) PARTITIONED BY (ds STRING)");
        Map<String, Object> job = job("clicks-hourly", topic, "sync_clicks_mapped");
        List<Map<String, String>> mapping = new ArrayList<>();
        for (String field : List.of("__key__", "__value__", "__partition__", "__headers__", "__offset__", "__timestamp__")) {
            mapping.add(Map.of("source", field, "column", field));
        }
        mapping.addAll(List.of(Map.of("source", "a.a1", "column", "a1"), Map.of("source", "b", "column", "b"),
                Map.of("source", "c[1]", "column", "c1"), Map.of("source", "d[0].AA", "column", "aa"),
                Map.of("source", "a.b", "column", "ab"), Map.of("source", "['a.b']", "column", "ab_quoted")));
        job.put("mapping", mapping);
        job.put("enabled", false);
        api.ok(api.post(jobs(), job));

        // the data: the 3 hours before the second scheduled window's end, the first scheduled time ~25 scheduled
        // minutes (4 real seconds) ahead; the job is resumed once the data is there
        ZonedDateTime next = stack.scheduledNow().atZone(ZONE).plusMinutes(25);
        ZonedDateTime first = next.truncatedTo(ChronoUnit.HOURS).plusHours(next.getMinute() < 15 ? 0 : 1);
        ZonedDateTime dataStart = first.minusHours(2);
        produceThreeHours(topic, dataStart);
        JsonNode resumed = api.ok(api.post(jobs() + "/clicks-hourly/resume", null));
        assertThat(resumed.path("nextRuns").findValuesAsText("scheduledTime"))
                .contains(first.plusMinutes(15).toOffsetDateTime().toString().replace("+08:00", ":00+08:00"));

        // "generate target table": the seed appendix's statement, and the table it makes
        JsonNode table = api.ok(api.post(jobs() + "/clicks-hourly/target-table", null));
        assertThat(table.path("sql").asText()).contains("CREATE TABLE IF NOT EXISTS `sync_clicks`", "LIFECYCLE 36500");
        assertThat(table.path("created").asBoolean()).isTrue();
        assertThat(stack.maxCompute.execute("SHOW TABLES")).anyMatch(row -> String.valueOf(row.get("table")).endsWith(":sync_clicks"));

        // window 1: a trial run with parameters
        long started = System.nanoTime();
        JsonNode trial = api.ok(api.post(jobs() + "/clicks-hourly/runs", Map.of("parameters", Map.of(
                "startTime", dataStart.format(SECONDS), "endTime", dataStart.plusHours(1).format(SECONDS),
                "partition", dataStart.plusHours(1).format(HOUR)))));
        JsonNode trialDone = awaitRun("clicks-hourly", trial.path("id").asLong(), "SUCCEEDED");
        figures.put("trial run of a 1-hour window (600 records), placed to succeeded", seconds(started));
        assertExact(dataStart, trialDone);

        // windows 2 and 3: the scheduler, at first:15 and (first+1):15 scheduled time
        JsonNode second = awaitScheduledRun("clicks-hourly", first.plusMinutes(15));
        JsonNode secondDone = awaitRun("clicks-hourly", second.path("id").asLong(), "SUCCEEDED");
        assertThat(secondDone.path("partition").asText()).isEqualTo("ds=" + first.format(HOUR));
        assertExact(first.minusHours(1), secondDone);

        // window 3 has no record after its end yet: with "no new data" it waits 20 s, and its agent is killed meanwhile
        JsonNode third = awaitScheduledRun("clicks-hourly", first.plusHours(1).plusMinutes(15));
        long thirdId = third.path("id").asLong();
        api.ok(api.post(jobs() + "/clicks-hourly/pause", null)); // the scheduler's part is done
        String node = awaitPlaced("clicks-hourly", thirdId);
        stack.killAgentAndItsWorkers(node);
        long killed = System.nanoTime();
        JsonNode thirdDone = awaitRun("clicks-hourly", thirdId, "SUCCEEDED");
        figures.put("window run after kill -9 of its agent: retried and succeeded in", seconds(killed));
        assertThat(thirdDone.path("attempt").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(thirdDone.path("attempts").get(0).path("error").asText()).contains(node, "lease");
        assertExact(first, thirdDone);
        stack.startAgent(node, 6);

        // a rerun of window 1 leaves the same counts
        JsonNode rerun = api.ok(api.post(jobs() + "/clicks-hourly/runs/" + trial.path("id").asLong() + "/rerun", null));
        JsonNode rerunDone = awaitRun("clicks-hourly", rerun.path("id").asLong(), "SUCCEEDED");
        assertThat(rerunDone.path("recordsWritten").asLong()).isEqualTo(trialDone.path("recordsWritten").asLong());
        assertExact(dataStart, rerunDone);

        // every seed JSON-path example maps as the seed says
        Map<String, Object> row = readers.maxComputeRows("sync_clicks_mapped", new PartitionSpec("ds=" + first.format(HOUR))).get(0);
        assertThat(row).containsEntry("a1", "hello").containsEntry("c1", "yyyyyyy").containsEntry("aa", "this")
                .containsEntry("ab", null).containsEntry("ab_quoted", "unreachable");
        assertThat((String) row.get("b")).startsWith("world-");
        assertThat((String) row.get("__headers__")).startsWith("{\"seq\":\"");

        await().atMost(RUN_TIMEOUT).untilAsserted(() -> {
            List<String> states = new ArrayList<>();
            api.ok(api.get(jobs() + "/clicks-hourly/runs?size=50")).path("items").forEach(r -> states.add(r.path("state").asText()));
            assertThat(states).containsOnly("SUCCEEDED");
        });
    }

    @Test
    @Order(2)
    void twoControlPlanesOnOneDatabaseRunEveryScheduledTimeOnce() throws Exception {
        Rest second = stack.startSecondControlPlane();
        try {
            runEveryScheduledTimeOnce(second);
        } finally {
            stack.stopSecondControlPlanes();
        }
    }

    private void runEveryScheduledTimeOnce(Rest second) throws Exception {
        String topic = "sync_ticks";
        stack.kafka.createTopic(topic, 1, TIMESTAMPS_ANY_TIME);
        stack.maxCompute.execute("CREATE TABLE sync_ticks (`__key__` STRING, `__value__` STRING, `__partition__` BIGINT,"
                + " `__headers__` STRING, `__offset__` BIGINT, `__timestamp__` BIGINT) PARTITIONED BY (ds STRING)");
        Map<String, Object> job = job("ticks", topic, "sync_ticks");
        job.put("schedule", Map.of("type", "MINUTE", "interval", 10, "startTime", "00:00", "endTime", "23:59"));
        job.put("source", Map.of("topic", topic, "timeZone", "Asia/Shanghai"));
        api.ok(second.post(jobs(), job));
        Thread.sleep(25_000); // 25 real seconds: about 15 scheduled times at 10-minute intervals
        api.ok(api.post(jobs() + "/ticks/pause", null));
        await().atMost(Duration.ofSeconds(240)).untilAsserted(() -> {
            List<String> states = new ArrayList<>();
            api.ok(api.get(jobs() + "/ticks/runs?size=500")).path("items").forEach(r -> states.add(r.path("state").asText()));
            assertThat(states).containsOnly("SUCCEEDED");
        });
        JsonNode runs = api.ok(api.get(jobs() + "/ticks/runs?size=500")).path("items");
        List<Instant> times = new ArrayList<>();
        Set<String> schedulers = new HashSet<>();
        for (JsonNode run : runs) {
            assertThat(run.path("trigger").asText()).isEqualTo("SCHEDULE");
            assertThat(run.path("attempt").asInt()).isEqualTo(1);
            times.add(Instant.parse(run.path("scheduledTime").asText().replace("+08:00", "Z")));
            schedulers.add(run.path("scheduledBy").asText());
        }
        times.sort(null);
        assertThat(times).hasSizeGreaterThanOrEqualTo(8).doesNotHaveDuplicates();
        for (int i = 1; i < times.size(); i++) {
            assertThat(Duration.between(times.get(i - 1), times.get(i))).isEqualTo(Duration.ofMinutes(10));
        }
        figures.put("two control planes: scheduled times run, each exactly once", times.size() + " (fired by " + schedulers + ")");
    }

    private Map<String, Object> job(String name, String topic, String table) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("topic", topic);
        source.put("timeZone", "Asia/Shanghai");
        source.put("endStrategy", "NO_NEW_DATA");
        source.put("noNewDataSeconds", 20);
        Map<String, Object> destination = new LinkedHashMap<>();
        destination.put("endpoint", stack.maxCompute.endpoint());
        destination.put("project", SystemStack.PROJECT);
        destination.put("table", table);
        destination.put("auth", Map.of("type", "ACCESS_KEY", "accessKeyId", SystemStack.ACCESS_KEY_ID,
                "accessKeySecret", SystemStack.ACCESS_KEY_SECRET));
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("name", name);
        job.put("source", source);
        job.put("destination", destination);
        job.put("schedule", Map.of("type", "HOUR", "interval", 1, "startTime", "00:15", "endTime", "23:59"));
        job.put("rerun", Map.of("onFailure", true, "times", 3, "intervalSeconds", 1));
        return job;
    }

    /** 3 hours of records, one every 6 s of timestamp (600 an hour), round robin over 3 partitions. */
    private void produceThreeHours(String topic, ZonedDateTime start) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = stack.kafka.producer()) {
            List<java.util.concurrent.Future<RecordMetadata>> sent = new ArrayList<>();
            List<Long> timestamps = new ArrayList<>();
            for (int i = 0; i < 1800; i++) {
                long ts = start.toInstant().toEpochMilli() + i * 6_000L;
                timestamps.add(ts);
                sent.add(producer.send(new ProducerRecord<>(topic, i % 3, ts, ("key-" + i).getBytes(StandardCharsets.UTF_8),
                        SEED_VALUE.replace("\"world\"", "\"world-" + i + "\"").getBytes(StandardCharsets.UTF_8),
                        List.of(new RecordHeader("seq", String.valueOf(i).getBytes(StandardCharsets.UTF_8))))));
            }
            for (int i = 0; i < sent.size(); i++) {
                RecordMetadata metadata = sent.get(i).get();
                produced.put(metadata.partition() + "/" + metadata.offset(), timestamps.get(i));
            }
        }
    }

    /** The run's partition holds exactly the records whose timestamps are in [start, start + 1 h). */
    private void assertExact(ZonedDateTime start, JsonNode run) throws Exception {
        long from = start.toInstant().toEpochMilli();
        long to = start.plusHours(1).toInstant().toEpochMilli();
        Set<String> expected = produced.entrySet().stream().filter(e -> e.getValue() >= from && e.getValue() < to)
                .map(Map.Entry::getKey).collect(Collectors.toSet());
        List<Map<String, Object>> rows = readers.maxComputeRows("sync_clicks_mapped", new PartitionSpec(run.path("partition").asText()));
        List<String> actual = rows.stream().map(r -> r.get("__partition__") + "/" + r.get("__offset__")).toList();
        assertThat(actual).as(run.path("partition").asText()).hasSize(600).doesNotHaveDuplicates();
        assertThat(new HashSet<>(actual)).isEqualTo(expected);
        assertThat(run.path("recordsWritten").asLong()).isEqualTo(600);
        assertThat(run.path("windowStart").asText()).isEqualTo(start.toOffsetDateTime().toString().replace("+08:00", ":00+08:00"));
    }

    private JsonNode awaitScheduledRun(String job, ZonedDateTime scheduled) {
        String time = scheduled.toOffsetDateTime().toString().replace("+08:00", ":00+08:00");
        JsonNode[] found = new JsonNode[1];
        await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            found[0] = null;
            for (JsonNode run : api.ok(api.get(jobs() + "/" + job + "/runs?size=50")).path("items")) {
                if (time.equals(run.path("scheduledTime").asText()) && "SCHEDULE".equals(run.path("trigger").asText())) {
                    found[0] = run;
                }
            }
            assertThat(found[0]).as("run scheduled at " + time).isNotNull();
        });
        return found[0];
    }

    /** The node a run was placed on, once placed and before it ends. */
    private String awaitPlaced(String job, long runId) {
        String[] node = new String[1];
        await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            JsonNode run = api.ok(api.get(jobs() + "/" + job + "/runs/" + runId));
            assertThat(run.path("state").asText()).as(run.toString()).isIn("WAITING", "RUNNING");
            assertThat(run.path("node").isTextual()).isTrue();
            node[0] = run.path("node").asText();
        });
        return node[0];
    }

    private JsonNode awaitRun(String job, long runId, String state) {
        JsonNode[] run = new JsonNode[1];
        await().atMost(RUN_TIMEOUT).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            run[0] = api.ok(api.get(jobs() + "/" + job + "/runs/" + runId));
            assertThat(run[0].path("state").asText()).as(run[0].toString()).isNotEqualTo(state.equals("SUCCEEDED") ? "FAILED" : "-")
                    .isEqualTo(state);
        });
        return run[0];
    }

    private static String seconds(long startedNanos) {
        return String.format("%.1f s", (System.nanoTime() - startedNanos) / 1e9);
    }
}
