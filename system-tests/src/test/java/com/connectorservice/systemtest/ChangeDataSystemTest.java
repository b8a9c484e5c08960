package com.connectorservice.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.connectorservice.testing.ConnectWorkerProcess;
import com.fasterxml.jackson.databind.JsonNode;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Issue 16's acceptance through the REST API, as a user runs change data: a real PostgreSQL (wal_level=logical)
 * captured by Debezium's stock PostgreSQL connector in a stock Connect worker onto one change topic, and our
 * MaxCompute sink created with {@code POST} on the control plane (format DEBEZIUM_JSON, table {@code {table}}) and
 * deployed by our agent. The keyed table becomes a Delta table and the keyless one an append table, both created by
 * the sink; after inserts, updates, deletes, an added column, an INT widened to BIGINT and a kill -9 of the worker
 * running the sink mid-stream, the Delta table equals PostgreSQL row by row and the append table holds every insert
 * and update (at least once: see the known gap below).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Order(0) // first: it kills its worker, and needs the agents as they start (SyncJobSystemTest kills them later)
class ChangeDataSystemTest {

    private static final String INSTANCE = "kafka-cdc";
    private static final String CONNECTOR = "mc-cdc";
    /** Both tables' change events, routed onto one topic (the REST definition reads one topic). */
    private static final String TOPIC = "pg.changes";
    private static final int ROWS = 10_000;
    private static final Duration CHANGES_TIMEOUT = Duration.ofSeconds(180);

    private SystemStack stack;
    private Rest api;
    private DestinationReaders readers;
    private Path workDir;
    private EmbeddedPostgres postgres;
    private Connection db;
    private ConnectWorkerProcess debezium;
    private final Map<String, String> figures = new LinkedHashMap<>();

