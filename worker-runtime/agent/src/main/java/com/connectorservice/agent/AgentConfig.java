package com.connectorservice.agent;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.connectorservice.agent.dense.DenseConnectorRuntime;
import com.connectorservice.agent.worker.WorkerAddress;
import com.connectorservice.agent.worker.WorkerLaunch;

/**
 * The agent's settings, all from environment variables (see {@link #fromEnvironment}).
 *
 * @param host              the name or address other hosts reach this host's Connect workers at: every worker
 *                          advertises it ({@code rest.advertised.host.name}) and, unless {@code listenAddress} says
 *                          otherwise, listens on it; the members of a connector's group forward to their leader there
 * @param listenAddress     the local address the workers' REST listeners bind, {@code 0.0.0.0} for every interface
 * @param secretsDir        where connector secrets are written; the connector configs refer to files in it by
 *                          absolute path, so all agents running replicas of one connector must use the same path
 * @param capacity          at most this many connectors on this host (the control plane places no more), whatever
 *                          their memory
 * @param memoryBudgetBytes what the agent and its worker JVMs may use together; the control plane places connectors
 *                          here while the measured use leaves room for one more
 * @param reconcileInterval how often the actual state is compared to the desired state
 * @param denseJvmOptions   the flags of the dense worker JVMs (one per Kafka instance), which host many connectors
 * @param workerStartTimeout how long a child worker may take until its REST API answers before it is restarted
 */
