package com.connectorservice.emulator.maxcompute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.aliyun.odps.OdpsType;
import com.aliyun.odps.Table;
import com.aliyun.odps.TableSchema;
import com.aliyun.odps.data.Record;
import com.aliyun.odps.data.SimpleStruct;
import com.aliyun.odps.tunnel.TableTunnel;
import com.aliyun.odps.tunnel.TunnelException;
import com.aliyun.odps.tunnel.streams.UpsertStream;
import com.aliyun.odps.type.TypeInfoFactory;
import com.aliyun.odps.type.TypeInfoParser;

/**
 * Delta tables (transactional, with a primary key) through the unmodified SDK: {@code TableTunnel.UpsertSession} and
 * {@code UpsertStream} (upsert, delete, flush, commit), schema changes, reads of the latest row per key.
 */
class DeltaTableTest {

    private static final String PROJECT = EmulatorFixture.PROJECT;

    @TempDir
    java.nio.file.Path data;
    EmulatorFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new EmulatorFixture(data);
        fixture.sql("CREATE TABLE orders (id BIGINT NOT NULL, name STRING, amount INT, PRIMARY KEY (id))"
                + " TBLPROPERTIES (\"transactional\"=\"true\", \"write.bucket.num\"=\"16\")");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private TableTunnel.UpsertSession session() throws Exception {
        return new TableTunnel(fixture.odps()).buildUpsertSession(PROJECT, "orders").build();
    }

    private static Record row(TableTunnel.UpsertSession session, long id, String name, Integer amount) {
        Record r = session.newRecord();
        r.setBigint("id", id);
        r.setString("name", name);
        r.set("amount", amount);
        return r;
    }

    private List<String> select(String sql) throws Exception {
        String csv = fixture.sql(sql);
        List<String> lines = new ArrayList<>(List.of(csv.split("\n")));
        lines.remove(0);
        return lines;
    }

    @Test
    void theSdkSeesATransactionalTableWithItsPrimaryKeyAndBuckets() throws Exception {
        Table table = fixture.odps().tables().get("orders");
        table.reload();
        assertThat(table.isTransactional()).isTrue();
        assertThat(table.getPrimaryKey()).containsExactly("id");
        assertThat(table.getClusterInfo().getBucketNum()).isEqualTo(16);
    }

    @Test
    void upsertsAndDeletesAreInvisibleUntilCommittedThenReadAsTheLatestRowPerKey() throws Exception {
        TableTunnel.UpsertSession session = session();
        try (UpsertStream stream = session.buildUpsertStream().build()) {
            for (long id = 1; id <= 100; id++) {
                stream.upsert(row(session, id, "v1-" + id, (int) id));
            }
            stream.flush();
            for (long id = 1; id <= 10; id++) {
                stream.upsert(row(session, id, "v2-" + id, (int) id * 10));
            }
            for (long id = 91; id <= 100; id++) {
                stream.delete(row(session, id, null, null));
            }
            stream.flush();
            assertThat(select("SELECT count(*) FROM orders")).containsExactly("0");
        }
        session.commit(false);
        assertThat(session.getStatus()).isEqualToIgnoringCase("committed");
        session.close();

        assertThat(select("SELECT count(*) FROM orders")).containsExactly("90");
        assertThat(select("SELECT id, name, amount FROM orders WHERE id IN (1, 50) ORDER BY id"))
                .containsExactly("1,v2-1,10", "50,v1-50,50");
        assertThat(select("SELECT count(*) FROM orders WHERE id > 90")).containsExactly("0");

        // a replay of the same changes (at-least-once) leaves the same table
        TableTunnel.UpsertSession replay = session();
        try (UpsertStream stream = replay.buildUpsertStream().build()) {
            for (long id = 1; id <= 10; id++) {
                stream.upsert(row(replay, id, "v2-" + id, (int) id * 10));
            }
            stream.delete(row(replay, 95, null, null));
            stream.flush();
        }
        replay.commit(false);
        replay.close();
        assertThat(select("SELECT count(*), sum(amount) FROM orders")).containsExactly("90,"
                + (10 * 55 + (11 + 90) * 80 / 2));

        // the download tunnel reads the same rows
        TableTunnel.DownloadSession download = new TableTunnel(fixture.odps()).createDownloadSession(PROJECT, "orders");
        assertThat(download.getRecordCount()).isEqualTo(90);
    }

