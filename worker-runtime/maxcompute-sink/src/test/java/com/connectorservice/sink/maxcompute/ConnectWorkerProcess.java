package com.connectorservice.sink.maxcompute;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * A stock Kafka Connect distributed worker in a child JVM: Kafka's jars from the test class path, our
 * connector only through {@code plugin.path} (the plugin directory built in the package phase). It can
 * be killed hard to simulate a crash.
 */
final class ConnectWorkerProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final int port;
    private final Path log;

    ConnectWorkerProcess(String bootstrapServers, String group, Path workDir, Map<String, String> extra) throws Exception {
        port = freePort();
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("group.id", group);
        props.put("config.storage.topic", group + "-config");
        props.put("offset.storage.topic", group + "-offset");
        props.put("status.storage.topic", group + "-status");
        props.put("config.storage.replication.factor", "1");
        props.put("offset.storage.replication.factor", "1");
        props.put("status.storage.replication.factor", "1");
        props.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        props.put("listeners", "http://127.0.0.1:" + port);
        props.put("plugin.path", pluginPath());
        props.put("plugin.discovery", "service_load");
        props.putAll(extra);
        Path config = workDir.resolve("worker-" + port + ".properties");
        try (var out = Files.newOutputStream(config)) {
            props.store(out, null);
        }
        Path log = workDir.resolve("worker-" + port + ".log");
        this.log = log;
        process = new ProcessBuilder(javaBin(), "-Xmx768m", "-XX:+UseSerialGC", "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true", "-cp", kafkaClassPath(),
                "org.apache.kafka.connect.cli.ConnectDistributed", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> get("/connector-plugins").statusCode() == 200);
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Keeps the worker's log where the build leaves it (crash.logs.dir), to read after a failure. */
    void keepLog() throws IOException {
        String dir = System.getProperty("crash.logs.dir");
        if (dir != null) {
            Files.createDirectories(Path.of(dir));
            Files.copy(log, Path.of(dir).resolve(log.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Like a power cut: no shutdown hooks, no final offset commit. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws Exception {
        keepLog();
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    static String pluginPath() {
        String pluginDir = System.getProperty("maxcompute.plugin.dir");
        if (pluginDir == null || !Files.isDirectory(Path.of(pluginDir))) {
            throw new IllegalStateException("Plugin directory " + pluginDir + " missing: run the package phase"
                    + " (./mvnw -pl worker-runtime/maxcompute-sink verify)");
        }
        return Path.of(pluginDir).getParent().toString();
    }

    /** The test class path minus this module, the SDK and the test libraries: what a stock worker has. */
    private static String kafkaClassPath() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(classPath.split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar"))
                .filter(entry -> !entry.contains("/com/connectorservice/") && !entry.contains("/com/aliyun/")
                        && !entry.contains("/maxcompute-sink/")
                        && !entry.contains("junit") && !entry.contains("assertj") && !entry.contains("awaitility"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
