package com.connectorservice.systemtest;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.connectorservice.emulator.maxcompute.MaxComputeEmulator;
import com.connectorservice.emulator.tablestore.TablestoreEmulator;
import com.connectorservice.testing.KafkaBroker;

/**
 * One stack for all system tests: a KRaft broker and both emulators in this JVM; the control plane (its own
 * embedded PostgreSQL in a temp directory) and two agents as child processes started from the build's
 * artifacts, the agents' Connect workers as their children. Nothing binds a fixed port. The crash drill kills and
 * restarts the processes and stops the emulators, each coming back on its port and data.
 */
final class SystemStack implements AutoCloseable {

    static final String ADMIN_TOKEN = "system-test-admin-" + Long.toHexString(System.nanoTime());
    static final String ACCESS_KEY_ID = "sys-ak";
    static final String ACCESS_KEY_SECRET = "sys-sk-MustNeverReachTheConfigTopic";
    static final String PROJECT = "system_test";
    static final String OTS_INSTANCE = "sys-ots";
    static final String INSTANCE_ID = "kafka-sys";
    static final String AGENT_1 = "agent-1";
    static final String AGENT_2 = "agent-2";
    /** Each agent is reached at an address of its own, as on a host of its own; its workers listen on it only. */
    static final Map<String, String> ADDRESS = Map.of(AGENT_1, "127.0.0.2", AGENT_2, "127.0.0.3");
    /** Sync jobs' scheduling clock: a scheduled hour every 10 real seconds, from when the stack started. */
    static final double SYNC_CLOCK_SPEED = 360;

    private static SystemStack shared;

    /**
     * The one stack of the test run (control plane and both agents started), for every system test class; closed when
     * the run ends ({@link Shutdown}).
     */
    static synchronized SystemStack shared() throws IOException {
        if (shared == null) {
            shared = new SystemStack();
            shared.startAgent(AGENT_1, 6);
            shared.startAgent(AGENT_2, 6);
        }
        return shared;
    }

    /** Closes the shared stack when the test run ends (registered in META-INF/services). */
    public static final class Shutdown implements org.junit.platform.launcher.LauncherSessionListener {
        @Override
        public void launcherSessionClosed(org.junit.platform.launcher.LauncherSession session) {
            synchronized (SystemStack.class) {
                if (shared != null) {
                    shared.close();
                    shared = null;
                }
            }
        }
    }

    final Path directory;
    final KafkaBroker kafka;
    volatile MaxComputeEmulator maxCompute;
    volatile TablestoreEmulator tablestore;
    final Rest api;
    private final Path root;
    private final String version;
    private volatile Process controlPlane;
    private final int controlPlanePort;
    private final List<Process> moreControlPlanes = new ArrayList<>();
    private final int postgresPort;
    private final java.time.Instant syncClockAnchor = java.time.Instant.now();
    private final Map<String, Process> agents = new LinkedHashMap<>();
    private final String controlPlaneUrl;
    private final Path plugins;
    private volatile boolean destinationsDown;

    SystemStack() throws IOException {
        root = Paths.get(System.getProperty("systemtest.root", "..")).toAbsolutePath().normalize();
        version = System.getProperty("systemtest.version", "0.1.0-SNAPSHOT");
        directory = Files.createTempDirectory("system-test-");
        kafka = KafkaBroker.start();
        maxCompute = startMaxCompute(0);
        tablestore = startTablestore(0);
        plugins = Files.createDirectories(directory.resolve("plugins"));
        copyPlugin(pluginDirectory(root.resolve("worker-runtime/maxcompute-sink/target")));
        copyPlugin(pluginDirectory(root.resolve("worker-runtime/tablestore-sink/target")));

        controlPlanePort = freePort();
        controlPlaneUrl = "http://127.0.0.1:" + controlPlanePort;
        postgresPort = freePort();
        api = new Rest(controlPlaneUrl, ADMIN_TOKEN);
        startControlPlane();
    }

