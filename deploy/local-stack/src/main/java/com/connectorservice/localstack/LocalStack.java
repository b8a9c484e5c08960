package com.connectorservice.localstack;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * One command for the whole product on a developer machine:
 * <pre>
 *   LocalStack [start] [--fresh] [--http-port 8080] ...   run the stack until Ctrl-C
 *   LocalStack create-seed-tables [--maxcompute-port ...]  the seeds' example tables and topics, on a running stack
 *   LocalStack sql "select * from test_kafka where pt='...'"  one SQL statement on the local MaxCompute
 * </pre>
 * {@code start} launches a KRaft Kafka broker, the MaxCompute, Tablestore and RAM/STS emulators, the control plane (with its
 * embedded PostgreSQL and the console) and one agent, each a child JVM logging to {@code <data>/logs/<name>.log};
 * registers the broker as a Kafka instance; prints the console address and the admin token; and on Ctrl-C
 * (or SIGTERM) stops them all, the agent's Connect workers and PostgreSQL included.
 */
public final class LocalStack {

    static final String READY_LINE = "Local stack ready";
    /** The account the RAM/STS emulator knows: the one seed 000's RAM role belongs to on the local stack. */
    static final String RAM_ACCOUNT_ID = "1880000000000000";
    /** The stack's one agent, the only agent its agent token is good for. */
    static final String AGENT_ID = "local-agent";
    private static final Duration START_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final StackSettings settings;
    private final StackProcesses processes;
    private final List<ChildProcess> children = new ArrayList<>();
    private volatile boolean stopping;

    private LocalStack(StackSettings settings) {
        this.settings = settings;
        this.processes = new StackProcesses(settings.dataDirectory());
    }

