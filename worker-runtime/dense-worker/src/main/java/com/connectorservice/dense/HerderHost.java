package com.connectorservice.dense;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;

import org.apache.kafka.connect.cli.ConnectDistributed;
import org.apache.kafka.connect.connector.policy.ConnectorClientConfigOverridePolicy;
import org.apache.kafka.connect.runtime.WorkerConfig;
import org.apache.kafka.connect.runtime.distributed.DistributedConfig;
import org.apache.kafka.connect.runtime.distributed.DistributedHerder;
import org.apache.kafka.connect.runtime.isolation.Plugins;
import org.apache.kafka.connect.runtime.rest.ConnectRestServer;
import org.apache.kafka.connect.runtime.rest.RestClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.connectorservice.dense.DenseProtocol.HerderView;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The herders of one dense JVM, one per connector, each built the way {@code ConnectDistributed} builds its only one:
 * its own {@link DistributedConfig} (group, internal topics, clients), REST client and REST server, and worker; only
 * the {@link Plugins} are shared. Each herder keeps its own Connect REST server so that, to the agent and to the
 * members of its group on other hosts (replicas, process-runtime workers), it is indistinguishable from a
 * {@code ConnectDistributed} worker: same API, same leader forwarding, same REST extensions.
 */
final class HerderHost {

