package com.connectorservice.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An unmodified Kafka Connect distributed worker ({@code ConnectDistributed}) in its own JVM, started from
 * Kafka's jars on the test class path only: a plugin reaches it solely through {@code plugin.path}, the way a
 * self-managed cluster gets it. Driven over its REST API (on an ephemeral port); it can be killed like a
 * power cut to test crash recovery.
 *
 * <p>If the system property {@value #LOGS_DIR_PROPERTY} names a directory, the worker's log is copied there
 * on {@link #close()}, to read after a failed build.
 */
public final class ConnectWorkerProcess implements AutoCloseable {

    public static final String LOGS_DIR_PROPERTY = "connect.worker.logs.dir";

    private static final Pattern REST_URL = Pattern.compile("REST server listening at (http://[^/\\s,]+)/");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    /** Class path entries a stock worker does not have: our modules, the cloud SDKs and their libraries, test tools. */
    private static final List<String> NOT_KAFKA = List.of("/com/connectorservice/", "/com/aliyun/", "/com/google/",
            "/joda-time/", "/com/lmax/", "junit", "assertj", "awaitility", "/io/zonky/", "/org/postgresql/");
    private static final List<String> DEFAULT_JVM_OPTIONS = List.of("-Xmx768m", "-XX:+UseSerialGC");

    private final Process process;
    private final Thread orphanGuard;
    private final Path log;
    private final String restUrl;

    /**
     * Starts a worker of Connect cluster {@code group} (its config, offset and status topics are named after
     * it) and waits until its REST API answers.
     *
     * @param pluginPath the worker's {@code plugin.path}: the directory holding the plugin directories
     * @param workDir    a directory of its own is created in it for the worker's properties and log
     * @param overrides  worker properties set after (and over) the defaults
     */
    public ConnectWorkerProcess(String bootstrapServers, String group, Path pluginPath, Path workDir,
                                Map<String, String> overrides) throws IOException, InterruptedException {
        this(bootstrapServers, group, pluginPath, workDir, overrides, DEFAULT_JVM_OPTIONS);
    }

    /**
     * As above, with the worker JVM's flags (heap, GC, logging), e.g. the ones the agent starts its workers with.
     */
    public ConnectWorkerProcess(String bootstrapServers, String group, Path pluginPath, Path workDir,
                                Map<String, String> overrides, List<String> jvmOptions) throws IOException, InterruptedException {
        Properties worker = new Properties();
        worker.put("bootstrap.servers", bootstrapServers);
        worker.put("group.id", group);
        for (String store : List.of("config", "offset", "status")) {
            worker.put(store + ".storage.topic", group + "-" + store);
            worker.put(store + ".storage.replication.factor", "1");
        }
        worker.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        worker.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        worker.put("offset.flush.interval.ms", "1000");
        // A killed worker's tasks move to the next one at once instead of after the default 5 minute grace,
        // and its sink consumers leave the group after 10 s instead of 45 s.
        worker.put("scheduled.rebalance.max.delay.ms", "0");
        worker.put("consumer.session.timeout.ms", "10000");
        worker.put("listeners", "http://127.0.0.1:0");
        worker.put("plugin.path", pluginPath.toString());
        worker.put("plugin.discovery", "service_load");
        worker.putAll(overrides);
        Path dir = Files.createTempDirectory(Files.createDirectories(workDir), "connect-worker-");
        Path properties = dir.resolve("worker.properties");
        try (var out = Files.newOutputStream(properties)) {
            worker.store(out, "stock Connect worker started by a test");
        }
        log = dir.resolve("worker.log");
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", stockWorkerClassPath(), "org.apache.kafka.connect.cli.ConnectDistributed",
                properties.toString()));
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        // A test JVM that exits without closing it (a failed assertion before close, a fork ended by its timeout)
        // would otherwise leave the worker running, holding ports and CPU for the tests after it.
        orphanGuard = new Thread(process::destroyForcibly, "stop-orphaned-connect-worker-" + process.pid());
        Runtime.getRuntime().addShutdownHook(orphanGuard);
        try {
            restUrl = awaitRestUrl(Duration.ofSeconds(120));
            awaitAnswer(Duration.ofSeconds(60));
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(restUrl + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return send("POST", path, json);
    }

    public HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(restUrl + path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Like a power cut: no shutdown hooks, no last offset commit, requests in flight cut off. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** The worker's process id, e.g. to read its CPU time. */
    public long pid() {
        return process.pid();
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            Runtime.getRuntime().removeShutdownHook(orphanGuard);
        } catch (IllegalStateException shuttingDown) {
            // the hook stops the worker anyway
        }
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                kill();
            }
        }
        String logsDir = System.getProperty(LOGS_DIR_PROPERTY);
        if (logsDir != null) {
            Path target = Files.createDirectories(Path.of(logsDir)).resolve(log.getParent().getFileName() + ".log");
            Files.copy(log, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private String awaitRestUrl(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Connect worker exited: " + log());
            }
            Matcher matcher = REST_URL.matcher(log());
            if (matcher.find()) {
                return matcher.group(1);
            }
            Thread.sleep(300);
        }
        throw new IllegalStateException("Connect worker did not start its REST server within " + timeout + ": " + log());
    }

    private void awaitAnswer(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                if (get("/connectors").statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                if (System.nanoTime() >= deadline) {
                    throw new UncheckedIOException("Connect worker's REST API did not answer within " + timeout, notYet);
                }
            }
            if (System.nanoTime() >= deadline) {
                throw new IllegalStateException("Connect worker's REST API did not answer within " + timeout);
            }
            Thread.sleep(300);
        }
    }

    /**
     * The test class path without the module under test (its classes or jar), our other modules, the cloud
     * SDKs and their libraries, test jars or test libraries: what a stock worker has.
     */
    public static String stockWorkerClassPath() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String moduleUnderTest = Path.of(System.getProperty("user.dir")).toAbsolutePath() + File.separator;
        return Stream.of(classPath.split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar") && !entry.endsWith("-test.jar") && !entry.endsWith("-tests.jar"))
                .filter(entry -> !Path.of(entry).toAbsolutePath().toString().startsWith(moduleUnderTest))
                .filter(entry -> NOT_KAFKA.stream().noneMatch(entry::contains))
                .collect(Collectors.joining(File.pathSeparator));
    }
}
