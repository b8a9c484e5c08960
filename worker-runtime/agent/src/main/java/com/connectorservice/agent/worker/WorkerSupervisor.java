package com.connectorservice.agent.worker;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.connectorservice.agent.Json;
import com.connectorservice.agent.PropertiesText;
import com.connectorservice.agent.connect.ConnectClient;
import com.connectorservice.agent.runtime.WorkerView;

/**
 * Launches, watches, restarts and stops the child Connect JVMs, one per connector, each listening on this host's
 * worker address. Children outlive the agent: each leaves {@code worker.json} (pid, address, port) in its directory so
 * the next agent process adopts it.
 */
public final class WorkerSupervisor {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerSupervisor.class);
    private static final String LOG_FILE = "worker.log";
    /**
     * Logback with the agent's pattern, which prints Connect's {@code connector.context}: the agent tells the lines of
     * each connector and task apart by it ({@code logs.WorkerLogFile}). The configuration is written beside
     * {@code worker.properties}, since the workers' classpath need not hold the agent's jar. A classpath without Logback
     * (a Kafka distribution of its own) keeps its own binding, and its lines are not sent.
     */
    private static final String LOGGING_CONFIG = "connectorservice-worker-logback.xml";

    private static List<String> logging(Path dir) throws IOException {
        Path config = dir.resolve("logback.xml");
        try (java.io.InputStream resource = WorkerSupervisor.class.getResourceAsStream("/" + LOGGING_CONFIG)) {
            if (resource == null) {
                throw new IOException(LOGGING_CONFIG + " is missing from the agent's jar");
            }
            Files.write(config, resource.readAllBytes());
        }
        return List.of("-Dslf4j.provider=ch.qos.logback.classic.spi.LogbackServiceProvider",
                "-Dlogback.configurationFile=" + config);
    }
    private static final String MARKER = "-Dconnectorservice.agent.worker=";
    /** Kafka's own worker: one connector per JVM. */
    static final String CONNECT_DISTRIBUTED = "org.apache.kafka.connect.cli.ConnectDistributed";
    private static final Duration BASE_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    private static final Duration STABLE_AFTER = Duration.ofMinutes(2);
    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(20);

    private final Path workersDir;
    private final WorkerAddress address;
    private final WorkerLaunch launch;
    private final Duration startTimeout;
    private final String mainClass;
    private final Runnable onExit;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, ChildWorker> workers = new HashMap<>();
    private final ExecutorService exitWatchers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "worker-exit-watcher");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param startTimeout how long a worker may run without its REST API answering before it is killed and restarted
     * @param onExit       called (on another thread) when a child dies, to reconcile at once rather than at the next tick
     */
    public WorkerSupervisor(Path workersDir, WorkerAddress address, WorkerLaunch launch, Duration startTimeout,
                            Runnable onExit) {
        this(workersDir, address, launch, startTimeout, CONNECT_DISTRIBUTED, onExit);
    }

    /**
     * @param mainClass what each child runs with its {@code worker.properties} as only argument: Connect's own
     *                  {@code ConnectDistributed}, or the dense worker hosting several herders
     */
    public WorkerSupervisor(Path workersDir, WorkerAddress address, WorkerLaunch launch, Duration startTimeout,
                            String mainClass, Runnable onExit) {
        this.mainClass = mainClass;
        this.workersDir = workersDir;
        this.address = address;
        this.launch = launch;
        this.startTimeout = startTimeout;
        this.onExit = onExit;
    }

    /** Takes over the children a previous agent process left running; kills those that are not ours any more. */
    public synchronized List<String> adoptRunningWorkers() {
        List<String> adopted = new ArrayList<>();
        if (!Files.isDirectory(workersDir)) {
            return adopted;
        }
        try (Stream<Path> dirs = Files.list(workersDir)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                String connector = dir.getFileName().toString();
                Optional<ChildWorker> child = readState(connector, dir);
                if (child.isPresent()) {
                    workers.put(connector, child.get());
                    watch(child.get(), child.get().process);
                    adopted.add(connector);
                    LOG.info("adopted the worker of {} (pid {}, {})", connector, child.get().process.pid(),
                            child.get().restUrl());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + workersDir, e);
        }
        return adopted;
    }

    private Optional<ChildWorker> readState(String connector, Path dir) {
        Path stateFile = dir.resolve("worker.json");
        if (!Files.exists(stateFile)) {
            return Optional.empty();
        }
        try {
            WorkerState state = Json.MAPPER.readValue(stateFile.toFile(), WorkerState.class);
            Optional<ProcessHandle> process = ProcessHandle.of(state.pid()).filter(ProcessHandle::isAlive);
            if (process.isEmpty()) {
                return Optional.empty();
            }
            boolean ours = process.get().info().commandLine().map(line -> line.contains(MARKER + connector + " "))
                    .orElse(false);
            if (!ours) {
                LOG.warn("pid {} of {}'s worker.json is another process now; not adopting it", state.pid(), connector);
                return Optional.empty();
            }
            ChildWorker child = new ChildWorker(connector);
            child.process = process.get();
            child.port = state.port();
            child.host = state.host() == null ? WorkerAddress.LOOPBACK : state.host();
            child.startedAt = Instant.parse(state.startedAt());
            child.restarts = state.restarts();
            child.settings = WorkerSettings.withoutListener(load(dir.resolve("worker.properties")));
            child.restAnswered = new ConnectClient(child.restUrl()).isReady();
            if (!child.restAnswered && child.startedAt.plus(startTimeout).isBefore(clock.instant())) {
                LOG.warn("the worker of {} (pid {}) does not answer on {}; killing it", connector, state.pid(),
                        child.restUrl());
                kill(process.get());
                return Optional.empty();
            }
            return Optional.of(child);
        } catch (IOException e) {
            LOG.warn("unreadable worker state in {}: {}", dir, e.toString());
            return Optional.empty();
        }
    }

    /**
     * Makes sure the connector's worker runs with these settings: starts it when absent, restarts it when its
     * settings changed, and after a crash starts it again once the back-off has passed.
     */
    public synchronized WorkerView ensureRunning(String connector, SortedMap<String, String> settings) {
        ChildWorker child = workers.computeIfAbsent(connector, ChildWorker::new);
        if (child.isAlive() && !settings.equals(child.settings)) {
            LOG.info("the worker settings of {} changed; restarting its worker", connector);
            terminate(child);
            child.nextStartAt = Instant.EPOCH;
        } else if (child.isAlive() && !address.advertisedHost().equals(child.host)) {
            LOG.info("the worker of {} advertises {}, this host is now reached at {}; restarting its worker",
                    connector, child.host, address.advertisedHost());
            terminate(child);
            child.nextStartAt = Instant.EPOCH;
        }
        if (child.process != null && !child.isAlive()) {
            // seen dead before its exit watcher ran: the exit code is known when this agent process started it
            child.recordExit(child.exitCode(), clock.instant(), BASE_BACKOFF, MAX_BACKOFF, STABLE_AFTER);
        }
        if (!child.isAlive() && !clock.instant().isBefore(child.nextStartAt)) {
            start(child, settings);
        }
        return child.view();
    }

    /** Records whether the worker's REST API answered; kills a worker that never answers within the start timeout. */
    public synchronized void restProbed(String connector, boolean answered) {
        ChildWorker child = workers.get(connector);
        if (child == null || !child.isAlive()) {
            return;
        }
        if (answered && !child.restAnswered) {
            LOG.info("the worker of {} answers on {}, {} ms after its start", connector, child.restUrl(),
                    Duration.between(child.startedAt, clock.instant()).toMillis());
        }
        child.restAnswered = answered;
        if (!answered && child.startedAt.plus(startTimeout).isBefore(clock.instant())) {
            LOG.warn("the worker of {} did not answer on {} within {}; killing it", connector, child.restUrl(),
                    startTimeout);
            kill(child.process);
        }
    }

    public synchronized Optional<WorkerView> view(String connector) {
        return Optional.ofNullable(workers.get(connector)).map(ChildWorker::view);
    }

    /** The log the worker's JVM writes (standard output and error), once it was started. */
    public Optional<Path> logFile(String worker) {
        return Optional.of(workersDir.resolve(worker).resolve(LOG_FILE)).filter(Files::exists);
    }

    public synchronized Set<String> connectors() {
        return new TreeSet<>(workers.keySet());
    }

    /** Stops the connector's worker gracefully (Connect leaves its group), then forgets it. */
    public synchronized void remove(String connector) {
        ChildWorker child = workers.remove(connector);
        if (child != null && child.isAlive()) {
            terminate(child);
        }
        deleteRecursively(workersDir.resolve(connector));
    }

    /** The resident memory of all live children together. */
    public synchronized long residentBytes() {
        return workers.values().stream().filter(ChildWorker::isAlive)
                .mapToLong(child -> ResidentMemory.ofProcess(child.process.pid()).orElse(0L)).sum();
    }

    /** Kills every child at once, for an agent shut down together with its workers (tests, uninstall). */
    public synchronized void killAll() {
        workers.values().stream().filter(ChildWorker::isAlive).forEach(child -> kill(child.process));
    }

    private void start(ChildWorker child, SortedMap<String, String> settings) {
        Path dir = workersDir.resolve(child.connector);
        try {
            Files.createDirectories(dir);
            int port = freePort(address.listenAddress());
            Path properties = dir.resolve("worker.properties");
            writeProperties(properties, WorkerSettings.withListener(settings, address, port));
            List<String> command = new ArrayList<>();
            command.add(launch.javaExecutable().toString());
            command.addAll(launch.jvmOptions());
            command.addAll(logging(dir));
            command.add(MARKER + child.connector);
            command.add("-cp");
            command.add(launch.classpath());
            command.add(mainClass);
            command.add(properties.toString());
            Path log = dir.resolve(LOG_FILE);
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
            child.process = process.toHandle();
            child.started = process;
            child.exited = false;
            child.restAnswered = false;
            child.port = port;
            child.host = address.advertisedHost();
            child.settings = settings;
            child.startedAt = clock.instant();
            Json.MAPPER.writeValue(dir.resolve("worker.json").toFile(),
                    new WorkerState(process.pid(), port, child.startedAt.toString(), child.restarts, child.host));
            LOG.info("started the worker of {} (pid {}, {}, log {})", child.connector, process.pid(),
                    child.restUrl(), log);
            process.onExit().thenAcceptAsync(exited -> childExited(child, exited.toHandle(), exited.exitValue()),
                    exitWatchers);
        } catch (IOException e) {
            child.process = null;
            child.nextStartAt = clock.instant().plus(BASE_BACKOFF);
            throw new UncheckedIOException("could not start the worker of " + child.connector, e);
        }
    }

    /** Adopted children are not our OS children: their exit code cannot be known, only that they exited. */
    private void watch(ChildWorker child, ProcessHandle process) {
        process.onExit().thenAcceptAsync(exited -> childExited(child, exited, null), exitWatchers);
    }

    private void childExited(ChildWorker child, ProcessHandle process, Integer exitCode) {
        synchronized (this) {
            if (child.process == null || child.process.pid() != process.pid() || child.exited) {
                return;
            }
            child.recordExit(exitCode, clock.instant(), BASE_BACKOFF, MAX_BACKOFF, STABLE_AFTER);
            LOG.warn("the worker of {} (pid {}) exited with {}; next start at {}", child.connector, process.pid(),
                    exitCode == null ? "an unknown code" : exitCode, child.nextStartAt);
        }
        onExit.run();
    }

    /** A deliberate stop: not a crash, so no back-off and no exit record. */
    private void terminate(ChildWorker child) {
        ProcessHandle process = child.process;
        child.exited = true;
        process.destroy();
        try {
            process.onExit().get(GRACEFUL_STOP.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            LOG.warn("the worker of {} (pid {}) did not stop within {}; killing it", child.connector, process.pid(),
                    GRACEFUL_STOP);
            kill(process);
        }
    }

    private static void kill(ProcessHandle process) {
        process.destroyForcibly();
        try {
            process.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("pid {} did not die after SIGKILL within 10 s", process.pid());
        }
    }

    /** A port free on the address the worker will listen on. */
    private static int freePort(String listenAddress) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getByName(listenAddress))) {
            return socket.getLocalPort();
        }
    }

    private static void writeProperties(Path file, Map<String, String> settings) throws IOException {
        StringBuilder text = new StringBuilder("# written by the connector service agent; changes are overwritten\n");
        new TreeMap<>(settings).forEach((key, value) -> text.append(PropertiesText.escape(key, true)).append('=')
                .append(PropertiesText.escape(value, false)).append('\n'));
        Files.writeString(file, text, StandardCharsets.UTF_8);
        // Client settings may carry credentials that the control plane did not turn into secret references.
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    private static Map<String, String> load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> settings = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> settings.put(key, properties.getProperty(key)));
        return settings;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.toString());
        }
    }

    /** {@code host}: the worker's advertised address; absent in the files of agents that bound loopback only. */
    record WorkerState(long pid, int port, String startedAt, int restarts, String host) {
    }
}