    private static final Logger LOG = LoggerFactory.getLogger(HerderHost.class);
    private static final String CLIENT_ID = "client.id";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path jvmDir;
    private final Path stateDir;
    private final Plugins plugins;
    private final String listenHost;
    private final String advertisedHost;
    private final HerderFactory factory = new HerderFactory();
    private final Map<String, HostedHerder> herders = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final ExecutorService stopper = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "dense-herder-stopper");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * @param stateDir where each hosted herder's spec is kept ({@code herders/<connector>.json}, owner-only), so a JVM
     *                 restarted after a crash starts all its herders at once, without waiting for the agent
     */
    HerderHost(Plugins plugins, String listenHost, String advertisedHost, Path stateDir) {
        this.jvmDir = stateDir;
        this.stateDir = stateDir.resolve("herders");
        this.plugins = plugins;
        this.listenHost = listenHost;
        this.advertisedHost = advertisedHost;
    }

    /** Starts the connector's herder, or replaces it when its settings changed or it failed. */
    HerderView put(String connector, Map<String, String> settings) throws IOException {
        synchronized (lock(connector)) {
            HostedHerder current = herders.get(connector);
            if (current != null && current.failure == null && current.settings.equals(settings)) {
                return current.view();
            }
            int restarts = 0;
            if (current != null) {
                restarts = current.failure == null ? current.restarts : current.restarts + 1;
                LOG.info("replacing the herder of {} ({})", connector,
                        current.failure == null ? "its settings changed" : "it failed: " + current.failure);
                herders.remove(connector);
                current.stop();
            }
            HostedHerder started = start(connector, settings);
            started.restarts = restarts;
            herders.put(connector, started);
            persist(connector, settings);
            return started.view();
        }
    }

    /** The herder leaves its group and stops; the connector's config stays in its config topic. */
    boolean remove(String connector) {
        synchronized (lock(connector)) {
            HostedHerder herder = herders.remove(connector);
            forget(connector);
            if (herder == null) {
                return false;
            }
            herder.stop();
            return true;
        }
    }

    /**
     * Starts the herders this JVM hosted before it was killed, two at a time: each resumes from its connector's
     * committed offsets as soon as it joined its group. The agent's next PUT of the same settings finds it running.
     */
    void restore() {
        List<HerderSpecFile> specs;
        try (Stream<Path> files = Files.list(stateDir)) {
            specs = files.filter(file -> file.toString().endsWith(".json")).map(HerderHost::read)
                    .flatMap(Optional::stream).toList();
        } catch (IOException e) {
            return; // nothing hosted yet
        }
        if (specs.isEmpty()) {
            return;
        }
        LOG.info("restoring the herders of {}", specs.stream().map(HerderSpecFile::name).toList());
        ExecutorService restorers = Executors.newFixedThreadPool(2, runnable -> new Thread(runnable, "dense-restore"));
        for (HerderSpecFile spec : specs) {
            restorers.execute(() -> {
                try {
                    put(spec.name(), spec.settings());
                } catch (IOException | RuntimeException e) {
                    LOG.warn("could not restore the herder of {}; the agent will start it", spec.name(), e);
                }
            });
        }
        restorers.shutdown();
    }

    List<HerderView> views() {
        return herders.values().stream().map(HostedHerder::view).sorted(Comparator.comparing(HerderView::name))
                .toList();
    }

    Optional<HerderView> view(String connector) {
        return Optional.ofNullable(herders.get(connector)).map(HostedHerder::view);
    }

    /** Stops every herder at once, in parallel: each leaving its group takes about a second. */
    void stopAll() {
        List<Thread> stopping = herders.keySet().stream()
                .map(name -> {
                    Thread thread = new Thread(() -> remove(name), "dense-stop-" + name);
                    thread.start();
                    return thread;
                }).toList();
        for (Thread thread : stopping) {
            try {
                thread.join(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Connect calls {@code Exit.exit} when a herder's thread dies. In a dense JVM only that herder is lost: it is
     * marked failed and stopped, and the agent's next reconcile replaces it. A call from any other thread ends the JVM
     * as usual (the agent restarts it).
     */
    void exitRequested(int statusCode, String message) {
        String thread = Thread.currentThread().getName();
        Optional<HostedHerder> owner = herders.values().stream().filter(herder -> herder.ownsThread(thread))
                .findFirst();
        if (owner.isEmpty()) {
            LOG.error("exit {} requested by thread {} ({}); ending the dense worker", statusCode, thread, message);
            Runtime.getRuntime().halt(statusCode);
            return;
        }
        HostedHerder herder = owner.get();
        herder.failure = "its herder exited with " + statusCode + (message == null ? "" : ": " + message);
        LOG.error("the herder of {} failed ({}); its neighbours keep running", herder.connector, herder.failure);
        stopper.execute(herder::stop);
    }

    private record HerderSpecFile(String name, Map<String, String> settings) {
    }

    private static Optional<HerderSpecFile> read(Path file) {
        try {
            return Optional.of(JSON.readValue(file.toFile(), HerderSpecFile.class));
        } catch (IOException e) {
            LOG.warn("unreadable herder spec {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    private Path specFile(String connector) {
        return DenseProtocol.herderSpecFile(jvmDir, connector);
    }

    /** Settings may hold client credentials that are not secret references: owner-only, like worker.properties. */
    private void persist(String connector, Map<String, String> settings) throws IOException {
        Files.createDirectories(stateDir);
        Path temporary = Files.createTempFile(stateDir, "herder", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        JSON.writeValue(temporary.toFile(), new HerderSpecFile(connector, new java.util.TreeMap<>(settings)));
        Files.move(temporary, specFile(connector), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void forget(String connector) {
        try {
            Files.deleteIfExists(specFile(connector));
        } catch (IOException e) {
            LOG.warn("could not delete the herder spec of {}: {}", connector, e.toString());
        }
    }

    private Object lock(String connector) {
        return locks.computeIfAbsent(connector, name -> new Object());
    }

    private HostedHerder start(String connector, Map<String, String> settings) throws IOException {
        long startedAt = System.nanoTime();
        int port = freePort();
        Map<String, String> properties = new HashMap<>(settings);
        properties.put("listeners", url(listenHost, port));
        properties.put("rest.advertised.host.name", advertisedHost);
        properties.put("rest.advertised.port", Integer.toString(port));
        // Connect names the herder's threads and clients after it: unique per herder, so a failing thread is
        // traced to its herder and client metrics do not collide.
        properties.putIfAbsent(CLIENT_ID, "dense-" + connector);
        DistributedConfig config = factory.config(properties);
        RestClient restClient = new RestClient(config);
        ConnectRestServer rest = new ConnectRestServer(config.rebalanceTimeout(), restClient, config.originals());
        DistributedHerder herder = null;
        try {
            rest.initializeServer();
            URI advertised = rest.advertisedUrl();
            ConnectorClientConfigOverridePolicy policy = plugins.newPlugin(
                    config.getString(WorkerConfig.CONNECTOR_CLIENT_POLICY_CLASS_CONFIG), config,
                    ConnectorClientConfigOverridePolicy.class);
            herder = factory.herder(config, advertised.getHost() + ":" + advertised.getPort(), plugins, policy, rest,
                    restClient);
            herder.start();
            rest.initializeResources(herder);
            LOG.info("started the herder of {} on {} in {} ms", connector, advertised,
                    (System.nanoTime() - startedAt) / 1_000_000);
            return new HostedHerder(connector, new HashMap<>(settings), properties.get(CLIENT_ID), rest, herder,
                    advertised.toString().replaceAll("/+$", ""));
        } catch (RuntimeException e) {
            rest.stop();
            if (herder != null) {
                herder.stop();
            }
            throw e;
        }
    }

    private int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getByName(listenHost))) {
            return socket.getLocalPort();
        }
    }

    private static String url(String host, int port) {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** {@code ConnectDistributed}'s own construction of a herder and its config, without its JVM-wide steps. */
    private static final class HerderFactory extends ConnectDistributed {

        DistributedConfig config(Map<String, String> properties) {
            return createConfig(properties);
        }

        DistributedHerder herder(DistributedConfig config, String workerId, Plugins plugins,
                                 ConnectorClientConfigOverridePolicy policy, ConnectRestServer rest,
                                 RestClient restClient) {
            return createHerder(config, workerId, plugins, policy, rest, restClient);
        }
    }

    private static final class HostedHerder {

        final String connector;
        final Map<String, String> settings;
        final String clientId;
        final ConnectRestServer rest;
        final DistributedHerder herder;
        final String restUrl;
        volatile String failure;
        volatile int restarts;
        private boolean stopped;

        HostedHerder(String connector, Map<String, String> settings, String clientId, ConnectRestServer rest,
                     DistributedHerder herder, String restUrl) {
            this.connector = connector;
            this.settings = settings;
            this.clientId = clientId;
            this.rest = rest;
            this.herder = herder;
            this.restUrl = restUrl;
        }

        /** Connect names the herder's work thread {@code DistributedHerder-<client.id>-<n>}. */
        boolean ownsThread(String thread) {
            return thread.contains("-" + clientId + "-");
        }

        synchronized void stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            long startedAt = System.nanoTime();
            try {
                rest.stop();
            } catch (RuntimeException e) {
                LOG.warn("stopping the REST server of {} failed", connector, e);
            }
            try {
                herder.stop();
            } catch (RuntimeException e) {
                LOG.warn("stopping the herder of {} failed", connector, e);
            }
            LOG.info("stopped the herder of {} in {} ms", connector, (System.nanoTime() - startedAt) / 1_000_000);
        }

        HerderView view() {
            return new HerderView(connector, restUrl, settings,
                    failure == null ? HerderView.RUNNING : HerderView.FAILED, failure, restarts);
        }
    }
}