public record AgentConfig(String id, String host, String listenAddress, int capacity, long memoryBudgetBytes,
                          String version,
                          URI controlPlaneUrl, String token,
                          Path dataDir, Path secretsDir, WorkerLaunch workerLaunch, List<String> denseJvmOptions,
                          Duration reconcileInterval, Duration workerStartTimeout) {

    public static final String CONTROL_PLANE_URL = "CONNECTORS_CONTROL_PLANE_URL";
    public static final String TOKEN = "CONNECTORS_AGENT_TOKEN";
    public static final String ID = "CONNECTORS_AGENT_ID";
    public static final String ADVERTISED_HOST = "CONNECTORS_AGENT_ADVERTISED_HOST";
    public static final String LISTEN_ADDRESS = "CONNECTORS_AGENT_LISTEN_ADDRESS";
    public static final String CAPACITY = "CONNECTORS_AGENT_CAPACITY";
    public static final String MEMORY_BUDGET_MB = "CONNECTORS_AGENT_MEMORY_BUDGET_MB";
    /** Not a sizing: the control plane's upper bound. Placement is by memory. */
    static final int DEFAULT_CAPACITY = 1000;
    public static final String DATA_DIR = "CONNECTORS_AGENT_DATA_DIR";
    public static final String CONNECT_CLASSPATH = "CONNECTORS_AGENT_CONNECT_CLASSPATH";
    public static final String SECRETS_DIR = "CONNECTORS_AGENT_SECRETS_DIR";
    public static final String PLUGIN_PATH = "CONNECTORS_AGENT_PLUGIN_PATH";
    public static final String WORKER_JVM_OPTIONS = "CONNECTORS_AGENT_WORKER_JVM_OPTIONS";
    public static final String DENSE_JVM_OPTIONS = "CONNECTORS_AGENT_DENSE_JVM_OPTIONS";
    public static final String RECONCILE_INTERVAL_SECONDS = "CONNECTORS_AGENT_RECONCILE_INTERVAL_SECONDS";
    public static final String WORKER_START_TIMEOUT_SECONDS = "CONNECTORS_AGENT_WORKER_START_TIMEOUT_SECONDS";

    public Path workersDir() {
        return dataDir.resolve("workers");
    }

    /** Where the dense worker JVMs keep their state, apart from the process workers' {@link #workersDir()}. */
    public Path denseDir() {
        return dataDir.resolve("dense");
    }

    /** The dense worker JVMs run from the same distribution as the process workers, with their own JVM flags. */
    public WorkerLaunch denseLaunch() {
        return new WorkerLaunch(workerLaunch.javaExecutable(), denseJvmOptions, workerLaunch.classpath(),
                workerLaunch.pluginPath());
    }

    public WorkerAddress workerAddress() {
        return new WorkerAddress(host, listenAddress);
    }

    /** Reads the settings; a bad value fails with the variable's name and the rule it breaks. */
    public static AgentConfig fromEnvironment(Map<String, String> env) {
        String token = env.get(TOKEN);
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException(TOKEN + ": is required (the bearer token the control plane issued)");
        }
        String hostName = localHostName();
        String host = env.getOrDefault(ADVERTISED_HOST, hostName).trim();
        if (host.isEmpty() || host.contains("/") || host.contains(" ")) {
            throw new IllegalArgumentException(ADVERTISED_HOST + ": must be a host name or an IP address that the other"
                    + " agents' hosts reach this host at, was '" + host + "'");
        }
        String listenAddress = env.getOrDefault(LISTEN_ADDRESS, host).trim();
        Path dataDir = Path.of(env.getOrDefault(DATA_DIR, System.getProperty("user.home") + "/.connector-agent"))
                .toAbsolutePath();
        List<String> jvmOptions = jvmOptions(env, WORKER_JVM_OPTIONS, WorkerLaunch.DEFAULT_JVM_OPTIONS);
        WorkerLaunch launch = new WorkerLaunch(WorkerLaunch.currentJava(), jvmOptions,
                env.getOrDefault(CONNECT_CLASSPATH, defaultConnectClasspath()),
                Path.of(env.getOrDefault(PLUGIN_PATH, dataDir.resolve("plugins").toString())).toAbsolutePath());
        URI controlPlane;
        try {
            controlPlane = URI.create(env.getOrDefault(CONTROL_PLANE_URL, "http://localhost:8080"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(CONTROL_PLANE_URL + ": must be a URL such as http://host:8080", e);
        }
        return new AgentConfig(env.getOrDefault(ID, hostName), host, listenAddress, positive(env, CAPACITY, DEFAULT_CAPACITY),
                (long) positive(env, MEMORY_BUDGET_MB, defaultMemoryBudgetMb()) << 20,
                agentVersion(), controlPlane,
                token, dataDir,
                Path.of(env.getOrDefault(SECRETS_DIR, dataDir.resolve("secrets").toString())).toAbsolutePath(), launch,
                jvmOptions(env, DENSE_JVM_OPTIONS, DenseConnectorRuntime.DEFAULT_JVM_OPTIONS),
                Duration.ofSeconds(positive(env, RECONCILE_INTERVAL_SECONDS, 3)),
                Duration.ofSeconds(positive(env, WORKER_START_TIMEOUT_SECONDS, 120)));
    }

    /**
     * The agent's distribution ships Kafka Connect beside it ({@code lib/}): started with {@code java -jar}, the
     * children use {@code <jar dir>/lib/*}; started from a classpath (tests, IDE), they use that classpath.
     */
    static String defaultConnectClasspath() {
        try {
            Path location = Path.of(AgentConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (location.toString().endsWith(".jar")) {
                return location.resolveSibling("lib") + "/*";
            }
        } catch (Exception e) {
            // fall through to the JVM's classpath
        }
        return System.getProperty("java.class.path");
    }

    public static String agentVersion() {
        String version = AgentConfig.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /** Half the host's memory: the rest is the operating system's, the page cache's and other services'. */
    static int defaultMemoryBudgetMb() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        long total = os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getTotalMemorySize() : 4L << 30;
        return (int) Math.max(256, (total >> 20) / 2);
    }

    private static List<String> jvmOptions(Map<String, String> env, String name, List<String> fallback) {
        return env.containsKey(name)
                ? Arrays.stream(env.get(name).trim().split("\\s+")).filter(s -> !s.isEmpty()).toList()
                : fallback;
    }

    private static int positive(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + ": must be a positive whole number, was '" + value + "'");
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
