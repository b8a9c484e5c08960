package com.connectorservice.sink.maxcompute;

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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.connectorservice.testing.ConnectWorkerProcess;
import com.connectorservice.testing.KafkaBroker;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * Change data end to end with nothing faked: a real PostgreSQL (wal_level=logical) captured by Debezium's stock
 * PostgreSQL connector (pgoutput) in a stock Connect worker, onto Kafka as Debezium's JSON with schemas, and our
 * sink in change-data mode in the same worker writing into the MaxCompute emulator through the real SDK. A table with
 * a primary key becomes a Delta table equal to the source row by row after inserts, updates, deletes, an added column
 * and an INT widened to BIGINT; a table without one becomes an append table holding every insert and update.
 */
class ChangeDataEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path workDir;

    @Test
    void postgresChangesCapturedByDebeziumEndInMaxComputeDeltaAndAppendTables() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("wal_level", "logical")
                .setServerConfig("max_wal_senders", "4").setServerConfig("max_replication_slots", "4").start();
             KafkaBroker broker = KafkaBroker.start();
             MaxComputeTables maxCompute = new MaxComputeTables(workDir.resolve("mc"));
             Connection db = postgres.getPostgresDatabase().getConnection()) {
            sql(db, "CREATE TABLE customers (id BIGINT PRIMARY KEY, name TEXT, visits INT, balance NUMERIC(10,2))",
                    "CREATE TABLE visits_log (customer BIGINT, note TEXT)",
                    "ALTER TABLE visits_log REPLICA IDENTITY FULL",
                    "INSERT INTO customers SELECT g, 'name-' || g, g, g * 1.25 FROM generate_series(1, 2000) g",
                    "INSERT INTO visits_log SELECT g, 'first' FROM generate_series(1, 200) g");

            Map<String, String> worker = Map.of("plugin.path", System.getProperty("debezium.plugin.path") + ","
                    + Path.of(System.getProperty("maxcompute.plugin.dir")).getParent(), "plugin.discovery", "hybrid_warn",
                    "offset.flush.interval.ms", "1000");
            try (ConnectWorkerProcess connect = new ConnectWorkerProcess(broker.bootstrapServers(), "connect-cluster-cdc",
                    Files.createDirectories(workDir.resolve("plugins")), workDir, worker)) {
                long started = System.nanoTime();
                Map<String, String> source = new HashMap<>();
                source.put("connector.class", "io.debezium.connector.postgresql.PostgresConnector");
                source.put("database.hostname", "127.0.0.1");
                source.put("database.port", String.valueOf(postgres.getPort()));
                source.put("database.user", "postgres");
                source.put("database.password", "postgres");
                source.put("database.dbname", "postgres");
                source.put("topic.prefix", "pg");
                source.put("plugin.name", "pgoutput");
                source.put("slot.name", "cdc_it");
                source.put("publication.autocreate.mode", "filtered");
                source.put("table.include.list", "public.customers,public.visits_log");
                source.put("key.converter", "org.apache.kafka.connect.json.JsonConverter");
                source.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
                source.put("topic.creation.default.replication.factor", "1");
                source.put("topic.creation.default.partitions", "1");
                post(connect, "pg-source", source);

                // the change topics, as the console lists them for a connector (Debezium creates them with the snapshot)
                await().atMost(Duration.ofSeconds(60)).until(() -> broker.topicNames()
                        .containsAll(List.of("pg.public.customers", "pg.public.visits_log")));
                Map<String, String> sink = maxCompute.connectorSettings("{table}");
                sink.put("topics", "pg.public.customers,pg.public.visits_log");
                sink.put("format", "DEBEZIUM_JSON");
                sink.put("tasks.max", "1");
                post(connect, "mc-cdc", sink);

                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                        .until(() -> count(maxCompute, "customers") == 2000 && count(maxCompute, "visits_log") == 200);
                System.out.printf("change data: snapshot of 2,200 rows in MaxCompute %d ms after the connectors were"
                        + " created%n", (System.nanoTime() - started) / 1_000_000);

                long streaming = System.nanoTime();
                sql(db, "UPDATE customers SET name = 'renamed-' || id, visits = visits + 1000 WHERE id <= 500",
                        "DELETE FROM customers WHERE id > 1900",
                        "UPDATE visits_log SET note = 'second' WHERE customer <= 50",
                        "DELETE FROM visits_log WHERE customer > 190",
                        "ALTER TABLE customers ADD COLUMN email TEXT",
                        "INSERT INTO customers SELECT g, 'new-' || g, g, 0.5, 'c' || g || '@example.com'"
                                + " FROM generate_series(2001, 2100) g",
                        "ALTER TABLE customers ALTER COLUMN visits TYPE BIGINT",
                        "INSERT INTO customers VALUES (2101, 'big', 5000000000, 1.00, 'big@example.com')",
                        "UPDATE customers SET email = 'first@example.com' WHERE id = 1");
                List<String> expected = postgresRows(db);
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                        .until(() -> maxComputeRows(maxCompute).equals(expected));
                System.out.printf("change data: 500 + 50 updates, 100 + 10 deletes, 101 inserts, an added column and INT widened to BIGINT:"
                        + " equal in MaxCompute %d ms after the last one was committed in PostgreSQL%n",
                        (System.nanoTime() - streaming) / 1_000_000);

                assertThat(maxComputeRows(maxCompute)).hasSize(2001).containsExactlyElementsOf(expected);
                List<Map<String, Object>> typed = maxCompute.emulator.execute(
                        "SELECT visits, email FROM customers WHERE id = 2101");
                assertThat(typed).singleElement().satisfies(row -> assertThat(row.values())
                        .containsExactly(5_000_000_000L, "big@example.com"));
                // the append table: 200 inserts + 50 updates as rows, the 10 deletes ignored
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                        .until(() -> count(maxCompute, "visits_log") == 250);
                assertThat(maxCompute.emulator.execute("SELECT count(*) FROM visits_log WHERE note = 'second'"))
                        .singleElement().satisfies(row -> assertThat(row.values()).containsExactly(50L));
            }
        }
    }

    private static void post(ConnectWorkerProcess connect, String name, Map<String, String> config) throws Exception {
        var response = connect.post("/connectors", JSON.writeValueAsString(Map.of("name", name, "config", config)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    }

    private static void sql(Connection db, String... statements) throws SQLException {
        try (Statement statement = db.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static long count(MaxComputeTables maxCompute, String table) {
        Object count = maxCompute.emulator.execute("SELECT count(*) FROM " + table).get(0).values().iterator().next();
        return ((Number) count).longValue();
    }

    private static List<String> postgresRows(Connection db) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("SELECT id, name, visits, balance, email FROM customers ORDER BY id")) {
            while (rs.next()) {
                rows.add(row(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getBigDecimal(4), rs.getString(5)));
            }
        }
        return rows;
    }

    private static List<String> maxComputeRows(MaxComputeTables maxCompute) {
        List<String> rows = new ArrayList<>();
        for (Map<String, Object> r : maxCompute.emulator.execute(
                "SELECT id, name, visits, balance, email FROM customers ORDER BY id")) {
            List<Object> v = new ArrayList<>(r.values());
            rows.add(row(((Number) v.get(0)).longValue(), (String) v.get(1), ((Number) v.get(2)).longValue(),
                    (BigDecimal) v.get(3), (String) v.get(4)));
        }
        return rows;
    }

    private static String row(long id, String name, long visits, BigDecimal balance, String email) {
        return id + "|" + name + "|" + visits + "|" + (balance == null ? null : balance.toPlainString()) + "|"
                + Objects.toString(email);
    }
}
