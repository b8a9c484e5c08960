package com.connectorservice.agent.dense;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.connectorservice.agent.Json;
import com.connectorservice.agent.connect.ConnectClient;
import com.connectorservice.agent.connect.RestConnectorControl;
import com.connectorservice.agent.runtime.ConnectorControl;
import com.connectorservice.agent.runtime.ConnectorRuntime;
import com.connectorservice.agent.runtime.WorkerUsage;
import com.connectorservice.agent.runtime.WorkerView;
import com.connectorservice.agent.worker.ResidentMemory;
import com.connectorservice.agent.worker.WorkerAddress;
import com.connectorservice.agent.worker.WorkerLaunch;
import com.connectorservice.agent.worker.WorkerSupervisor;
import com.connectorservice.dense.DenseProtocol.HerderSpec;
import com.connectorservice.dense.DenseProtocol.HerderView;
import com.connectorservice.dense.DenseProtocol;
import com.connectorservice.dense.DenseWorkerMain;
import com.connectorservice.worker.metrics.TaskMetricsEndpoint;
import com.fasterxml.jackson.core.type.TypeReference;

/**
 * Dense hosting: one JVM per Kafka instance (tenant) on this agent, a child of the agent ({@link WorkerSupervisor}: it
 * outlives an agent restart and is adopted, it is restarted after a crash), hosting one {@code DistributedHerder} per
 * connector with the connector's own worker settings ({@code WorkerSettings}: group, internal topics, clients). A
 * herder starts in a fraction of a second because the JVM, Kafka Connect's classes and the plugins are already loaded.
 *
 * <p>The agent drives the JVM through its control channel ({@link DenseProtocol}: start, replace, remove a herder) and
 * each connector through its herder's own Connect REST API, exactly as a {@code ConnectDistributed} worker's. One REST
 * server per herder rather than one shared: a herder is then, to the agent and to the members of its group on other
 * hosts, the same as a process worker (leader forwarding, task configs, the status metrics' REST extension), with no
 * subclass of Connect's herder; it costs a Jetty server (a few threads, about a megabyte) per connector.
 */