    public static void main(String[] args) {
        List<String> arguments = new ArrayList<>(Arrays.asList(args));
        String command = !arguments.isEmpty() && !arguments.get(0).startsWith("--") ? arguments.remove(0) : "start";
        try {
            if (arguments.contains("--help") || command.equals("help")) {
                System.out.println("usage: local-stack.sh [start|create-seed-tables|sql '<statement>'] [flags]"
                        + System.lineSeparator()
                        + StackSettings.usage());
                return;
            }
            String statement = command.equals("sql") ? sqlStatement(arguments) : null;
            StackSettings settings = StackSettings.parse(arguments, System.getenv());
            switch (command) {
                case "start" -> new LocalStack(settings).run();
                case "create-seed-tables" -> createSeedResources(settings);
                case "sql" -> sql(settings, statement);
                default -> throw new IllegalArgumentException("unknown command '" + command
                        + "'; use start (default), create-seed-tables or sql");
            }
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("local stack: " + e.getMessage());
            System.exit(2);
        } catch (com.aliyun.odps.OdpsException e) {
            System.err.println("MaxCompute: " + e.getMessage());
            System.exit(1);
        } catch (Exception e) {
            System.err.println("local stack: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    /**
     * The statements given to {@code sql} (the argument that is neither a flag nor a flag's value, before or after
     * the flags), or null for a session on the terminal (or standard input).
     */
    private static String sqlStatement(List<String> arguments) {
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (argument.startsWith("--")) {
                if (!argument.contains("=") && !argument.equals(StackSettings.FRESH_FLAG)) {
                    i++;
                }
                continue;
            }
            return arguments.remove(i);
        }
        return null;
    }

    private static void sql(StackSettings settings, String statements) throws Exception {
        MaxComputeSql session = new MaxComputeSql(settings);
        if (statements == null) {
            session.interactive(settings.dataDirectory().resolve("sql-history"));
        } else {
            System.out.println(session.run(statements));
        }
    }

    private static void createSeedResources(StackSettings settings) throws Exception {
        System.out.println("Creating the seeds' example resources:");
        SeedResources seed = new SeedResources(settings);
        seed.createTables();
        seed.createTopics();
    }

    private void run() throws Exception {
        long startedAt = System.nanoTime();
        Files.createDirectories(settings.dataDirectory());
        FileLock lock = lockDataDirectory();
        int leftovers = processes.stopLeftovers(Duration.ofSeconds(15));
        if (leftovers > 0) {
            System.out.println("Stopped " + leftovers + " processes an earlier run left behind on " + settings.dataDirectory());
        }
        if (settings.fresh()) {
            deleteDataExceptLock();
            System.out.println("Starting afresh: emptied " + settings.dataDirectory());
        }
        checkPortsFree();
        Layout layout = Layout.of(settings.home()).copiedTo(settings.dataDirectory().resolve("artifacts"));
        String adminToken = token(settings.adminToken(), "admin-token");
        String agentToken = token(settings.agentToken(), "agent-token");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stopAll(lock), "local-stack-stop"));

        Path logs = settings.logDirectory();
        KafkaServer kafka = new KafkaServer(settings);
        List<String> kafkaJava = java(layout.kafkaClasspath(), "-Xms128m", "-Xmx512m");
        kafka.prepare(kafkaJava, logs);
        ChildProcess broker = launch("kafka", kafka.command(kafkaJava), Map.of(), settings.dataDirectory().resolve("kafka"));
        ChildProcess maxCompute = launch("maxcompute-emulator", command(java(layout.maxComputeEmulatorClasspath(), "-Xmx256m"),
                "com.connectorservice.emulator.maxcompute.MaxComputeEmulatorMain",
                "--port", settings.maxComputePort(), "--data-dir", settings.dataDirectory().resolve("maxcompute"),
                "--credential", settings.accessKeyId() + ":" + settings.accessKeySecret(),
                "--project", settings.maxComputeProject()), Map.of(), settings.dataDirectory().resolve("maxcompute"));
        ChildProcess tablestore = launch("tablestore-emulator", command(java(layout.tablestoreEmulatorClasspath(), "-Xmx256m"),
                "com.connectorservice.emulator.tablestore.TablestoreEmulatorMain",
                "--port", settings.tablestorePort(), "--data-dir", settings.dataDirectory().resolve("tablestore"),
                "--credential", settings.accessKeyId() + ":" + settings.accessKeySecret(),
                "--instance", settings.tablestoreInstance()), Map.of(), settings.dataDirectory().resolve("tablestore"));
        ChildProcess ramSts = launch("ram-sts-emulator", command(java(layout.ramStsEmulatorClasspath(), "-Xmx128m"),
                "com.connectorservice.emulator.ramsts.RamStsEmulatorMain",
                "--port", settings.ramStsPort(), "--data-dir", settings.dataDirectory().resolve("ram-sts"),
                "--account", RAM_ACCOUNT_ID + ":" + settings.accessKeyId() + ":" + settings.accessKeySecret(),
                "--service", "alikafka.aliyuncs.com:connector-ak:connector-sk"),
                Map.of(), settings.dataDirectory().resolve("ram-sts"));
        Map<String, String> controlPlaneEnvironment = new HashMap<>();
        controlPlaneEnvironment.put("CONNECTORS_ADMIN_TOKEN", adminToken);
        // the built-in agent token is good for the stack's own agent only (issue 12: one token, one agent id)
        controlPlaneEnvironment.put("CONNECTORS_AGENT_TOKEN", agentToken);
        controlPlaneEnvironment.put("CONNECTORS_AGENT_TOKEN_AGENT_ID", AGENT_ID);
        // the service's own identity at the RAM/STS emulator, for the RAM role authorization check
        controlPlaneEnvironment.put("CONNECTORS_CLOUD_ACCESS_KEY_ID", "connector-ak");
        controlPlaneEnvironment.put("CONNECTORS_CLOUD_ACCESS_KEY_SECRET", "connector-sk");
        controlPlaneEnvironment.put("CONNECTORS_CLOUD_RAM_ENDPOINT", settings.ramStsEndpoint());
        controlPlaneEnvironment.put("CONNECTORS_CLOUD_STS_ENDPOINT", settings.ramStsEndpoint());
        ChildProcess controlPlane = launch("control-plane", command(javaJar(layout.controlPlaneJar(), "-Xmx512m"),
                "--server.port=" + settings.httpPort(),
                "--connectors.embedded-postgres.data-directory=" + settings.dataDirectory().resolve("postgres")),
                controlPlaneEnvironment, settings.dataDirectory().resolve("control-plane"));

        awaitReady(broker, "the Kafka broker on " + settings.bootstrapServers(), () -> portOpen(settings.kafkaPort()));
        awaitReady(maxCompute, "the MaxCompute emulator on " + settings.maxComputeEndpoint(),
                () -> portOpen(settings.maxComputePort()));
        awaitReady(tablestore, "the Tablestore emulator on " + settings.tablestoreEndpoint(),
                () -> portOpen(settings.tablestorePort()));
        awaitReady(ramSts, "the RAM/STS emulator on " + settings.ramStsEndpoint(), () -> portOpen(settings.ramStsPort()));
        ControlPlaneClient client = new ControlPlaneClient("http://localhost:" + settings.httpPort(), adminToken);
        awaitReady(controlPlane, "the control plane on " + settings.consoleUrl(), client::healthy);

        startAgent(layout, agentToken);
        registerInstance(client);
        printBanner(adminToken, Duration.ofNanos(System.nanoTime() - startedAt));

        ChildProcess exited = CompletableFuture.anyOf(children.stream().map(ChildProcess::onExit)
                .toArray(CompletableFuture[]::new)).thenApply(ChildProcess.class::cast).join();
        if (!stopping) {
            System.err.println(exited.name() + " exited with status " + exited.exitValue() + "; stopping the stack. Its log ("
                    + exited.log() + ") ends with:" + System.lineSeparator() + exited.tail(30));
            System.exit(1);
        }
    }

