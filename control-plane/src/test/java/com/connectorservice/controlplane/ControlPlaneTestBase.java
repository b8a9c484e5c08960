package com.connectorservice.controlplane;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import static org.assertj.core.api.Assertions.assertThat;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.connectorservice.testing.KafkaBroker;

/**
 * Every test class extends this, so all share one Spring context (real HTTP on a random port), one
 * PostgreSQL and one Kafka broker. Tests isolate themselves by unique instance, connector and topic names.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ControlPlaneTestBase {

    static final String ADMIN_TOKEN = "test-admin-token-0123456789";
    static final String AGENT_TOKEN = "test-agent-token-0123456789";
    /** The one agent id the built-in {@link #AGENT_TOKEN} may act as. */
    static final String BUILT_IN_AGENT_ID = "test-built-in-agent";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @LocalServerPort
    int port;

    Api api;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", SharedInfrastructure::jdbcUrl);
        registry.add("spring.datasource.username", () -> "postgres");
        // PostgreSQL stops before the context closes at the end of the run; Quartz's cluster check-ins meanwhile make the
        // pool try to reconnect, and closing it waits up to this long for that attempt (the default 30 s outlasts surefire)
        registry.add("spring.datasource.hikari.connection-timeout", () -> "3000");
        registry.add("connectors.secrets.key", () -> Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes()));
        registry.add("connectors.security.admin-token", () -> ADMIN_TOKEN);
        registry.add("connectors.security.agent-token", () -> AGENT_TOKEN);
        registry.add("connectors.security.agent-token-agent-id", () -> BUILT_IN_AGENT_ID);
        registry.add("connectors.deployment.lease", () -> "4s");
        registry.add("connectors.deployment.heartbeat-interval", () -> "1s");
        registry.add("connectors.metrics.sample-interval", () -> "1s");
        registry.add("connectors.deployment.placement-interval", () -> "500ms");
        registry.add("connectors.deployment.delete-stop-timeout", () -> "20s");
        registry.add("connectors.kafka.api-timeout", () -> "15s");
        registry.add("connectors.kafka.probe-timeout", () -> "3s");
    }

    @BeforeEach
    void connectApi() {
        api = new Api(port, ADMIN_TOKEN);
    }

    static KafkaBroker kafka() {
        return SharedInfrastructure.KAFKA;
    }

    /** Creates a topic and waits until the broker's metadata serves it, as a user's topic would be. */
    static void createTopic(String name, int partitions, Map<String, String> config) {
        kafka().createTopic(name, partitions, config);
        try (Admin admin = kafka().admin()) {
            Awaitility.await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() ->
                    admin.describeTopics(List.of(name)).allTopicNames().get().get(name).partitions().size() == partitions);
        }
    }

    /** The broker's topic list lags its controller a little after a create: wait for the names to show. */
    static void awaitTopicsPresent(String... names) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(kafka().topicNames()).contains(names));
    }

    static void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /** A name unique in this JVM, valid as connector name, instance id and topic name. */
    static String unique(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 100000, 36);
    }

    /** Issues an AGENT token bound to {@code agentId} (as an operator does for each agent host) and answers it. */
    String agentToken(String agentId) {
        Api.Response issued = api.post("/api/v1/tokens", Map.of("name", unique("agent"), "role", "AGENT", "agentId", agentId));
        if (issued.status() != 201) {
            throw new IllegalStateException("agent token not issued: " + issued.raw());
        }
        return issued.body().path("token").asString();
    }

    /** Registers the shared broker as a new instance and answers its id. */
    /** The statuses of four requests sent at once, in order. */
    static List<Integer> atOnce(Supplier<Api.Response> request) {
        List<CompletableFuture<Api.Response>> sent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sent.add(CompletableFuture.supplyAsync(request));
        }
        return sent.stream().map(CompletableFuture::join).map(Api.Response::status).sorted().toList();
    }

    String createInstance() {
        String id = unique("kafka");
        Api.Response response = api.post("/api/v1/instances", Map.of("id", id, "name", "test cluster",
                "bootstrapServers", kafka().bootstrapServers()));
        if (response.status() != 201) {
            throw new IllegalStateException("instance not created: " + response.raw());
        }
        return id;
    }

    static Map<String, Object> maxComputeDestination() {
        Map<String, Object> destination = new LinkedHashMap<>();
        destination.put("type", "MAXCOMPUTE");
        destination.put("endpoint", "http://service.cn-hangzhou.maxcompute.aliyun.com/api");
        destination.put("project", "connector_test");
        destination.put("table", "test_kafka");
        destination.put("region", "cn-hangzhou");
        destination.put("auth", new LinkedHashMap<>(Map.of("type", "ACCESS_KEY", "accessKeyId", "LTAI5tExampleId",
                "accessKeySecret", "S3cretValueThatMustNeverLeak")));
        return destination;
    }

    static Map<String, Object> definition(String name, String sourceTopic) {
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("topic", sourceTopic);
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("name", name);
        definition.put("description", "export for tests");
        definition.put("source", source);
        definition.put("destination", maxComputeDestination());
        return definition;
    }

    /**
     * DELETE of a connector: answered 202 with the connector DELETING, then finished in the background; answers the
     * 202 response once GET says 404.
     */
    Api.Response deleteConnector(String connectorPath) {
        Api.Response accepted = api.delete(connectorPath);
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        assertThat(accepted.body().path("status").asString()).isEqualTo("DELETING");
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> api.get(connectorPath.replaceFirst("\\?.*$", "")).status() == 404);
        return accepted;
    }

    static String connectorsPath(String instanceId) {
        return "/api/v1/instances/" + instanceId + "/connectors";
    }

    static void execute(String sql, Object... params) {
        try (Connection connection = DriverManager.getConnection(SharedInfrastructure.jdbcUrl(), "postgres", "");
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads one column of one row with plain JDBC, bypassing the application. */
    static String queryString(String sql, Object... params) {
        try (Connection connection = DriverManager.getConnection(SharedInfrastructure.jdbcUrl(), "postgres", "");
                PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                statement.setObject(i + 1, params[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
