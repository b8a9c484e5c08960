package com.connectorservice.emulator.maxcompute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.aliyun.odps.Instance;
import com.aliyun.odps.OdpsException;
import com.aliyun.odps.data.Binary;
import com.aliyun.odps.data.Record;
import com.aliyun.odps.task.SQLTask;

/**
 * The query forms users check their data with, run through the SDK's SQLTask against rows written through the tunnel,
 * compared with the expected rows.
 */
class QueryTest {

    @TempDir
    static Path data;
    static EmulatorFixture fixture;

    private static Date at(String localDateTime) {
        return Date.from(LocalDateTime.parse(localDateTime).atZone(ZoneId.systemDefault()).toInstant());
    }

    private static Timestamp ts(String localDateTime) {
        return Timestamp.valueOf(LocalDateTime.parse(localDateTime));
    }

    @BeforeAll
    static void writeRowsThroughTheTunnel() throws Exception {
        fixture = new EmulatorFixture(data);
        fixture.sql("CREATE TABLE events (id BIGINT, name STRING, score INT, amount DOUBLE, paid BOOLEAN, at DATETIME,"
                + " ts TIMESTAMP, price DECIMAL(10,2), raw BINARY, key STRING, value STRING, offset BIGINT)"
                + " PARTITIONED BY (pt STRING);");
        fixture.sql("ALTER TABLE events ADD PARTITION (pt='2024-01-01') PARTITION (pt='2024-01-02');");
        TunnelTestData.upload(fixture.odps(), "events", "pt='2024-01-01'",
                new Object[] {1L, "alice", 10, 1.5, true, at("2024-01-01T10:00:00"), ts("2024-01-01T10:00:00.123456789"),
                        new BigDecimal("10.25"), new Binary(new byte[] {1}), "u1", "v1", 100L},
                new Object[] {2L, "bob", 20, 2.5, false, at("2024-01-01T11:00:00"), ts("2024-01-01T11:00:00"),
                        new BigDecimal("20.50"), new Binary(new byte[] {2}), "u2", "v2", 101L},
                new Object[] {3L, "carol", null, 3.5, null, at("2024-01-01T12:00:00"), null,
                        new BigDecimal("5.00"), null, "u1", "v3", 102L});
        TunnelTestData.upload(fixture.odps(), "events", "pt='2024-01-02'",
                new Object[] {4L, "dave", 40, 4.5, true, at("2024-01-02T09:00:00"), ts("2024-01-02T09:00:00.5"),
                        new BigDecimal("99.99"), new Binary(new byte[] {4}), "u3", "v4", 200L},
                new Object[] {5L, "alicia", 50, 5.5, false, at("2024-01-02T10:00:00"), ts("2024-01-02T10:00:00"),
                        new BigDecimal("0.01"), new Binary(new byte[] {5}), "u1", "v5", 201L});
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    /** Runs a script (settings carried to the query after them) and returns the rows as lists of strings. */
    private static List<List<String>> query(String script) throws OdpsException {
        Instance instance = SQLTask.run(fixture.odps(), script.endsWith(";") ? script : script + ";");
        instance.waitForSuccess();
        List<List<String>> rows = new ArrayList<>();
        for (Record record : SQLTask.getResult(instance)) {
            List<String> row = new ArrayList<>();
            for (int i = 0; i < record.getColumnCount(); i++) {
                row.add(record.get(i) == null ? null : record.getString(i));
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<String> ids(String where) throws OdpsException {
        return query("select id from events where " + where + " order by id").stream().map(row -> row.get(0))
                .toList();
    }

    @Test
    void projectionWithAFilterOnAColumnNamedLikeAKeyword() throws Exception {
        assertThat(query("SELECT value FROM events WHERE key = 'u1' AND pt = '2024-01-01' ORDER BY value"))
                .containsExactly(List.of("v1"), List.of("v3"));
        assertThat(query("select `value`, offset from events where pt = \"2024-01-02\" and key = \"u1\""))
                .containsExactly(List.of("v5", "201"));
    }

    @Test
    void groupByWithTheUsualAggregatesCountDistinctAndMax() throws Exception {
        assertThat(query("set odps.sql.allow.fullscan=true;\nselect key, count(*), max(offset), min(id), sum(score)"
                + " from events group by key order by key")).containsExactly(
                List.of("u1", "3", "201", "1", "60"), List.of("u2", "1", "101", "2", "20"),
                List.of("u3", "1", "200", "4", "40"));
        assertThat(query("set odps.sql.allow.fullscan=true; select count(DISTINCT key) as keys, avg(amount)"
                + " from events")).containsExactly(List.of("3", "3.5"));
        assertThat(query("select pt, count(*) c from events where pt >= '2024-01-01' group by pt order by c desc"))
                .containsExactly(List.of("2024-01-01", "3"), List.of("2024-01-02", "2"));
    }

    @Test
    void whereWithAndOrInLikeAndComparisonsOnEveryType() throws Exception {
        String both = "pt in ('2024-01-01', '2024-01-02') and ";
        assertThat(ids(both + "(name like 'ali%' or score in (20, 40))")).containsExactly("1", "2", "4", "5");
        assertThat(ids(both + "id >= 4")).containsExactly("4", "5");
        assertThat(ids(both + "score < 20")).containsExactly("1");
        assertThat(ids(both + "amount > 2.0 and amount <= 4.5")).containsExactly("2", "3", "4");
        assertThat(ids(both + "paid = true")).containsExactly("1", "4");
        assertThat(ids(both + "at > '2024-01-01 11:30:00'")).containsExactly("3", "4", "5");
        assertThat(ids(both + "ts >= '2024-01-01 10:00:00.123456789' and ts < '2024-01-02 09:00:00.5'"))
                .containsExactly("1", "2");
        assertThat(ids(both + "price > 10.25")).containsExactly("2", "4");
        assertThat(ids(both + "name <> 'bob' and not name like '%a'")).containsExactly("1", "3", "4");
        assertThat(ids(both + "score is null")).containsExactly("3");
        assertThat(ids("pt > '2024-01-01'")).containsExactly("4", "5");
    }

    @Test
    void orderByAndLimit() throws Exception {
        assertThat(query("select id, name from events where pt = '2024-01-02' order by id desc limit 1"))
                .containsExactly(List.of("5", "alicia"));
        assertThat(query("set odps.sql.allow.fullscan=true; select name from events order by amount desc limit 2"))
                .containsExactly(List.of("alicia"), List.of("dave"));
    }

    @Test
    void nullsAndEveryTypeComeBackAsStored() throws Exception {
        Instance instance = SQLTask.run(fixture.odps(), "select * from events where pt='2024-01-01' and id in (1, 3);");
        instance.waitForSuccess();
        List<Record> rows = SQLTask.getResult(instance);
        assertThat(rows).hasSize(2);
        Record alice = "1".equals(rows.get(0).getString("id")) ? rows.get(0) : rows.get(1);
        Record carol = alice == rows.get(0) ? rows.get(1) : rows.get(0);
        assertThat(alice.getString("ts")).isEqualTo("2024-01-01 10:00:00.123456789");
        assertThat(alice.getString("at")).isEqualTo("2024-01-01 10:00:00");
        assertThat(alice.getString("price")).isEqualTo("10.25");
        // the CSV result writes NULL as \N, as the service does
        assertThat(carol.getString("score")).isEqualTo("\\N");
        assertThat(carol.getString("paid")).isEqualTo("\\N");
        assertThat(fixture.sql("select score from events where pt='2024-01-01' and id = 3")).isEqualTo("score\n\\N\n");
        // the instance tunnel returns typed values and real NULLs
        com.aliyun.odps.data.ResultSet typed = SQLTask.getResultSet(instance);
        List<Record> records = new ArrayList<>();
        typed.forEachRemaining(records::add);
        Record typedCarol = records.stream().filter(r -> r.getBigint("id") == 3L).findFirst().orElseThrow();
        assertThat(typedCarol.get("score")).isNull();
        assertThat(typedCarol.get("ts")).isNull();
        Record typedAlice = records.stream().filter(r -> r.getBigint("id") == 1L).findFirst().orElseThrow();
        assertThat(typedAlice.getDecimal("price")).isEqualByComparingTo("10.25");
        assertThat(((java.time.Instant) typedAlice.get("ts")).getNano()).isEqualTo(123456789);
        assertThat(fixture.emulator.execute("select max(ts) from events where pt = '2024-01-01'"))
                .containsExactly(Map.of("_c0", java.time.LocalDateTime.parse("2024-01-01T11:00:00")
                        .atZone(ZoneId.systemDefault()).toInstant()));
    }

    @Test
    void describeAndShowPartitions() throws Exception {
        String described = fixture.sql("DESC events;");
        assertThat(described).contains("Native Columns:", "Partition Columns:", "| offset ", "| decimal(10,2)",
                "| pt ", "Project:                  connector_test");
        assertThat(fixture.sql("show partitions events;")).isEqualTo("pt=2024-01-01\npt=2024-01-02\n");
    }

    @Test
    void fullScanRulePartitionPruningAndErrorCodes() throws Exception {
        assertThatThrownBy(() -> query("select * from events"))
                .isInstanceOf(OdpsException.class).hasMessageContaining("ODPS-0130071")
                .hasMessageContaining("full scan with all partitions");
        // a condition mixing a partition column with others by OR restricts no partition: a full scan too
        assertThatThrownBy(() -> query("select id from events where pt = '2024-01-01' or id = 4"))
                .hasMessageContaining("full scan");
        assertThat(query("select count(*) from events where pt = '2024-01-02'")).containsExactly(List.of("2"));
        assertThat(query("select count(*) from events where pt = '2024-01-03'")).containsExactly(List.of("0"));
        assertThatThrownBy(() -> query("select nope from events where pt = '2024-01-01'"))
                .hasMessageContaining("ODPS-0130071").hasMessageContaining("nope");
        assertThatThrownBy(() -> query("select * from missing_table"))
                .hasMessageContaining("ODPS-0130131").hasMessageContaining("missing_table");
        assertThatThrownBy(() -> query("select id from events where"))
                .hasMessageContaining("ODPS-0130161").hasMessageContaining("Parse exception");
    }
}
