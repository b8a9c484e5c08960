package com.connectorservice.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 5's acceptance list through the REST API only, on one shared stack; destructive tests (killing a
 * worker, killing an agent) run last. Figures are printed and written to target/system-test-figures.txt.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(2) // after SyncJobSystemTest: its own destructive tests leave agents killed
class ConnectorServiceSystemTest {

    private static final String AGENT_1 = SystemStack.AGENT_1;
    private static final String AGENT_2 = SystemStack.AGENT_2;
    private static final Map<String, String> ADDRESS = SystemStack.ADDRESS;
    private static final Pattern LEADER_URL = Pattern.compile("leaderUrl='(http://[^']+?)/?'");
    private static final Duration STATE_TIMEOUT = Duration.ofSeconds(150);

    private SystemStack stack;
    private Rest api;
    private DestinationReaders readers;
    private final Map<String, String> figures = new LinkedHashMap<>();

    @BeforeAll
    void startStack() throws Exception {
        long started = System.nanoTime();
        stack = SystemStack.shared();
        api = stack.api;
        readers = new DestinationReaders(stack);
        api.ok(api.post("/api/v1/instances", Map.of("id", SystemStack.INSTANCE_ID, "name", "system test cluster",
                "bootstrapServers", stack.kafka.bootstrapServers())));
        figures.put("stack start (broker, emulators, control plane, 2 agents)", seconds(started));
    }

    @AfterAll
    void stopStack() throws Exception {
        figures.forEach((name, value) -> System.out.println("FIGURE " + name + ": " + value));
        List<String> lines = new ArrayList<>();
        figures.forEach((name, value) -> lines.add(name + ": " + value));
        Files.write(Path.of("target", "system-test-figures.txt"), lines);
        if (readers != null) {
            readers.close();
        }
    }

    @Test
    @Order(1)
    void maxComputeConnectorDeliversPausesResumesAndReReadsAfterAnOffsetsReset() throws Exception {
        String name = "mc-orders";
        String topic = "orders";
        stack.kafka.createTopic(topic, 2);
        createTextTable("t_orders");
        long created = System.nanoTime();
        api.ok(api.post(connectors(), maxComputeConnector(name, topic, "t_orders", 2, "CONTINUE", 1)));
        JsonNode deployed = api.ok(api.post(path(name) + "/deploy", null));
        assertThat(deployed.path("state").asText()).isEqualTo("DEPLOYING");
        awaitRunning(name);
        figures.put("create->RUNNING, first connector", seconds(created));

        JsonNode sent = api.ok(api.post(path(name) + "/test-message", Map.of("key", "k-1", "value", "hello odps")));
        await().atMost(STATE_TIMEOUT).untilAsserted(() -> assertThat(readers.maxComputeRows("t_orders"))
                .anySatisfy(row -> {
                    assertThat(row.get("value")).isEqualTo("hello odps");
                    assertThat(((Number) row.get("offset")).longValue()).isEqualTo(sent.path("offset").asLong());
                }));
        assertThat(api.ok(api.get(connectors())).toString()).contains("\"status\":\"RUNNING\"");

        api.ok(api.post(path(name) + "/pause", null));
        awaitState(name, "PAUSED");
        produce(topic, "paused-", 5);
        Thread.sleep(8_000);
        assertThat(readers.maxComputeRows("t_orders")).hasSize(1);

        api.ok(api.post(path(name) + "/resume", null));
        awaitRunning(name);
        await().atMost(STATE_TIMEOUT).untilAsserted(() -> assertThat(readers.maxComputeRows("t_orders")).hasSize(6));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(api.ok(api.get(path(name) + "/status"))
                .path("totalLag").asLong()).isZero());