    @Test
    void anAbortedSessionLeavesNothingAndUncommittedChangesDoNotSurviveARestart() throws Exception {
        TableTunnel.UpsertSession aborted = session();
        try (UpsertStream stream = aborted.buildUpsertStream().build()) {
            stream.upsert(row(aborted, 1, "gone", 1));
            stream.flush();
        }
        aborted.abort();
        aborted.close();

        TableTunnel.UpsertSession committed = session();
        try (UpsertStream stream = committed.buildUpsertStream().build()) {
            stream.upsert(row(committed, 2, "kept", 2));
            stream.flush();
        }
        committed.commit(false);
        committed.close();

        TableTunnel.UpsertSession pending = session();
        try (UpsertStream stream = pending.buildUpsertStream().build()) {
            stream.upsert(row(pending, 3, "pending", 3));
            stream.flush();
        }
        String pendingId = pending.getId();
        pending.close();

        fixture.restart();
        assertThat(select("SELECT id, name FROM orders")).containsExactly("2,kept");
        // the pending session outlives the restart and can still be committed
        TableTunnel.UpsertSession resumed = new TableTunnel(fixture.odps()).buildUpsertSession(PROJECT, "orders")
                .setUpsertId(pendingId).build();
        resumed.commit(false);
        resumed.close();
        assertThat(select("SELECT id, name FROM orders ORDER BY id")).containsExactly("2,kept", "3,pending");
    }

    @Test
    void addedColumnsAndWidenedTypesReadOldRowsAndTheSdkSeesTheNewSchema() throws Exception {
        TableTunnel.UpsertSession before = session();
        try (UpsertStream stream = before.buildUpsertStream().build()) {
            stream.upsert(row(before, 1, "old", 7));
            stream.upsert(row(before, 2, "old", 8));
            stream.flush();
        }
        before.commit(false);
        before.close();

        fixture.sql("ALTER TABLE orders ADD COLUMNS (note STRING)");
        fixture.sql("ALTER TABLE orders CHANGE COLUMN amount amount BIGINT");
        TableSchema schema = fixture.odps().tables().get("orders").getSchema();
        assertThat(schema.getColumn("note").getTypeInfo().getOdpsType()).isEqualTo(OdpsType.STRING);
        assertThat(schema.getColumn("amount").getTypeInfo().getOdpsType()).isEqualTo(OdpsType.BIGINT);

        TableTunnel.UpsertSession after = session();
        assertThat(after.getSchema().getColumns()).hasSize(4);
        try (UpsertStream stream = after.buildUpsertStream().build()) {
            Record r = after.newRecord();
            r.setBigint("id", 2L);
            r.setString("name", "new");
            r.setBigint("amount", 5_000_000_000L);
            r.setString("note", "added");
            stream.upsert(r);
            stream.flush();
        }
        after.commit(false);
        after.close();
        assertThat(select("SELECT id, name, amount, note FROM orders ORDER BY id"))
                .containsExactly("1,old,7,\\N", "2,new,5000000000,added");

        assertThatThrownBy(() -> fixture.sql("ALTER TABLE orders CHANGE COLUMN amount amount INT"))
                .hasMessageContaining("incompatible");
    }

    @Test
    void plainUploadsToADeltaTableAndUpsertsToAnAppendTableAreRefused() throws Exception {
        fixture.sql("CREATE TABLE plain (id BIGINT, v STRING)");
        assertThatThrownBy(() -> new TableTunnel(fixture.odps()).buildUpsertSession(PROJECT, "plain").build())
                .isInstanceOf(TunnelException.class).hasMessageContaining("not a transactional table");
        assertThatThrownBy(() -> new TableTunnel(fixture.odps()).createUploadSession(PROJECT, "orders"))
                .isInstanceOf(TunnelException.class).hasMessageContaining("upsert session");
        assertThatThrownBy(() -> fixture.sql("CREATE TABLE nokey (id BIGINT, PRIMARY KEY (id))"
                + " TBLPROPERTIES ('transactional'='true')")).hasMessageContaining("NOT NULL");
    }