    /** Starts the control plane on its port and data (again after {@link #killControlPlane}) and waits until it answers. */
    void startControlPlane() throws IOException {
        Path controlPlaneDir = Files.createDirectories(directory.resolve("control-plane"));
        controlPlane = startControlPlane(controlPlaneDir, controlPlanePort, List.of(
                "--connectors.embedded-postgres.data-directory=" + controlPlaneDir.resolve("postgres"),
                "--connectors.embedded-postgres.port=" + postgresPort));
        awaitControlPlane(controlPlane, controlPlaneUrl, controlPlaneDir);
    }

    /** kill -9 of the control plane; its embedded PostgreSQL is left running, as it would be. */
    void killControlPlane() throws InterruptedException {
        controlPlane.destroyForcibly().waitFor();
    }

    /** A destination outage: both emulators stop answering (connections refused) until {@link #startDestinations}. */
    void stopDestinations() {
        destinationsDown = true;
        maxCompute.close();
        tablestore.close();
    }

    /** The destinations back on their ports, with the data they had. */
    void startDestinations() {
        maxCompute = startMaxCompute(maxCompute.port());
        tablestore = startTablestore(tablestore.port());
        destinationsDown = false;
    }

    private MaxComputeEmulator startMaxCompute(int port) {
        return MaxComputeEmulator.builder().port(port).dataDirectory(directory.resolve("maxcompute"))
                .credential(ACCESS_KEY_ID, ACCESS_KEY_SECRET).project(PROJECT).start();
    }

    private TablestoreEmulator startTablestore(int port) {
        return TablestoreEmulator.builder().port(port).dataDirectory(directory.resolve("tablestore"))
                .credential(ACCESS_KEY_ID, ACCESS_KEY_SECRET).instance(OTS_INSTANCE).start();
    }

    /**
     * A second control plane on the first one's PostgreSQL (and its key for secrets): a replica, as deployments run
     * several. Stopped with the stack.
     */
    Rest startSecondControlPlane() throws IOException {
        int port = freePort();
        Path dir = Files.createDirectories(directory.resolve("control-plane-2"));
        Process process = startControlPlane(dir, port, List.of(
                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + postgresPort + "/postgres",
                "--spring.datasource.username=postgres",
                // local mode's PostgreSQL trusts nobody: the first control plane keeps the superuser's password there
                "--spring.datasource.password=" + Files.readString(directory.resolve("control-plane/postgres/superuser-password")).trim(),
                "--connectors.secrets.key-file=" + directory.resolve("control-plane").resolve("secrets.key")));
        moreControlPlanes.add(process);
        return awaitControlPlane(process, "http://127.0.0.1:" + port, dir);
    }

    /**
     * Stops the replicas {@link #startSecondControlPlane} started. The agents know only the first control plane's
     * address: left running, a replica sees their leases run out while the first one is down (the drill kills it) and
     * moves their connectors, as it should for agents that stopped reporting, which these did not.
     */
    void stopSecondControlPlanes() throws InterruptedException {
        for (Process process : moreControlPlanes) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        moreControlPlanes.clear();
    }

