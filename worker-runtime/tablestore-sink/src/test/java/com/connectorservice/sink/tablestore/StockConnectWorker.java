package com.connectorservice.sink.tablestore;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An unmodified {@code ConnectDistributed} worker in its own JVM, started from Kafka's jars only: the
 * Tablestore plugin reaches it solely through {@code plugin.path}, the way a self-managed cluster
 * gets it. Driven over its REST API.
 */
final class StockConnectWorker implements AutoCloseable {

    private static final Pattern REST_URL = Pattern.compile("REST server listening at (http://[^/\\s,]+)/");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final Process process;
    private final Path log;
    private final String restUrl;

    StockConnectWorker(String bootstrapServers, Path pluginDirectory, Path workDirectory) throws Exception {
        Properties worker = new Properties();
        worker.put("bootstrap.servers", bootstrapServers);
        worker.put("group.id", "connect-cluster-stock");
        for (String store : List.of("config", "offset", "status")) {
            worker.put(store + ".storage.topic", "connect-" + store + "-stock");
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
        worker.put("plugin.path", pluginDirectory.toString());
        worker.put("plugin.discovery", "service_load");
        Path properties = workDirectory.resolve("worker.properties");
        try (var out = Files.newOutputStream(properties)) {
            worker.store(out, "stock Connect worker for the Tablestore plugin test");
        }
        log = workDirectory.resolve("worker.log");
        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+UseSerialGC", "-cp", kafkaOnlyClassPath(),
                "org.apache.kafka.connect.cli.ConnectDistributed", properties.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        restUrl = await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(this::advertisedRestUrl, url -> url != null);
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions()
                .until(() -> get("/connectors").statusCode() == 200);
    }

    private String advertisedRestUrl() throws IOException {
        if (!process.isAlive()) {
            throw new IllegalStateException("Connect worker exited: " + Files.readString(log));
        }
        Matcher matcher = REST_URL.matcher(Files.readString(log));
        return matcher.find() ? matcher.group(1) : null;
    }

    /** The test class path without this module, its SDK and dependencies, or test libraries. */
    private static String kafkaOnlyClassPath() {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Stream.of(classPath.split(File.pathSeparator))
                .filter(entry -> entry.endsWith(".jar") && !entry.endsWith("-test.jar"))
                .filter(entry -> Stream.of("/com/connectorservice/", "/com/aliyun/", "/com/google/", "/joda-time/",
                        "/com/lmax/", "junit", "assertj", "awaitility").noneMatch(entry::contains))
                .collect(Collectors.joining(File.pathSeparator));
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(restUrl + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(restUrl + path)).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Like a power cut: no shutdown hooks, no last offset commit, requests in flight cut off. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