public final class DenseConnectorRuntime implements ConnectorRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(DenseConnectorRuntime.class);

    /**
     * The dense JVM hosts many connectors: a larger heap and metaspace than a process worker's, otherwise its flags.
     * One herder with its sink task keeps about 2-6 MB live (fetch buffers bounded by {@link #withMemoryBounds}).
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = WorkerLaunch.jvmOptions("1g", "256m");

    /** A sink task's fetches over all its partitions (Kafka's default: 50 MiB); its own setting wins when larger. */
    static final long FETCH_MAX_BYTES = 8L << 20;
    /** One partition's share of a fetch (Kafka's default). */
    static final long PARTITION_FETCH_MAX_BYTES = 1L << 20;
    /** A task's producer (dead-letter records) buffers this much (Kafka's default: 32 MiB). */
    static final long PRODUCER_BUFFER_BYTES = 4L << 20;

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration HOSTED_TTL = Duration.ofMillis(250);

    private final WorkerSupervisor supervisor;
    private final Path pluginPath;
    private final Path denseDir;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** connector → the tenant JVM hosting its herder */
    private final Map<String, String> tenantOf = new ConcurrentHashMap<>();
    private final Map<String, HerderView> herders = new ConcurrentHashMap<>();
    private final Map<String, Hosted> hosted = new ConcurrentHashMap<>();

    /**
     * @param denseDir one directory per tenant JVM ({@code worker.json}, {@code worker.properties}, {@code worker.log})
     * @param launch   the dense JVM's classpath (Kafka Connect and the dense worker) and its JVM options
     * @param onExit   called (on another thread) when a dense JVM dies, to reconcile at once
     */
    public DenseConnectorRuntime(Path denseDir, WorkerAddress address, WorkerLaunch launch, Duration startTimeout,
                                 Runnable onExit) {
        this.supervisor = new WorkerSupervisor(denseDir, address, launch, startTimeout,
                DenseWorkerMain.class.getName(), onExit);
        this.pluginPath = launch.pluginPath();
        this.denseDir = denseDir;
        this.token = tokenIn(denseDir.resolve("control.token"));
    }

    @Override
    public List<String> adopt() {
        List<String> adopted = new ArrayList<>();
        for (String tenant : supervisor.adoptRunningWorkers()) {
            try {
                List<HerderView> hosted = herdersOf(tenant);
                for (HerderView herder : hosted) {
                    tenantOf.put(herder.name(), tenant);
                    herders.put(herder.name(), herder);
                    adopted.add(herder.name());
                }
                LOG.info("adopted the dense worker {} hosting {}", tenant, hosted.stream().map(HerderView::name).toList());
            } catch (IOException e) {
                // Not answering yet: the supervisor's start timeout kills it if it never does; start() re-adds herders.
                LOG.warn("the dense worker {} does not answer its control channel yet: {}", tenant, e.toString());
            }
        }
        return adopted;
    }

    @Override
    public WorkerView start(String connector, SortedMap<String, String> workerSettings) {
        String tenant = tenantKey(workerSettings.get("bootstrap.servers"));
        String previous = tenantOf.put(connector, tenant);
        if (previous != null && !previous.equals(tenant)) {
            LOG.info("{} moved to another Kafka instance; removing its herder from {}", connector, previous);
            removeHerder(previous, connector);
        }
        WorkerView jvm = supervisor.ensureRunning(tenant, jvmSettings());
        if (!jvm.alive()) {
            herders.remove(connector);
            return view(connector, jvm);
        }
        try {
            SortedMap<String, String> settings = withMemoryBounds(workerSettings);
            HerderView hosted = hostedBy(tenant, jvm).get(connector);
            HerderView herder = hosted != null && HerderView.RUNNING.equals(hosted.state())
                    && hosted.settings().equals(settings) ? hosted
                    : put(tenant, jvm, connector, settings);
            supervisor.restProbed(tenant, true);
            herders.put(connector, herder);
        } catch (ControlException e) {
            // The JVM answered but could not start this herder (its settings, its broker): this connector's problem.
            supervisor.restProbed(tenant, true);
            herders.remove(connector);
            throw new IllegalStateException("the dense worker could not start the herder of " + connector + ": "
                    + e.getMessage(), e);
        } catch (IOException e) {
            supervisor.restProbed(tenant, false);
            herders.remove(connector);
        }
        return view(connector, supervisor.view(tenant).orElse(jvm));
    }

    @Override
    public Optional<WorkerView> worker(String connector) {
        String tenant = tenantOf.get(connector);
        return tenant == null ? Optional.empty() : supervisor.view(tenant).map(jvm -> view(connector, jvm));
    }

    @Override
    public Set<String> connectors() {
        return new TreeSet<>(tenantOf.keySet());
    }

    @Override
    public ConnectorControl control(String connector) {
        HerderView herder = herders.get(connector);
        if (herder == null) {
            if (!tenantOf.containsKey(connector)) {
                throw new IllegalStateException("no herder for " + connector + " on this host");
            }
            return new StartingHerderControl();
        }
        return new RestConnectorControl(connector, new ConnectClient(herder.restUrl()), answered -> {
        });
    }

    /** The herder leaves its group; the tenant's JVM stops with its last herder, so an idle agent holds no JVM. */
    @Override
    public void remove(String connector) {
        String tenant = tenantOf.remove(connector);
        herders.remove(connector);
        if (tenant != null) {
            removeHerder(tenant, connector);
        }
    }

    /** The dense JVM's resident memory shared out evenly over the connectors it hosts. */
    @Override
    public Optional<WorkerUsage> usage(String connector) {
        String tenant = tenantOf.get(connector);
        if (tenant == null) {
            return Optional.empty();
        }
        long hosted = Math.max(1, tenantOf.values().stream().filter(tenant::equals).count());
        return supervisor.view(tenant).map(WorkerView::pid).flatMap(ResidentMemory::ofProcess)
                .map(bytes -> new WorkerUsage(bytes / hosted));
    }

    @Override
    public Optional<Path> logFile(String connector) {
        return Optional.ofNullable(tenantOf.get(connector)).flatMap(supervisor::logFile);
    }

    @Override
    public long residentBytes() {
        return supervisor.residentBytes();
    }

    @Override
    public void killAll() {
        supervisor.killAll();
    }

    /** The pid of the JVM hosting the connector's herder (tests kill it). */
    public Optional<Long> jvmPid(String connector) {
        return worker(connector).map(WorkerView::pid);
    }

    /**
     * A connector's worker settings with its memory bounded: Kafka's client defaults (50 MiB per fetch, 32 MiB of
     * producer buffer) are sized for a JVM of its own. A value the connector's client properties set is kept.
     */
    static SortedMap<String, String> withMemoryBounds(SortedMap<String, String> settings) {
        SortedMap<String, String> bounded = new TreeMap<>(settings);
        // each herder's REST API answers its connector's task metrics for the agent's reports (worker-metrics)
        bounded.put("rest.extension.classes", TaskMetricsEndpoint.EXTENSION_CLASS);
        long partitionFetch = bytes(settings, "consumer.max.partition.fetch.bytes", PARTITION_FETCH_MAX_BYTES);
        bounded.putIfAbsent("consumer.max.partition.fetch.bytes", Long.toString(partitionFetch));
        bounded.putIfAbsent("consumer.fetch.max.bytes", Long.toString(Math.max(FETCH_MAX_BYTES, partitionFetch)));
        bounded.putIfAbsent("producer.buffer.memory", Long.toString(PRODUCER_BUFFER_BYTES));
        return bounded;
    }

    private static long bytes(Map<String, String> settings, String key, long fallback) {
        try {
            return settings.containsKey(key) ? Long.parseLong(settings.get(key).trim()) : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private void removeHerder(String tenant, String connector) {
        hosted.remove(tenant);
        Optional<WorkerView> jvm = supervisor.view(tenant).filter(WorkerView::alive);
        if (jvm.isEmpty()) {
            // down: make sure it does not start this herder again when it comes back
            try {
                Files.deleteIfExists(DenseProtocol.herderSpecFile(denseDir.resolve(tenant), connector));
            } catch (IOException e) {
                throw new UncheckedIOException("could not forget the herder of " + connector, e);
            }
        } else {
            try {
                call("DELETE", jvm.get(), herderPath(connector), null, Void.class);
            } catch (ControlException e) {
                if (e.status != 404) {
                    throw new IllegalStateException("removing the herder of " + connector + " failed: "
                            + e.getMessage(), e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("the dense worker " + tenant + " did not answer", e);
            }
        }
        if (!tenantOf.containsValue(tenant)) {
            LOG.info("the dense worker {} hosts no connector any more; stopping it", tenant);
            supervisor.remove(tenant);
        }
    }

    private WorkerView view(String connector, WorkerView jvm) {
        HerderView herder = herders.get(connector);
        // A JVM that is up but whose control channel does not answer yet is starting: the herder follows.
        boolean alive = jvm.alive() && (herder == null || HerderView.RUNNING.equals(herder.state()));
        boolean running = alive && herder != null;
        return new WorkerView(connector, jvm.pid(), alive, running,
                herder == null ? jvm.restUrl() : herder.restUrl(),
                jvm.restarts() + (herder == null ? 0 : herder.restarts()), jvm.lastExit(), jvm.nextStartAt());
    }

    private SortedMap<String, String> jvmSettings() {
        SortedMap<String, String> settings = new TreeMap<>();
        settings.put("plugin.path", pluginPath.toString());
        settings.put("plugin.discovery", "service_load");
        settings.put(DenseProtocol.TOKEN_SETTING, token);
        return settings;
    }

    private HerderView put(String tenant, WorkerView jvm, String connector, SortedMap<String, String> settings)
            throws IOException {
        hosted.remove(tenant);
        return call("PUT", jvm, herderPath(connector), new HerderSpec(settings), HerderView.class);
    }

    /**
     * The herders the tenant's JVM hosts, asked at most every {@link #HOSTED_TTL}: one call per pass over all its
     * connectors instead of a PUT per connector, which with 40 connectors made a pass take seconds.
     */
    private Map<String, HerderView> hostedBy(String tenant, WorkerView jvm) throws IOException {
        Hosted cached = hosted.get(tenant);
        long now = System.nanoTime();
        if (cached == null || !java.util.Objects.equals(cached.pid(), jvm.pid()) || now - cached.at > HOSTED_TTL.toNanos()) {
            Map<String, HerderView> byName = new java.util.HashMap<>();
            herdersOf(tenant).forEach(view -> byName.put(view.name(), view));
            cached = new Hosted(jvm.pid(), now, byName);
            hosted.put(tenant, cached);
        }
        return cached.herders();
    }

    private record Hosted(Long pid, long at, Map<String, HerderView> herders) {
    }

    private List<HerderView> herdersOf(String tenant) throws IOException {
        WorkerView jvm = supervisor.view(tenant).orElseThrow();
        return call("GET", jvm, DenseProtocol.HERDERS_PATH, null, new TypeReference<List<HerderView>>() {
        });
    }

    private static String herderPath(String connector) {
        return DenseProtocol.HERDERS_PATH + "/" + java.net.URLEncoder.encode(connector, StandardCharsets.UTF_8);
    }

    private <T> T call(String method, WorkerView jvm, String path, Object body, Class<T> type) throws IOException {
        byte[] reply = send(method, jvm, path, body);
        return type == Void.class || reply.length == 0 ? null : Json.MAPPER.readValue(reply, type);
    }

    private <T> T call(String method, WorkerView jvm, String path, Object body, TypeReference<T> type)
            throws IOException {
        return Json.MAPPER.readValue(send(method, jvm, path, body), type);
    }

    private byte[] send(String method, WorkerView jvm, String path, Object body) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(jvm.restUrl() + path)).timeout(CALL_TIMEOUT)
                .header(DenseProtocol.TOKEN_HEADER, token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body)))
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() / 100 != 2) {
                throw new ControlException(response.statusCode(),
                        new String(response.body(), StandardCharsets.UTF_8));
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** A JVM of its own per Kafka instance: herders of one tenant share it, another tenant's never do. */
    static String tenantKey(String bootstrapServers) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(bootstrapServers).getBytes(StandardCharsets.UTF_8));
            return "tenant-" + HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The control channel's token: kept across agent restarts so an adopted JVM still accepts this agent. */
    private static String tokenIn(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            Files.createDirectories(file.getParent());
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String token = HexFormat.of().formatHex(random);
            Files.writeString(file, token, StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            return token;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read or create " + file, e);
        }
    }

    /** The dense JVM answered with an error. */
    private static final class ControlException extends IOException {
        final int status;

        ControlException(int status, String message) {
            super("answered " + status + ": " + message);
            this.status = status;
        }
    }
}