    private Process startControlPlane(Path dir, int port, List<String> databaseArguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-jar", existing(root.resolve("control-plane/target/control-plane-" + version + ".jar")).toString(),
                "--server.port=" + port, "--server.address=127.0.0.1",
                "--connectors.deployment.lease=20s", "--connectors.deployment.heartbeat-interval=2s",
                "--connectors.deployment.placement-interval=1s",
                "--connectors.sync-jobs.clock.speed=" + SYNC_CLOCK_SPEED,
                "--connectors.sync-jobs.clock.anchor=" + syncClockAnchor,
                "--connectors.sync-jobs.clock.origin=" + syncClockAnchor));
        command.addAll(databaseArguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("control-plane.log").toFile()));
        builder.environment().put("CONNECTORS_ADMIN_TOKEN", ADMIN_TOKEN);
        return builder.start();
    }

    private static Rest awaitControlPlane(Process process, String url, Path dir) {
        Rest rest = new Rest(url, ADMIN_TOKEN);
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new AssertionError("control plane exited: " + tail(dir.resolve("control-plane.log")));
                    }
                    return rest.get("/api/v1/instances").status() == 200;
                });
        return rest;
    }

    /** The sync jobs' scheduled time now (the control planes' test clock). */
    java.time.Instant scheduledNow() {
        long real = java.time.Instant.now().toEpochMilli() - syncClockAnchor.toEpochMilli();
        return syncClockAnchor.plusMillis(Math.round(real * SYNC_CLOCK_SPEED));
    }

    /**
     * Starts an agent process ({@code AgentMain}) with the shared plugin and secrets directories and a token of its own,
     * issued for its id as an operator does for each host, as if on a host of its own ({@link #ADDRESS}): its Connect
     * workers advertise that address and listen on it only.
     */
    void startAgent(String id, int capacity) throws IOException {
        Rest.Response token = api.post("/api/v1/tokens", Map.of("name",
                "agent-" + id.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9._-]", "-") + "-" + Long.toHexString(System.nanoTime()),
                "role", "AGENT", "agentId", id));
        String agentToken = api.ok(token).path("token").asText();
        Path agentJar = existing(root.resolve("worker-runtime/agent/target/agent-" + version + ".jar"));
        Path data = Files.createDirectories(directory.resolve("agents").resolve(id));
        ProcessBuilder builder = new ProcessBuilder(java(), "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp",
                agentJar + java.io.File.pathSeparator + agentJar.getParent().resolve("lib") + "/*",
                "com.connectorservice.agent.AgentMain")
                .directory(data.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("agent.log").toFile()));
        Map<String, String> env = builder.environment();
        env.put("CONNECTORS_CONTROL_PLANE_URL", controlPlaneUrl);
        env.put("CONNECTORS_AGENT_TOKEN", agentToken);
        env.put("CONNECTORS_AGENT_ID", id);
        env.put("CONNECTORS_AGENT_CAPACITY", String.valueOf(capacity));
        env.put("CONNECTORS_AGENT_DATA_DIR", data.toString());
        env.put("CONNECTORS_AGENT_SECRETS_DIR", directory.resolve("secrets").toString());
        env.put("CONNECTORS_AGENT_PLUGIN_PATH", plugins.toString());
        env.put("CONNECTORS_AGENT_RECONCILE_INTERVAL_SECONDS", "2");
        env.put("CONNECTORS_AGENT_ADVERTISED_HOST", ADDRESS.getOrDefault(id, "127.0.0.1"));
        agents.put(id, builder.start());
    }

    /** Stops the agent process only (SIGTERM): its workers keep running and keep their place in their groups. */
    void stopAgent(String id) throws InterruptedException {
        Process agent = agents.get(id);
        agent.destroy();
        if (!agent.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            agent.destroyForcibly();
        }
    }

    /**
     * The log of the agent's Connect worker for the connector: its own JVM's under {@code isolation: PROCESS}, else
     * the dense JVM's that hosts its herder (one Kafka instance here, so one dense JVM per agent), where each herder's
     * lines carry {@code [Worker clientId=..., groupId=<its group>]}.
     */
    Path workerLog(String agentId, String connector) throws java.io.IOException {
        Path agentDir = directory.resolve("agents").resolve(agentId);
        Path own = agentDir.resolve("workers").resolve(connector).resolve("worker.log");
        if (Files.exists(own)) {
            return own;
        }
        try (java.util.stream.Stream<Path> dense = Files.list(agentDir.resolve("dense"))) {
            return dense.map(dir -> dir.resolve("worker.log")).filter(Files::exists).findFirst().orElse(own);
        }
    }

    /** kill -9 of an agent alone: its Connect workers keep running, for the next agent process to adopt. */
    void killAgent(String id) throws InterruptedException {
        agents.get(id).destroyForcibly().waitFor();
    }

    /** kill -9 of an agent and every worker it started (a host that dies). */
    void killAgentAndItsWorkers(String id) {
        Process agent = agents.get(id);
        List<ProcessHandle> workers = workersOf(id);
        agent.destroyForcibly();
        workers.forEach(ProcessHandle::destroyForcibly);
    }

    /** Worker JVMs started by this agent, found by the agent's data directory on their command line. */
    List<ProcessHandle> workersOf(String agentId) {
        String marker = directory.resolve("agents").resolve(agentId).toString();
        List<ProcessHandle> workers = new ArrayList<>();
        ProcessHandle.allProcesses().filter(p -> p.pid() != ProcessHandle.current().pid())
                .filter(p -> p.info().arguments().map(args -> String.join(" ", args).contains(marker)).orElse(false))
                .filter(p -> agents.get(agentId) == null || p.pid() != agents.get(agentId).pid())
                .forEach(workers::add);
        return workers;
    }

    /**
     * What a failed drill leaves for the reader of a CI log, where the stack's directory is gone: each worker's last
     * warnings and errors, and the stacks of the threads running our plugins' code (a wait shows where it waits).
     */
    String workerDiagnostics() {
        StringBuilder out = new StringBuilder();
        for (String id : agents.keySet()) {
            try (Stream<Path> logs = Files.walk(directory.resolve("agents").resolve(id))) {
                for (Path log : logs.filter(p -> p.getFileName().toString().equals("worker.log")).toList()) {
                    List<String> warnings = Files.readAllLines(log).stream()
                            .filter(line -> line.contains(" WARN ") || line.contains(" ERROR "))
                            // a destination's outage repeats these every few seconds and would hide the rest
                            .filter(line -> !line.contains("RetriableException from SinkTask") && !line.contains("RetriedCount:"))
                            .toList();
                    out.append("== last warnings of ").append(directory.relativize(log)).append('\n');
                    warnings.subList(Math.max(0, warnings.size() - 40), warnings.size())
                            .forEach(line -> out.append(line, 0, Math.min(line.length(), 400)).append('\n'));
                }
            } catch (IOException e) {
                out.append("cannot read the logs of ").append(id).append(": ").append(e).append('\n');
            }
            for (ProcessHandle worker : workersOf(id)) {
                out.append("== threads in our code, worker ").append(worker.pid()).append('\n');
                try {
                    Process jcmd = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "jcmd").toString(),
                            String.valueOf(worker.pid()), "Thread.print").redirectErrorStream(true).start();
                    String dump = new String(jcmd.getInputStream().readAllBytes());
                    for (String thread : dump.split("\n\n")) {
                        if (thread.contains("com.connectorservice")) {
                            out.append(thread).append("\n\n");
                        }
                    }
                } catch (IOException e) {
                    out.append("cannot dump its threads: ").append(e).append('\n');
                }
            }
        }
        return out.toString();
    }

    String agentLog(String id) {
        return tail(directory.resolve("agents").resolve(id).resolve("agent.log"));
    }

    String controlPlaneLog() {
        return tail(directory.resolve("control-plane").resolve("control-plane.log"));
    }

    @Override
    public void close() {
        List<ProcessHandle> leftovers = new ArrayList<>();
        for (String id : agents.keySet()) {
            leftovers.addAll(workersOf(id));
        }
        agents.values().forEach(Process::destroy);
        leftovers.forEach(ProcessHandle::destroy);
        moreControlPlanes.forEach(Process::destroy);
        controlPlane.destroy();
        for (ProcessHandle handle : leftovers) {
            handle.onExit().completeOnTimeout(handle, 15, java.util.concurrent.TimeUnit.SECONDS).join();
            handle.destroyForcibly();
        }
        try {
            controlPlane.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            controlPlane.destroyForcibly();
        }
        agents.values().forEach(Process::destroyForcibly);
        if (!destinationsDown) {
            tablestore.close();
            maxCompute.close();
        }
        kafka.close();
        if (!Boolean.getBoolean("systemtest.keep")) {
            deleteRecursively(directory);
        }
    }

    private void copyPlugin(Path plugin) throws IOException {
        existing(plugin);
        Path target = plugins.resolve(plugin.getFileName());
        try (Stream<Path> files = Files.walk(plugin)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path copy = target.resolve(plugin.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(file, copy);
                }
            }
        }
    }

    /** The sink's packaged plugin directory ({@code *-plugin} under its target). */
    private static Path pluginDirectory(Path target) throws IOException {
        try (Stream<Path> entries = Files.list(existing(target))) {
            return entries.filter(Files::isDirectory).filter(p -> p.getFileName().toString().endsWith("-plugin")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no *-plugin directory in " + target + ": package the sink first"));
        }
    }

    private static Path existing(Path path) {
        if (!Files.exists(path)) {
            throw new IllegalStateException(path + " is missing: build it first (./mvnw -pl system-tests -am verify)");
        }
        return path;
    }

    private static String java() {
        return Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp directory left behind is harmless
        }
    }
}