        api.ok(api.post(path(name) + "/stop", null));
        awaitState(name, "STOPPED");
        assertThat(api.ok(api.get(path(name) + "/offsets")).path("offsets")).hasSize(2);
        assertThat(api.delete(path(name) + "/offsets").status()).isEqualTo(202);
        await().atMost(STATE_TIMEOUT).untilAsserted(() ->
                assertThat(api.ok(api.get(path(name) + "/offsets")).path("offsets")).isEmpty());
        api.ok(api.post(path(name) + "/resume", null));
        awaitRunning(name);
        await().atMost(STATE_TIMEOUT).untilAsserted(() -> assertThat(readers.maxComputeRows("t_orders")).hasSize(12));
        assertThat(countByPartitionAndOffset(readers.maxComputeRows("t_orders")).values()).containsOnly(2);

        String configTopic = readTopicText("connect-config-" + name);
        assertThat(configTopic).contains("${file:").doesNotContain(SystemStack.ACCESS_KEY_SECRET);
        assertThat(api.ok(api.get(path(name))).toString()).doesNotContain(SystemStack.ACCESS_KEY_SECRET);

        long pid = api.ok(api.get(path(name) + "/status")).path("nodes").get(0).path("worker").path("pid").asLong();
        figures.put("worker RSS (one connector, tasks.max 2)", residentMemory(pid));
        delete(name);
    }

    @Test
    @Order(2)
    void tablestoreConnectorDeliversATestMessage() {
        String name = "ots-events";
        String topic = "events";
        stack.kafka.createTopic(topic, 1);
        Map<String, Object> destination = new LinkedHashMap<>();
        destination.put("type", "TABLESTORE");
        destination.put("endpoint", stack.tablestore.endpoint());
        destination.put("instanceName", SystemStack.OTS_INSTANCE);
        destination.put("auth", accessKey());
        destination.put("autoCreateTable", true);
        destination.put("tableName", "kafka_events");
        destination.put("keyFormat", "STRING");
        destination.put("valueFormat", "JSON");
        api.ok(api.post(connectors(), definition(name, topic, 1, "CONTINUE", 1, destination)));
        api.ok(api.post(path(name) + "/deploy", null));
        awaitRunning(name);

        api.ok(api.post(path(name) + "/test-message", Map.of("key", "order-1", "value", "{\"amount\":3,\"item\":\"tea\"}")));
        await().atMost(STATE_TIMEOUT).untilAsserted(() -> assertThat(readers.tablestoreRows("kafka_events"))
                .anySatisfy(row -> assertThat(row).containsEntry("amount", "3").containsEntry("item", "tea")));
        delete(name);
    }

    @Test
    @Order(3)
    void continueRoutesPoisonToTheDeadLetterTopicAndStopFailsWithTheTrace() throws Exception {
        String topic = "csv-in";
        stack.kafka.createTopic(topic, 1);
        createCsvTable("t_csv_continue");
        createCsvTable("t_csv_stop");
        Map<String, Object> continuing = maxComputeConnector("mc-continue", topic, "t_csv_continue", 1, "CONTINUE", 1);
        csv(continuing);
        Map<String, Object> stopping = maxComputeConnector("mc-stop", topic, "t_csv_stop", 1, "STOP", 1);
        csv(stopping);
        api.ok(api.post(connectors(), continuing));
        api.ok(api.post(connectors(), stopping));
        api.ok(api.post(path("mc-continue") + "/deploy", null));
        api.ok(api.post(path("mc-stop") + "/deploy", null));
        awaitRunning("mc-continue");

        try (KafkaProducer<byte[], byte[]> producer = stack.kafka.producer()) {
            for (String value : List.of("1,alice,cn", "not-a-number,bob,cn", "2,carol,eu", "also-bad,dave,us", "3,erin,cn")) {
                producer.send(new ProducerRecord<>(topic, bytes("k"), bytes(value))).get();
            }
        }
        await().atMost(STATE_TIMEOUT).untilAsserted(() -> assertThat(readers.maxComputeRows("t_csv_continue")).hasSize(3));
        List<String> deadLetters = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            deadLetters.clear();
            readTopic("connect-error-mc-continue").forEach(r -> deadLetters.add(new String(r.value(), StandardCharsets.UTF_8)));
            assertThat(deadLetters).containsExactlyInAnyOrder("not-a-number,bob,cn", "also-bad,dave,us");
        });
        assertThat(api.ok(api.get(path("mc-continue") + "/status")).path("state").asText()).isEqualTo("RUNNING");

        JsonNode failed = awaitState("mc-stop", "FAILED");
        assertThat(failed.path("trace").asText()).contains("not-a-number");
        assertThat(failed.path("tasks").get(0).path("state").asText()).isEqualTo("FAILED");
        assertThat(readers.maxComputeRows("t_csv_stop")).hasSizeLessThanOrEqualTo(1);
        delete("mc-continue");
        delete("mc-stop");
    }

    @Test
    @Order(4)
    void createToRunningMedianOfFive() {
        stack.kafka.createTopic("timing", 1);
        createTextTable("t_timing");
        List<Double> samples = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            String name = "timing-" + i;
            long created = System.nanoTime();
            api.ok(api.post(connectors(), maxComputeConnector(name, "timing", "t_timing", 1, "CONTINUE", 1)));
            api.ok(api.post(path(name) + "/deploy", null));
            awaitRunning(name);
            samples.add((System.nanoTime() - created) / 1e9);
            delete(name);
        }
        Collections.sort(samples);
        figures.put("create->RUNNING median of 5 (s)", String.format("%.1f (samples %s)", samples.get(2), samples));
    }

    @Test
    @Order(5)
    void aWorkerKilledMidStreamComesBackAndEveryRecordIsInTheTable() throws Exception {
        String name = "mc-crash";
        String topic = "crash";
        stack.kafka.createTopic(topic, 2);
        createTextTable("t_crash");
        api.ok(api.post(connectors(), maxComputeConnector(name, topic, "t_crash", 2, "CONTINUE", 1)));
        api.ok(api.post(path(name) + "/deploy", null));
        JsonNode running = awaitRunning(name);
        long pid = running.path("nodes").get(0).path("worker").path("pid").asLong();

        int total = 3000;
        CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produce(topic, "crash-", total, 3));
        await().atMost(STATE_TIMEOUT).until(() -> readers.maxComputeRows("t_crash").size() > 100);
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        long killed = System.nanoTime();
        await().atMost(STATE_TIMEOUT).pollInterval(Duration.ofMillis(250)).until(() -> {
            JsonNode status = api.ok(api.get(path(name) + "/status"));
            long now = status.path("nodes").get(0).path("worker").path("pid").asLong();
            return now != 0 && now != pid && allTasksRunning(status);
        });
        figures.put("killed worker back to RUNNING (s)", seconds(killed));
        producing.join();

        await().atMost(STATE_TIMEOUT).untilAsserted(() ->
                assertThat(countByPartitionAndOffset(readers.maxComputeRows("t_crash"))).hasSize(total));
        assertThat(readers.maxComputeRows("t_crash").stream().map(r -> r.get("value")).collect(java.util.stream.Collectors.toSet()))
                .hasSize(total);
        delete(name);
    }

    /**
     * Issue 13: two agents on two addresses, each worker bound to its agent's address only. A connector with two
     * replicas runs tasks on both; a config change applied by one agent while the group's leader is the other agent's
     * worker reaches the leader (Connect forwards it to the leader's advertised address) and takes effect on both.
     */
    @Test
    @Order(6)
    void replicasOnTwoAddressesRunTasksOnBothAndAConfigChangeReachesTheLeaderOnTheOtherAgent() throws Exception {
        String name = "mc-two-hosts";
        String topic = "two-hosts";
        stack.kafka.createTopic(topic, 4);
        createTextTable("t_two_hosts_before");
        createTextTable("t_two_hosts_after");
        Map<String, Object> definition = maxComputeConnector(name, topic, "t_two_hosts_before", 2, "CONTINUE", 2);
        api.ok(api.post(connectors(), definition));
        api.ok(api.post(path(name) + "/deploy", null));
        JsonNode[] running = new JsonNode[1];
        await().atMost(STATE_TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            running[0] = api.ok(api.get(path(name) + "/status"));
            assertThat(allTasksRunning(running[0])).as(running[0].toString()).isTrue();
            Set<String> nodes = new HashSet<>();
            running[0].path("tasks").forEach(t -> nodes.add(t.path("node").asText()));
            assertThat(nodes).as(running[0].toString()).containsExactlyInAnyOrder(AGENT_1, AGENT_2);
        });

        Map<String, URI> workers = new LinkedHashMap<>();
        running[0].path("nodes").forEach(node -> workers.put(node.path("id").asText(),
                URI.create(node.path("worker").path("restUrl").asText())));
        for (Map.Entry<String, URI> worker : workers.entrySet()) {
            String own = ADDRESS.get(worker.getKey());
            assertThat(worker.getValue().getHost()).as("the worker of %s advertises its agent's address", worker.getKey())
                    .isEqualTo(own);
            int port = worker.getValue().getPort();
            assertThat(listening(own, port)).as("%s's worker listens on %s:%d", worker.getKey(), own, port).isTrue();
            for (String elsewhere : List.of("127.0.0.1", ADDRESS.get(worker.getKey().equals(AGENT_1) ? AGENT_2 : AGENT_1))) {
                assertThat(listening(elsewhere, port)).as("%s's worker listens on %s too", worker.getKey(), elsewhere).isFalse();
            }
        }
        produce(topic, "before-", 100);
        await().atMost(STATE_TIMEOUT).untilAsserted(() ->
                assertThat(readers.maxComputeRows("t_two_hosts_before")).hasSize(100));

        String leaderAgent = workers.entrySet().stream()
                .filter(worker -> worker.getValue().toString().equals(leaderUrl(worker.getKey(), name)))
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new AssertionError("no worker is its group's leader: " + workers));
        String applyingAgent = leaderAgent.equals(AGENT_1) ? AGENT_2 : AGENT_1;
        assertThat(leaderUrl(applyingAgent, name)).isEqualTo(workers.get(leaderAgent).toString());
        // Only the other agent applies the change now; the leader's worker runs on without its agent.
        stack.stopAgent(leaderAgent);
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> destination = (Map<String, Object>) definition.get("destination");
            destination.put("table", "t_two_hosts_after");
            long changed = System.nanoTime();
            api.ok(api.put(path(name), definition));
            Set<Object> partitionsWritten = new HashSet<>();
            int batch = 0;
            while (partitionsWritten.size() < 4) {
                assertThat(System.nanoTime() - changed).as("the new table gets rows from all 4 partitions; so far from %s;"
                        + " status %s", partitionsWritten, api.get(path(name) + "/status").raw())
                        .isLessThan(STATE_TIMEOUT.toNanos());
                produce(topic, "after-" + batch++ + "-", 40);
                Thread.sleep(2000);
                readers.maxComputeRows("t_two_hosts_after").forEach(row -> partitionsWritten.add(row.get("partition")));
            }
            figures.put("config change applied through the leader on the other address (s)", seconds(changed));
        } finally {
            stack.startAgent(leaderAgent, 6);
        }
        await().atMost(STATE_TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode status = api.ok(api.get(path(name) + "/status"));
            assertThat(status.path("nodes")).as(status.toString()).hasSize(2)
                    .allSatisfy(node -> assertThat(node.path("live").asBoolean()).isTrue());
            assertThat(allTasksRunning(status)).as(status.toString()).isTrue();
            Set<String> taskNodes = new HashSet<>();
            status.path("tasks").forEach(t -> taskNodes.add(t.path("node").asText()));
            assertThat(taskNodes).as(status.toString()).containsExactlyInAnyOrder(AGENT_1, AGENT_2);
        });
        delete(name);
    }

    @Test
    @Order(7)
    void replicasSpreadTasksOverBothAgentsAndTheSurvivorTakesThemAllWhenOneDies() throws Exception {
        String name = "mc-replicas";
        String topic = "replicated";
        stack.kafka.createTopic(topic, 4);
        createTextTable("t_replicas");
        api.ok(api.post(connectors(), maxComputeConnector(name, topic, "t_replicas", 2, "CONTINUE", 2)));
        api.ok(api.post(path(name) + "/deploy", null));
        await().atMost(STATE_TIMEOUT).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode status = api.ok(api.get(path(name) + "/status"));
            assertThat(allTasksRunning(status)).as(status.toString()).isTrue();
            Set<String> nodes = new HashSet<>();
            status.path("tasks").forEach(t -> nodes.add(t.path("node").asText()));
            assertThat(nodes).as(status.toString()).containsExactlyInAnyOrder(AGENT_1, AGENT_2);
        });
        produce(topic, "before-", 400);

        stack.killAgentAndItsWorkers(AGENT_2);
        long killed = System.nanoTime();
        CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> produce(topic, "after-", 600, 5));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            JsonNode status = api.ok(api.get(path(name) + "/status"));
            assertThat(allTasksRunning(status)).as(status.toString()).isTrue();
            status.path("tasks").forEach(t -> assertThat(t.path("node").asText()).as(status.toString()).isEqualTo(AGENT_1));
        });
        figures.put("agent killed -> survivor runs all tasks (s)", seconds(killed));
        producing.join();
        await().atMost(STATE_TIMEOUT).untilAsserted(() ->
                assertThat(countByPartitionAndOffset(readers.maxComputeRows("t_replicas"))).hasSize(1000));
    }

    // ---- helpers

    /** The leader of the connector's Connect group as the agent's worker last logged its assignment. */
    private String leaderUrl(String agent, String connector) {
        try {
            Matcher matcher = LEADER_URL.matcher(Files.readString(stack.workerLog(agent, connector)));
            String leader = null;
            while (matcher.find()) {
                leader = matcher.group(1);
            }
            return leader;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Whether something accepts connections at host:port. */
    private static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private JsonNode awaitRunning(String name) {
        return awaitState(name, "RUNNING");
    }

    private JsonNode awaitState(String name, String state) {
        JsonNode[] last = new JsonNode[1];
        try {
            await().atMost(STATE_TIMEOUT).pollInterval(Duration.ofMillis(300)).until(() -> {
                last[0] = api.ok(api.get(path(name) + "/status"));
                return state.equals(last[0].path("state").asText()) && (!"RUNNING".equals(state) || allTasksRunning(last[0]));
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(name + " did not reach " + state + "; last status " + last[0] + "\nagent-1:\n"
                    + stack.agentLog(AGENT_1) + "\ncontrol plane:\n" + stack.controlPlaneLog(), e);
        }
        return last[0];
    }

    private static boolean allTasksRunning(JsonNode status) {
        if (status.path("tasks").isEmpty()) {
            return false;
        }
        for (JsonNode task : status.path("tasks")) {
            if (!"RUNNING".equals(task.path("state").asText())) {
                return false;
            }
        }
        return true;
    }

    /** DELETE answers 202 with the connector DELETING and finishes in the background: stopped everywhere, then gone. */
    private void delete(String name) {
        Rest.Response deleted = api.delete(path(name) + "?deleteResources=true");
        assertThat(deleted.status()).as(deleted.raw()).isEqualTo(202);
        assertThat(deleted.body().path("status").asText()).isEqualTo("DELETING");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> api.get(path(name)).status() == 404);
    }

    private static Map<String, Integer> countByPartitionAndOffset(List<Map<String, Object>> rows) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        rows.forEach(row -> counts.merge(row.get("partition") + "@" + row.get("offset"), 1, Integer::sum));
        return counts;
    }

    private void produce(String topic, String prefix, int count) {
        produce(topic, prefix, count, 0);
    }

    /** {@code count} records keyed round-robin; {@code pauseMillisEvery100} spreads them over time. */
    private void produce(String topic, String prefix, int count, int pauseMillisEvery100) {
        try (KafkaProducer<byte[], byte[]> producer = stack.kafka.producer()) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic, bytes("key-" + i), bytes(prefix + i)));
                if (pauseMillisEvery100 > 0 && i % 100 == 99) {
                    producer.flush();
                    Thread.sleep(pauseMillisEvery100 * 100L);
                }
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<ConsumerRecord<byte[], byte[]>> readTopic(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = stack.kafka.consumer("system-test-reader-" + System.nanoTime())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private String readTopicText(String topic) {
        StringBuilder text = new StringBuilder();
        readTopic(topic).forEach(r -> text.append(r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8)).append('\n'));
        return text.toString();
    }

    private void createTextTable(String table) {
        stack.maxCompute.execute("CREATE TABLE IF NOT EXISTS " + table + " (topic STRING, `partition` BIGINT, `offset` BIGINT,"
                + " key STRING, value STRING) PARTITIONED BY (pt STRING)");
    }

    private void createCsvTable(String table) {
        stack.maxCompute.execute("CREATE TABLE IF NOT EXISTS " + table + " (topic STRING, `partition` BIGINT, `offset` BIGINT,"
                + " id BIGINT, name STRING, region STRING) PARTITIONED BY (pt STRING)");
    }

    @SuppressWarnings("unchecked")
    private static void csv(Map<String, Object> definition) {
        Map<String, Object> destination = (Map<String, Object>) definition.get("destination");
        destination.put("format", "CSV");
        destination.put("mode", "VALUE");
    }

    private Map<String, Object> maxComputeConnector(String name, String topic, String table, int concurrency, String failurePolicy,
            int replicas) {
        Map<String, Object> destination = new LinkedHashMap<>();
        destination.put("type", "MAXCOMPUTE");
        destination.put("endpoint", stack.maxCompute.endpoint());
        destination.put("tunnelEndpoint", stack.maxCompute.tunnelEndpoint());
        destination.put("project", SystemStack.PROJECT);
        destination.put("table", table);
        destination.put("region", "cn-hangzhou");
        destination.put("auth", accessKey());
        destination.put("mode", "DEFAULT");
        destination.put("format", "TEXT");
        destination.put("partitionWindow", "HOUR");
        return definition(name, topic, concurrency, failurePolicy, replicas, destination);
    }

    private static Map<String, Object> definition(String name, String topic, int concurrency, String failurePolicy, int replicas,
            Map<String, Object> destination) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("topic", topic);
        source.put("concurrency", concurrency);
        source.put("offsetReset", "EARLIEST");
        source.put("failurePolicy", failurePolicy);
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("name", name);
        definition.put("description", "system test");
        definition.put("replicas", replicas);
        definition.put("source", source);
        definition.put("destination", destination);
        return definition;
    }

    private static Map<String, Object> accessKey() {
        return Map.of("type", "ACCESS_KEY", "accessKeyId", SystemStack.ACCESS_KEY_ID, "accessKeySecret", SystemStack.ACCESS_KEY_SECRET);
    }

    private static String connectors() {
        return "/api/v1/instances/" + SystemStack.INSTANCE_ID + "/connectors";
    }

    private static String path(String name) {
        return connectors() + "/" + name;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String seconds(long startedNanos) {
        return String.format("%.1f s", (System.nanoTime() - startedNanos) / 1e9);
    }

    private static String residentMemory(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return line.substring("VmRSS:".length()).trim();
            }
        }
        return "unknown";
    }
}