    @BeforeAll
    void startSources() throws Exception {
        stack = SystemStack.shared();
        api = stack.api;
        readers = new DestinationReaders(stack);
        workDir = Files.createDirectories(stack.directory.resolve("change-data"));
        postgres = EmbeddedPostgres.builder().setDataDirectory(workDir.resolve("postgres")).setCleanDataDirectory(true)
                .setServerConfig("wal_level", "logical").setServerConfig("max_wal_senders", "4")
                .setServerConfig("max_replication_slots", "4").start();
        db = postgres.getPostgresDatabase().getConnection();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).until(() -> {
            int status = api.post("/api/v1/instances", Map.of("id", INSTANCE, "name", "change data cluster",
                    "bootstrapServers", stack.kafka.bootstrapServers())).status();
            return status == 201 || status == 409;
        });
    }

    @AfterAll
    void stopSources() throws Exception {
        figures.forEach((name, value) -> System.out.println("FIGURE " + name + ": " + value));
        if (debezium != null) {
            debezium.close();
        }
        if (db != null) {
            db.close();
        }
        if (postgres != null) {
            postgres.close();
        }
        if (readers != null) {
            readers.close();
        }
    }

    @Test
    void postgresChangesThroughDebeziumAndARestCreatedSinkEndEqualInMaxComputeThroughAWorkerKill() throws Exception {
        sql("CREATE TABLE customers (id BIGINT PRIMARY KEY, name TEXT, visits INT, balance NUMERIC(10,2))",
                "CREATE TABLE visits_log (customer BIGINT, note TEXT)",
                // a table without a key publishes its updates and deletes only with the whole old row
                "ALTER TABLE visits_log REPLICA IDENTITY FULL",
                "INSERT INTO customers SELECT g, 'name-' || g, g, g * 1.25 FROM generate_series(1, " + ROWS + ") g",
                "INSERT INTO visits_log SELECT g, 'first' FROM generate_series(1, " + ROWS + ") g");
        stack.kafka.createTopic(TOPIC, 1);
        startDebezium();

        long created = System.nanoTime();
        api.ok(api.post(connectors(), changeDataConnector()));
        api.ok(api.post(path() + "/deploy", null));
        long pid = awaitRunning(0);
        await().atMost(CHANGES_TIMEOUT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> count("customers") == ROWS && count("visits_log") == ROWS);
        figures.put("change data: 20,000-row snapshot in MaxCompute after the connector's POST", seconds(created));
        assertThat(readers.maxComputeTable("customers").isTransactional()).as("keyed table created as a Delta table").isTrue();
        assertThat(readers.maxComputeTable("customers").getPrimaryKey()).containsExactly("id");
        assertThat(readers.maxComputeTable("visits_log").isTransactional()).as("keyless table created as an append table")
                .isFalse();

        // 1,000 updates on each table in ten transactions; the sink's worker is killed once the first are written
        long streaming = System.nanoTime();
        for (int from = 1; from <= 1000; from += 100) {
            sql("UPDATE customers SET name = 'renamed-' || id, visits = visits + 1000 WHERE id BETWEEN " + from + " AND "
                    + (from + 99), "UPDATE visits_log SET note = 'second' WHERE customer BETWEEN " + from + " AND " + (from + 99));
        }
        await().atMost(CHANGES_TIMEOUT).pollInterval(Duration.ofMillis(100)).ignoreExceptions()
                .until(() -> count("customers WHERE name LIKE 'renamed-%'") > 0);
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        long killed = System.nanoTime();
        sql("DELETE FROM customers WHERE id > " + (ROWS - 500),
                "DELETE FROM visits_log WHERE customer > " + (ROWS - 500),
                "ALTER TABLE customers ADD COLUMN email TEXT",
                "ALTER TABLE visits_log ADD COLUMN channel TEXT",
                "INSERT INTO customers SELECT g, 'new-' || g, g, 0.5, 'c' || g || '@example.com'"
                        + " FROM generate_series(" + (ROWS + 1) + ", " + (ROWS + 100) + ") g",
                "INSERT INTO visits_log SELECT g, 'third', 'web' FROM generate_series(" + (ROWS + 1) + ", " + (ROWS + 100) + ") g",
                "ALTER TABLE customers ALTER COLUMN visits TYPE BIGINT",
                "INSERT INTO customers VALUES (" + (ROWS + 101) + ", 'big', 5000000000, 1.00, 'big@example.com')",
                "UPDATE customers SET email = 'first@example.com' WHERE id = 1");
        awaitRunning(pid);
        figures.put("change data: killed worker back to RUNNING", seconds(killed));

        List<String> expected = postgresCustomers();
        await().atMost(CHANGES_TIMEOUT).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> maxComputeCustomers().equals(expected));
        figures.put("change data: 2,000 updates, 1,000 deletes, 201 inserts, two added columns, a widened column and a"
                + " worker kill applied", seconds(streaming));
        assertThat(maxComputeCustomers()).as("Delta table equals PostgreSQL row by row").hasSize(ROWS - 500 + 101)
                .containsExactlyElementsOf(expected);
        assertThat(stack.maxCompute.execute("SELECT visits, email FROM customers WHERE id = " + (ROWS + 101)))
                .singleElement().satisfies(row -> assertThat(row.values()).containsExactly(5_000_000_000L, "big@example.com"));

        // the append table: every insert and update once as a row (10,000 + 1,000 + 100), its deletes ignored
        List<String> appended = new ArrayList<>();
        for (int customer = 1; customer <= ROWS; customer++) {
            appended.add(customer + "|first|null");
        }
        for (int customer = 1; customer <= 1000; customer++) {
            appended.add(customer + "|second|null");
        }
        for (int customer = ROWS + 1; customer <= ROWS + 100; customer++) {
            appended.add(customer + "|third|web");
        }
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> count("visits_log") >= appended.size());
        List<String> visits = maxComputeVisits();
        // The append table is exactly-once across the kill (the sink's commit log, kafka_connector_offsets): every
        // insert and update once, nothing else. The Delta table above is exact too: its replays upsert the same rows.
        figures.put("change data: append-table rows written twice after the worker kill (exactly-once: 0)",
                String.valueOf(visits.size() - appended.size()));
        assertThat(visits).as("append table holds every insert and update, nothing else").containsAll(appended)
                .allMatch(new java.util.HashSet<>(appended)::contains);
        assertThat(visits).as("append table rows written twice after the worker kill").hasSameSizeAs(appended);

        Rest.Response deleted = api.delete(path() + "?deleteResources=true");
        assertThat(deleted.status()).as(deleted.raw()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> api.get(path()).status() == 404);
    }

    /** Debezium's PostgreSQL connector in a stock Connect worker, both tables' events routed onto {@link #TOPIC}. */
    private void startDebezium() throws Exception {
        debezium = new ConnectWorkerProcess(stack.kafka.bootstrapServers(), "connect-cluster-debezium",
                Path.of(System.getProperty("debezium.plugin.path")), workDir,
                Map.of("offset.flush.interval.ms", "1000"));
        Map<String, String> source = new LinkedHashMap<>();
        source.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
        source.put("database.hostname", "127.0.0.1");
        source.put("database.port", String.valueOf(postgres.getPort()));
        source.put("database.user", "postgres");
        source.put("database.password", "postgres");
        source.put("database.dbname", "postgres");
        source.put("topic.prefix", "pg");
        source.put("plugin.name", "pgoutput");
        source.put("slot.name", "cdc_system_test");
        source.put("publication.autocreate.mode", "filtered");
        source.put("table.include.list", "public.customers,public.visits_log");
        source.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
        source.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
        source.put("transforms", "onto");
        source.put("transforms.onto.type", "org.apache.kafka.connect.transforms.RegexRouter");
        source.put("transforms.onto.regex", "pg\\.public\\..*");
        source.put("transforms.onto.replacement", TOPIC);
        var response = debezium.post("/connectors", Rest.JSON.writeValueAsString(Map.of("name", "pg-source", "config", source)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private Map<String, Object> changeDataConnector() {
        Map<String, Object> destination = new LinkedHashMap<>();
        destination.put("type", "MAXCOMPUTE");
        destination.put("endpoint", stack.maxCompute.endpoint());
        destination.put("tunnelEndpoint", stack.maxCompute.tunnelEndpoint());
        destination.put("project", SystemStack.PROJECT);
        destination.put("table", "{table}");
        destination.put("region", "cn-hangzhou");
        destination.put("auth", Map.of("type", "ACCESS_KEY", "accessKeyId", SystemStack.ACCESS_KEY_ID,
                "accessKeySecret", SystemStack.ACCESS_KEY_SECRET));
        destination.put("mode", "VALUE");
        destination.put("format", "DEBEZIUM_JSON");
        destination.put("changeData", Map.of("bucketsNum", 4));
        Map<String, Object> source = new LinkedHashMap<>();
        source.put("topic", TOPIC);
        source.put("concurrency", 1);
        source.put("offsetReset", "EARLIEST");
        source.put("failurePolicy", "STOP");
        Map<String, Object> definition = new LinkedHashMap<>();
        definition.put("name", CONNECTOR);
        definition.put("description", "change data system test");
        definition.put("source", source);
        definition.put("destination", destination);
        return definition;
    }

    /** Waits until the connector and its task run in a worker other than {@code oldPid}; that worker's pid. */
    private long awaitRunning(long oldPid) {
        JsonNode[] last = new JsonNode[1];
        try {
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(300)).ignoreExceptions().until(() -> {
                last[0] = api.ok(api.get(path() + "/status"));
                long pid = last[0].path("nodes").get(0).path("worker").path("pid").asLong();
                return pid != 0 && pid != oldPid && "RUNNING".equals(last[0].path("state").asText())
                        && !last[0].path("tasks").isEmpty() && "RUNNING".equals(last[0].path("tasks").get(0).path("state").asText());
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(CONNECTOR + " did not run; last status " + last[0] + "\nagent-1:\n"
                    + stack.agentLog(SystemStack.AGENT_1) + "\nagent-2:\n" + stack.agentLog(SystemStack.AGENT_2), e);
        }
        return last[0].path("nodes").get(0).path("worker").path("pid").asLong();
    }

    private void sql(String... statements) throws SQLException {
        try (Statement statement = db.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private long count(String tableAndCondition) {
        Object count = stack.maxCompute.execute("SELECT count(*) FROM " + tableAndCondition).get(0).values().iterator().next();
        return ((Number) count).longValue();
    }

    private List<String> postgresCustomers() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("SELECT id, name, visits, balance, email FROM customers ORDER BY id")) {
            while (rs.next()) {
                rows.add(customer(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getBigDecimal(4), rs.getString(5)));
            }
        }
        return rows;
    }

    private List<String> maxComputeCustomers() {
        List<String> rows = new ArrayList<>();
        for (Map<String, Object> row : stack.maxCompute.execute(
                "SELECT id, name, visits, balance, email FROM customers ORDER BY id")) {
            List<Object> v = new ArrayList<>(row.values());
            rows.add(customer(((Number) v.get(0)).longValue(), (String) v.get(1), ((Number) v.get(2)).longValue(),
                    (BigDecimal) v.get(3), (String) v.get(4)));
        }
        return rows;
    }

    private List<String> maxComputeVisits() {
        List<String> rows = new ArrayList<>();
        for (Map<String, Object> row : stack.maxCompute.execute("SELECT customer, note, channel FROM visits_log")) {
            List<Object> v = new ArrayList<>(row.values());
            rows.add(((Number) v.get(0)).longValue() + "|" + v.get(1) + "|" + v.get(2));
        }
        return rows;
    }

    private static String customer(long id, String name, long visits, BigDecimal balance, String email) {
        return id + "|" + name + "|" + visits + "|" + (balance == null ? null : balance.toPlainString()) + "|" + email;
    }

    private static String connectors() {
        return "/api/v1/instances/" + INSTANCE + "/connectors";
    }

    private static String path() {
        return connectors() + "/" + CONNECTOR;
    }

    private static String seconds(long startedNanos) {
        return String.format("%.1f s", (System.nanoTime() - startedNanos) / 1e9);
    }
}