    private void startAgent(Layout layout, String agentToken) throws IOException {
        Path agentData = settings.dataDirectory().resolve("agent");
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("CONNECTORS_CONTROL_PLANE_URL", "http://localhost:" + settings.httpPort());
        environment.put("CONNECTORS_AGENT_TOKEN", agentToken);
        environment.put("CONNECTORS_AGENT_ID", AGENT_ID);
        // the one local agent: its workers on loopback only, whatever the machine's host name resolves to
        environment.put("CONNECTORS_AGENT_ADVERTISED_HOST", "127.0.0.1");
        environment.put("CONNECTORS_AGENT_DATA_DIR", agentData.toString());
        environment.put("CONNECTORS_AGENT_PLUGIN_PATH", layout.pluginPath().toString());
        launch("agent", javaJar(layout.agentJar(), "-Xmx128m"), environment, agentData);
    }

    private void registerInstance(ControlPlaneClient client) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            try {
                ControlPlaneClient.Registration registration = client.registerInstance(settings.instanceId(),
                        settings.bootstrapServers());
                System.out.println("Kafka instance " + settings.instanceId() + " ("
                        + (registration == ControlPlaneClient.Registration.CREATED ? "registered" : "already registered")
                        + ") -> " + settings.bootstrapServers());
                return;
            } catch (IllegalStateException e) {
                if (e.getMessage().contains("is registered with") || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(1000);
            }
        }
    }

    private void printBanner(String adminToken, Duration elapsed) {
        String memory = processes.residentBytes().map(bytes -> String.format("%.2f GiB", bytes / (1024.0 * 1024 * 1024)))
                .orElse("unknown");
        String n = System.lineSeparator();
        System.out.println(n
                + "  Console and REST API  " + settings.consoleUrl() + "/   (OpenAPI: " + settings.consoleUrl() + "/v3/api-docs)" + n
                + "  Admin token           " + adminToken + n
                + "  Kafka                 " + settings.bootstrapServers() + "   (instance " + settings.instanceId() + ")" + n
                + "  MaxCompute emulator   " + settings.maxComputeEndpoint() + "   tunnel " + settings.maxComputeTunnelEndpoint()
                + "   project " + settings.maxComputeProject() + n
                + "  Tablestore emulator   " + settings.tablestoreEndpoint() + "   instance " + settings.tablestoreInstance() + n
                + "  RAM/STS emulator      " + settings.ramStsEndpoint() + "   account " + RAM_ACCOUNT_ID + n
                + "  AccessKey             " + settings.accessKeyId() + " / " + settings.accessKeySecret() + n
                + "  Data and logs         " + settings.dataDirectory() + "   (logs/*.log)" + n + n
                + READY_LINE + " in " + String.format("%.1f", elapsed.toMillis() / 1000.0) + " s, resident memory "
                + memory + ". Ctrl-C stops everything." + n);
    }

    private void stopAll(FileLock lock) {
        stopping = true;
        System.out.println("Stopping the local stack...");
        // The agent first (it leaves its Connect workers running on purpose, so they go with it), then the rest
        // in parallel, the broker last so the workers and the control plane can still reach it while they stop.
        List<ChildProcess> byOrder = new ArrayList<>(children);
        byOrder.sort(Comparator.comparingInt(LocalStack::stopOrder));
        for (int phase = 0; phase < 3; phase++) {
            int current = phase;
            CompletableFuture.allOf(byOrder.stream().filter(child -> stopOrder(child) == current)
                    .map(child -> CompletableFuture.runAsync(() -> child.stop(STOP_GRACE)))
                    .toArray(CompletableFuture[]::new)).join();
        }
        int left = processes.stopLeftovers(Duration.ofSeconds(10));
        if (left > 0) {
            System.out.println("Stopped " + left + " more processes of the stack (Connect workers, PostgreSQL)");
        }
        try {
            lock.release();
            lock.channel().close();
        } catch (IOException ignored) {
            // the lock goes with the process anyway
        }
        System.out.println("Local stack stopped.");
    }

    private static int stopOrder(ChildProcess child) {
        return switch (child.name()) {
            case "agent" -> 0;
            case "kafka" -> 2;
            default -> 1;
        };
    }

    private ChildProcess launch(String name, List<String> command, Map<String, String> environment, Path workingDirectory)
            throws IOException {
        ChildProcess child = ChildProcess.start(name, command, environment, workingDirectory, settings.logDirectory());
        children.add(child);
        return child;
    }

    private void awaitReady(ChildProcess child, String what, BooleanSupplier ready) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!ready.getAsBoolean()) {
            if (stopping) {
                // Ctrl-C while starting: the shutdown hook stops everything; nothing to report
                Thread.currentThread().join();
            }
            if (!child.isAlive()) {
                throw new IllegalStateException(child.name() + " exited with status " + child.exitValue()
                        + " while starting; its log (" + child.log() + ") ends with:" + System.lineSeparator()
                        + child.tail(30));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(what + " is not ready after " + START_TIMEOUT.toSeconds() + " s; see "
                        + child.log());
            }
            Thread.sleep(250);
        }
        System.out.println("  up: " + what);
    }

    /** java with the stack's marker (so leftovers are found by the data directory) and a small heap. */
    private List<String> java(Path classpathDirectory, String... options) {
        List<String> command = javaOptions(options);
        command.add("-cp");
        command.add(Layout.classpath(classpathDirectory));
        return command;
    }

    private List<String> javaJar(Path jar, String... options) {
        List<String> command = javaOptions(options);
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    private List<String> javaOptions(String... options) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Dconnectorservice.localstack=" + settings.dataDirectory() + "/");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.addAll(List.of(options));
        return command;
    }

    private static List<String> command(List<String> prefix, Object... arguments) {
        List<String> command = new ArrayList<>(prefix);
        Stream.of(arguments).map(String::valueOf).forEach(command::add);
        return command;
    }

    /**
     * A configured token, else the one kept in {@code <data>/<file>}, else a new one written there (mode 0600), so the
     * admin token printed at start stays valid across runs.
     */
    private String token(String configured, String file) throws IOException {
        if (configured != null && !configured.isBlank()) {
            return configured.trim();
        }
        Path path = settings.dataDirectory().resolve(file);
        if (Files.exists(path)) {
            return Files.readString(path, StandardCharsets.US_ASCII).trim();
        }
        byte[] random = new byte[24];
        new SecureRandom().nextBytes(random);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.writeString(path, token, StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
        }
        return token;
    }

    private FileLock lockDataDirectory() throws IOException {
        FileChannel channel = FileChannel.open(settings.dataDirectory().resolve(".lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock();
        if (lock == null) {
            channel.close();
            throw new IllegalStateException("another local stack runs on " + settings.dataDirectory()
                    + "; stop it first (Ctrl-C) or choose another --data-dir");
        }
        return lock;
    }

    private void deleteDataExceptLock() throws IOException {
        try (Stream<Path> entries = Files.list(settings.dataDirectory())) {
            for (Path entry : entries.filter(entry -> !entry.getFileName().toString().equals(".lock")).toList()) {
                try (Stream<Path> tree = Files.walk(entry)) {
                    for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
        }
    }

    private void checkPortsFree() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("--http-port", settings.httpPort());
        ports.put("--kafka-port", settings.kafkaPort());
        ports.put("--kafka-controller-port", settings.kafkaControllerPort());
        ports.put("--maxcompute-port", settings.maxComputePort());
        ports.put("--tablestore-port", settings.tablestorePort());
        ports.put("--ram-sts-port", settings.ramStsPort());
        List<String> taken = new ArrayList<>();
        ports.forEach((flag, port) -> {
            if (portOpen(port) || !bindable(port)) {
                taken.add(port + " (" + flag + ")");
            }
        });
        if (new java.util.HashSet<>(ports.values()).size() < ports.size()) {
            throw new IllegalStateException("two components would share a port: " + ports);
        }
        if (!taken.isEmpty()) {
            throw new IllegalStateException("ports in use: " + String.join(", ", taken)
                    + "; stop what uses them or choose other ports with these flags");
        }
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static boolean portOpen(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