    @Test
    void everyTypeOfSeed004sMappingTravelsThroughTheUpsertTunnel() throws Exception {
        fixture.sql("CREATE TABLE typed (id BIGINT NOT NULL, s STRING, b BOOLEAN, bin BINARY, d DECIMAL(10,2),"
                + " ti TINYINT, si SMALLINT, i INT, bi BIGINT, f FLOAT, db DOUBLE, dt DATE, ntz TIMESTAMP_NTZ,"
                + " ts TIMESTAMP, arr ARRAY<BIGINT>, m MAP<STRING,BIGINT>, st STRUCT<a:BIGINT,b:STRING>,"
                + " PRIMARY KEY (id)) TBLPROPERTIES ('transactional'='true', 'write.bucket.num'='4')");
        TableTunnel.UpsertSession session = new TableTunnel(fixture.odps()).buildUpsertSession(PROJECT, "typed")
                .build();
        Map<String, Long> map = new LinkedHashMap<>();
        map.put("k", 5L);
        try (UpsertStream stream = session.buildUpsertStream().build()) {
            Record r = session.newRecord();
            r.setBigint("id", 1L);
            r.setString("s", "text");
            r.setBoolean("b", true);
            r.set("bin", new com.aliyun.odps.data.Binary(new byte[] {1, 2}));
            r.setDecimal("d", new BigDecimal("12.34"));
            r.set("ti", (byte) 7);
            r.set("si", (short) 300);
            r.set("i", 70000);
            r.setBigint("bi", 1L << 40);
            r.set("f", 1.5f);
            r.setDouble("db", 2.25);
            r.set("dt", LocalDate.of(2024, 2, 29));
            r.set("ntz", LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123456789));
            r.set("ts", java.time.Instant.parse("2024-02-29T13:14:15.5Z"));
            r.set("arr", List.of(1L, 2L));
            r.set("m", map);
            r.set("st", new SimpleStruct(
                    (com.aliyun.odps.type.StructTypeInfo) TypeInfoParser.getTypeInfoFromTypeString(
                            "struct<a:bigint,b:string>"), List.of(9L, "x")));
            stream.upsert(r);
            stream.flush();
        }
        session.commit(false);
        session.close();

        TableSchema schema = fixture.odps().tables().get("typed").getSchema();
        assertThat(schema.getColumn("ntz").getTypeInfo()).isEqualTo(TypeInfoFactory.TIMESTAMP_NTZ);
        assertThat(schema.getColumn("st").getTypeInfo().getTypeName()).isEqualToIgnoringCase("struct<a:bigint,b:string>");
        List<Map<String, Object>> rows = fixture.emulator.rows(PROJECT, "typed", null);
        assertThat(rows).hasSize(1);
        Map<String, Object> row = rows.get(0);
        assertThat(row.get("s")).isEqualTo("text");
        assertThat(row.get("ti")).isEqualTo((byte) 7);
        assertThat(row.get("si")).isEqualTo((short) 300);
        assertThat(row.get("i")).isEqualTo(70000);
        assertThat(row.get("f")).isEqualTo(1.5f);
        assertThat(row.get("d")).isEqualTo(new BigDecimal("12.34"));
        assertThat(row.get("dt")).isEqualTo(LocalDate.of(2024, 2, 29));
        assertThat(row.get("ntz")).isEqualTo(LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123456789));
        assertThat(row.get("arr")).isEqualTo(List.of(1L, 2L));
        assertThat(row.get("m")).isEqualTo(Map.of("k", 5L));
        assertThat(row.get("st")).isEqualTo(List.of(9L, "x"));
        assertThat(select("SELECT dt, f, arr FROM typed")).containsExactly("2024-02-29,1.5,\"[1,2]\"");
    }
}
