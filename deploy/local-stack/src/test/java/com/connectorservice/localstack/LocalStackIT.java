package com.connectorservice.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.alicloud.openservices.tablestore.SyncClient;
import com.aliyun.odps.Column;
import com.aliyun.odps.Odps;
import com.aliyun.odps.account.AliyunAccount;

/**
 * The packaged launcher, started the way local-stack.sh starts it, on free ports in a temporary data directory:
 * every component answers, the broker is registered as instance kafka-local, the seeds' tables and topics can be
 * created, and SIGTERM (what Ctrl-C amounts to) leaves no process of the stack behind.
 */
class LocalStackIT {

    private static final String ADMIN_TOKEN = "smoke-test-admin-token";

    @TempDir
    Path temp;

    private Process launcher;

    @AfterEach
    void killLeftovers() {
        if (launcher != null && launcher.isAlive()) {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
        }
        new StackProcesses(temp.resolve("data")).stopLeftovers(Duration.ofSeconds(5));
    }

    @Test
    void startsEveryComponentAndStopsWithoutLeavingProcesses() throws Exception {
        Path data = temp.resolve("data");
        List<Integer> ports = freePorts(6);
        StackSettings settings = StackSettings.parse(List.of("--home", System.getProperty("localstack.home"),
                "--data-dir", data.toString(), "--http-port", "" + ports.get(0), "--kafka-port", "" + ports.get(1),
                "--kafka-controller-port", "" + ports.get(2), "--maxcompute-port", "" + ports.get(3),
                "--tablestore-port", "" + ports.get(4), "--ram-sts-port", "" + ports.get(5),
                "--admin-token", ADMIN_TOKEN), Map.of());
        Path output = temp.resolve("launcher.out");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", System.getProperty("localstack.classpath"), LocalStack.class.getName(),
                "--home", settings.home().toString(), "--data-dir", data.toString()));
        command.addAll(List.of("--http-port", "" + ports.get(0), "--kafka-port", "" + ports.get(1),
                "--kafka-controller-port", "" + ports.get(2), "--maxcompute-port", "" + ports.get(3),
                "--tablestore-port", "" + ports.get(4), "--ram-sts-port", "" + ports.get(5)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("CONNECTORS_ADMIN_TOKEN", ADMIN_TOKEN);
        launcher = builder.start();

        awaitReady(output);
        assertThat(Files.readString(output)).contains("Admin token           " + ADMIN_TOKEN)
                .contains("Console and REST API  http://localhost:" + ports.get(0));

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                URI.create(settings.consoleUrl() + "/actuator/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"UP\"");
        HttpResponse<String> instance = http.send(HttpRequest.newBuilder(
                URI.create(settings.consoleUrl() + "/api/v1/instances/kafka-local"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(instance.statusCode()).isEqualTo(200);
        assertThat(instance.body()).contains("\"bootstrapServers\":\"localhost:" + ports.get(1) + "\"");
        // the stack's agent token acts as the stack's own agent only (issue 12 item 6)
        String agentToken = Files.readString(data.resolve("agent-token")).trim();
        HttpResponse<String> rogue = http.send(HttpRequest.newBuilder(URI.create(settings.consoleUrl() + "/api/v1/agents/register"))
                .header("Authorization", "Bearer " + agentToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"rogue-agent\",\"capacity\":1000}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(rogue.statusCode()).as(rogue.body()).isEqualTo(403);
        HttpResponse<String> tokens = http.send(HttpRequest.newBuilder(URI.create(settings.consoleUrl() + "/api/v1/tokens"))
                .header("Authorization", "Bearer " + ADMIN_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(tokens.body()).contains("\"agentId\":\"" + LocalStack.AGENT_ID + "\"");

        SeedResources seed = new SeedResources(settings);
        seed.createTables();
        seed.createTopics();
        Odps odps = new Odps(new AliyunAccount("local-ak", "local-sk"));
        odps.setEndpoint(settings.maxComputeEndpoint());
        odps.setDefaultProject("connector_test");
        assertThat(odps.tables().get("test_kafka").getSchema().getColumns()).extracting(Column::getName)
                .containsExactly("topic", "partition", "offset", "key", "value");
        assertThat(odps.tables().get("table_flatten").getSchema().getPartitionColumns()).extracting(Column::getName)
                .containsExactly("pt");
        MaxComputeSql sql = new MaxComputeSql(settings);
        assertThat(sql.run("SHOW TABLES")).contains("test_kafka", "table_text", "table_csv", "table_json", "table_flatten");
        assertThat(sql.run("select * from test_kafka where pt='11-17-2020 14'"))
                .startsWith("+-").contains("| topic | partition | offset | key | value | pt |");
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        try (Admin client = Admin.create(admin)) {
            assertThat(client.listTopics().names().get()).containsAll(SeedResources.TOPICS);
        }
        SyncClient tablestore = new SyncClient(settings.tablestoreEndpoint(), "local-ak", "local-sk", "local-ots");
        try {
            assertThat(tablestore.listTable().getTableNames()).isNotNull();
        } finally {
            tablestore.shutdown();
        }

        assertThat(LocalStack.portOpen(settings.ramStsPort())).as("RAM/STS emulator listening").isTrue();

        List<ProcessHandle> stack = new ArrayList<>(launcher.descendants().toList());
        stack.addAll(new StackProcesses(data).leftovers());
        assertThat(stack).extracting(process -> process.info().command().orElse(""))
                .anyMatch(executable -> executable.endsWith("postgres"));
        assertThat(Files.list(data.resolve("logs")).map(log -> log.getFileName().toString()))
                .contains("kafka.log", "maxcompute-emulator.log", "tablestore-emulator.log", "ram-sts-emulator.log",
                        "control-plane.log", "agent.log");

        launcher.destroy();
        assertThat(launcher.waitFor(90, TimeUnit.SECONDS)).as("launcher stopped within 90 s").isTrue();
        assertThat(stack.stream().filter(LocalStackIT::running).map(LocalStackIT::describe))
                .as("processes of the stack still alive after the stop; launcher output:%n%s", Files.readString(output))
                .isEmpty();
        assertThat(new StackProcesses(data).leftovers()).isEmpty();
        assertThat(Files.readString(output)).contains("Local stack stopped.");
    }

    /** Alive and not a zombie: a zombie has exited and only waits for the machine's init to reap it. */
    private static boolean running(ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    private static String describe(ProcessHandle process) {
        return process.pid() + " " + process.info().commandLine().orElse("?");
    }

    private void awaitReady(Path output) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (text.contains(LocalStack.READY_LINE)) {
                return;
            }
            if (!launcher.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("the stack did not become ready; launcher output:\n" + text);
            }
            Thread.sleep(500);
        }
    }

    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }
}
