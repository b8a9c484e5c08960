package com.connectorservice.emulator.maxcompute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.aliyun.odps.Column;
import com.aliyun.odps.Instance;
import com.aliyun.odps.NoSuchObjectException;
import com.aliyun.odps.Odps;
import com.aliyun.odps.OdpsException;
import com.aliyun.odps.OdpsType;
import com.aliyun.odps.Partition;
import com.aliyun.odps.PartitionSpec;
import com.aliyun.odps.Table;
import com.aliyun.odps.TableSchema;
import com.aliyun.odps.data.Record;
import com.aliyun.odps.task.SQLTask;

class MetadataAndSqlTest {

    @TempDir
    Path data;
    EmulatorFixture fixture;

    @BeforeEach
    void start() {
        fixture = new EmulatorFixture(data);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void seed000TableIsCreatedAndDescribedThroughTheSdk() throws Exception {
        fixture.sql("CREATE TABLE IF NOT EXISTS test_kafka(topic STRING,partition BIGINT,offset BIGINT,key STRING,"
                + "value STRING) PARTITIONED by (pt STRING);");
        Odps odps = fixture.odps();
        Table table = odps.tables().get("test_kafka");
        table.reload();
        TableSchema schema = table.getSchema();
        assertThat(schema.getColumns()).extracting(Column::getName)
                .containsExactly("topic", "partition", "offset", "key", "value");
        assertThat(schema.getColumn("offset").getTypeInfo().getOdpsType()).isEqualTo(OdpsType.BIGINT);
        assertThat(schema.getPartitionColumns()).extracting(Column::getName).containsExactly("pt");
        assertThat(odps.tables().exists("test_kafka")).isTrue();
        assertThat(odps.tables().exists("missing_table")).isFalse();
        // three-tier addressing (seed 001's "schema":"default") reaches the same table
        assertThat(odps.tables().get(EmulatorFixture.PROJECT, "default", "test_kafka").getSchema().getColumns())
                .hasSize(5);
        assertThatThrownBy(() -> odps.tables().get("missing_table").reload())
                .isInstanceOf(NoSuchObjectException.class);
    }

    /** The SDK's table listing (ListTables), by name prefix and in pages, as a reader finds tables a sink created. */
    @Test
    void tablesAreListedByNamePrefixAcrossPages() throws Exception {
        for (String name : List.of("ods_orders", "ods_customers", "ods_items", "other")) {
            fixture.sql("CREATE TABLE " + name + " (id BIGINT)");
        }
        com.aliyun.odps.TableFilter ods = new com.aliyun.odps.TableFilter();
        ods.setName("ods_");
        List<String> names = new java.util.ArrayList<>();
        fixture.odps().tables().iterator(EmulatorFixture.PROJECT, ods, false).forEachRemaining(t -> names.add(t.getName()));
        assertThat(names).containsExactly("ods_customers", "ods_items", "ods_orders");

        List<String> all = new java.util.ArrayList<>();
        fixture.odps().tables().forEach(t -> all.add(t.getName()));
        assertThat(all).contains("ods_customers", "ods_items", "ods_orders", "other");
    }

    @Test
    void everyDocumentedTypeRoundTripsThroughTheSchema() throws Exception {
        fixture.sql("CREATE TABLE `all_types` (s STRING COMMENT 'text', b BIGINT, i INT, d DOUBLE, f BOOLEAN,"
                + " dt DATETIME, ts TIMESTAMP, dec DECIMAL(10,2), bin BINARY, j JSON) PARTITIONED BY (pt STRING)"
                + " LIFECYCLE 7;");
        TableSchema schema = fixture.odps().tables().get("all_types").getSchema();
        assertThat(schema.getColumns()).extracting(c -> c.getTypeInfo().getOdpsType()).containsExactly(
                OdpsType.STRING, OdpsType.BIGINT, OdpsType.INT, OdpsType.DOUBLE, OdpsType.BOOLEAN,
                OdpsType.DATETIME, OdpsType.TIMESTAMP, OdpsType.DECIMAL, OdpsType.BINARY, OdpsType.JSON);
        assertThat(schema.getColumn("dec").getTypeInfo().getTypeName()).isEqualToIgnoringCase("decimal(10,2)");
        assertThat(schema.getColumn("s").getComment()).isEqualTo("text");
    }

    @Test
    void tablesCreatedAndDroppedThroughTheSdksOwnDdl() throws Exception {
        TableSchema schema = new TableSchema();
        schema.addColumn(new Column("topic", OdpsType.STRING, "the topic"));
        schema.addColumn(new Column("offset", OdpsType.BIGINT));
        schema.addColumn(new Column("amount", com.aliyun.odps.type.TypeInfoFactory.getDecimalTypeInfo(10, 2)));
        schema.addPartitionColumn(new Column("pt", OdpsType.STRING));
        Odps odps = fixture.odps();
        odps.tables().newTableCreator(EmulatorFixture.PROJECT, "created", schema).ifNotExists().withComment("c")
                .withLifeCycle(3L).create();
        Table table = odps.tables().get("created");
        assertThat(table.getSchema().getColumns()).extracting(Column::getName).containsExactly("topic", "offset", "amount");
        assertThat(table.getSchema().getColumn("topic").getComment()).isEqualTo("the topic");
        assertThat(table.getComment()).isEqualTo("c");
        odps.tables().delete(EmulatorFixture.PROJECT, "created", true);
        assertThat(odps.tables().exists("created")).isFalse();
    }

    @Test
    void partitionsAreAddedCheckedListedWithMarkersAndShown() throws Exception {
        fixture.sql("CREATE TABLE t (v STRING) PARTITIONED BY (pt STRING);");
        for (int i = 0; i < 5; i++) {
            fixture.sql("ALTER TABLE t ADD IF NOT EXISTS PARTITION (pt='11-17-2020 1" + i + "');");
        }
        fixture.sql("ALTER TABLE t ADD IF NOT EXISTS PARTITION (pt='11-17-2020 10');");
        assertThatThrownBy(() -> fixture.sql("ALTER TABLE t ADD PARTITION (pt='11-17-2020 10');"))
                .isInstanceOf(OdpsException.class).hasMessageContaining("already exists");
        Table table = fixture.odps().tables().get("t");
        assertThat(table.hasPartition(new PartitionSpec("pt='11-17-2020 12'"))).isTrue();
        assertThat(table.hasPartition(new PartitionSpec("pt='11-17-2020 19'"))).isFalse();

        // a batch size of 2 makes the SDK page through the listing with markers
        Iterator<Partition> pages = table.getPartitionIterator(null, false, 2L, null);
        List<String> listed = new ArrayList<>();
        pages.forEachRemaining(p -> listed.add(p.getPartitionSpec().get("pt")));
        assertThat(listed).containsExactly("11-17-2020 10", "11-17-2020 11", "11-17-2020 12", "11-17-2020 13",
                "11-17-2020 14");
        assertThat(table.getPartitions()).hasSize(5);

        // the partition a marker names may be dropped between pages
        Iterator<Partition> paging = table.getPartitionIterator(null, false, 2L, null);
        List<String> paged = new ArrayList<>();
        paged.add(paging.next().getPartitionSpec().get("pt"));
        paged.add(paging.next().getPartitionSpec().get("pt"));
        fixture.sql("ALTER TABLE t DROP PARTITION (pt='11-17-2020 11');");
        paging.forEachRemaining(p -> paged.add(p.getPartitionSpec().get("pt")));
        assertThat(paged).containsExactly("11-17-2020 10", "11-17-2020 11", "11-17-2020 12", "11-17-2020 13",
                "11-17-2020 14");
        fixture.sql("ALTER TABLE t ADD PARTITION (pt='11-17-2020 11');");

        table.createPartition(new PartitionSpec("pt='11-17-2020 15'"));
        assertThat(fixture.sql("show partitions t;")).contains("pt=11-17-2020 15\n");
        fixture.sql("ALTER TABLE t DROP IF EXISTS PARTITION (pt='11-17-2020 15');");
        assertThat(table.hasPartition(new PartitionSpec("pt='11-17-2020 15'"))).isFalse();
    }

    @Test
    void seedQueriesRunAsWritten() throws Exception {
        fixture.sql("CREATE TABLE IF NOT EXISTS test_kafka(topic STRING,partition BIGINT,offset BIGINT,key STRING,"
                + "value STRING) PARTITIONED by (pt STRING);");
        fixture.sql("ALTER TABLE test_kafka ADD PARTITION (pt='11-17-2020 14');");
        TunnelTestData.upload(fixture.odps(), "test_kafka", "pt='11-17-2020 14'",
                new Object[] {"maxcompute-test-input", 0L, 0L, "1", "1"});

        assertThat(fixture.sql("show partitions test_kafka;")).isEqualTo("pt=11-17-2020 14\n");
        Instance select = SQLTask.run(fixture.odps(), "select * from test_kafka where pt =\"11-17-2020 14\";");
        select.waitForSuccess();
        List<Record> rows = SQLTask.getResult(select);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).getString("topic")).isEqualTo("maxcompute-test-input");
        assertThat(rows.get(0).getString("value")).isEqualTo("1");
        assertThat(rows.get(0).getString("pt")).isEqualTo("11-17-2020 14");

        Instance fullScan = SQLTask.run(fixture.odps(), "set odps.sql.allow.fullscan=true;\nselect * from test_kafka;");
        fullScan.waitForSuccess();
        assertThat(SQLTask.getResult(fullScan)).hasSize(1);

        assertThatThrownBy(() -> fixture.sql("select * from test_kafka;"))
                .isInstanceOf(OdpsException.class).hasMessageContaining("full scan");
        assertThat(fixture.sql("select count(*) from test_kafka where pt='11-17-2020 14';")).isEqualTo("_c0\n1\n");
    }

    @Test
    void countAndLimitAndColumnFilters() throws Exception {
        fixture.sql("CREATE TABLE plain (id BIGINT, name STRING);");
        Object[][] rows = new Object[10][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new Object[] {(long) i, "name, \"" + i + "\""};
        }
        TunnelTestData.upload(fixture.odps(), "plain", null, rows);
        assertThat(fixture.sql("select count(*) from plain")).isEqualTo("_c0\n10\n");
        Instance limited = SQLTask.run(fixture.odps(), "SELECT * FROM plain LIMIT 3");
        limited.waitForSuccess();
        List<Record> records = SQLTask.getResult(limited);
        assertThat(records).extracting(r -> r.getString("id")).containsExactly("0", "1", "2");
        assertThat(records.get(1).getString("name")).isEqualTo("name, \"1\"");
        assertThat(fixture.emulator.execute("select * from plain where id = 7"))
                .singleElement().satisfies(row -> assertThat(row.get("name")).isEqualTo("name, \"7\""));
    }

    @Test
    void queryResultsAreReadThroughTheInstanceTunnelInFull() throws Exception {
        fixture.sql("CREATE TABLE plain (id BIGINT, name STRING, at DATETIME);");
        Object[][] rows = new Object[10_005][];
        java.util.Date at = new java.util.Date(1_700_000_000_000L);
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new Object[] {(long) i, "n" + i, at};
        }
        TunnelTestData.upload(fixture.odps(), "plain", null, rows);
        Instance select = SQLTask.run(fixture.odps(), "select * from plain;");
        select.waitForSuccess();
        assertThat(SQLTask.getResult(select)).hasSize(10_000); // the CSV result is capped like the service's

        com.aliyun.odps.data.ResultSet all = SQLTask.getResultSet(select);
        assertThat(all.getRecordCount()).isEqualTo(10_005);
        long count = 0;
        Record last = null;
        while (all.hasNext()) {
            last = all.next();
            count++;
        }
        assertThat(count).isEqualTo(10_005);
        assertThat(last.getBigint("id")).isEqualTo(10_004L);
        assertThat(last.getDatetime("at")).isEqualTo(at);

        Instance counted = SQLTask.run(fixture.odps(), "select count(*) from plain;");
        counted.waitForSuccess();
        assertThat(SQLTask.getResultByInstanceTunnel(counted)).singleElement()
                .satisfies(r -> assertThat(r.getBigint("_c0")).isEqualTo(10_005L));
    }

    @Test
    void unsupportedSqlAnswersAClearError() {
        assertThatThrownBy(() -> fixture.sql("update t set v = 1;"))
                .isInstanceOf(OdpsException.class).hasMessageContaining("unsupported SQL");
        assertThatThrownBy(() -> fixture.sql("insert into t values (1);"))
                .isInstanceOf(OdpsException.class).hasMessageContaining("unsupported SQL");
    }

    @Test
    void securityStatementsParseAndAreRecorded() throws Exception {
        fixture.sql("add user `RAM$123456:role/aliyunkafkamaxcomputeuser1`;");
        fixture.sql("grant CreateInstance on project connector_test to user "
                + "`RAM$123456:role/aliyunkafkamaxcomputeuser1`;");
        fixture.sql("grant Describe, Alter, Update on table test_kafka to user "
                + "`RAM$123456:role/aliyunkafkamaxcomputeuser1`;");
        fixture.restart();
        assertThat(fixture.emulator.securityStatements(EmulatorFixture.PROJECT)).hasSize(3)
                .last().asString().startsWith("grant Describe, Alter, Update on table test_kafka");
    }

    @Test
    void wrongSecretAndUnknownKeyAreRejectedWithTheServiceErrors() throws Exception {
        fixture.sql("CREATE TABLE t (v STRING);");
        Odps wrongSecret = fixture.odps(EmulatorFixture.ACCESS_ID, "wrong-secret");
        assertThatThrownBy(() -> wrongSecret.projects().get(EmulatorFixture.PROJECT).reload())
                .isInstanceOf(OdpsException.class)
                .hasMessageContaining("signature")
                .satisfies(e -> assertThat(((OdpsException) e).getStatus()).isEqualTo(401))
                .satisfies(e -> assertThat(((OdpsException) e).getErrorCode()).isEqualTo("SignatureNotMatch"));
        assertThatThrownBy(() -> wrongSecret.tables().get("t").reload())
                .isInstanceOf(OdpsException.class).hasMessageContaining("signature does not match");
        // Like the service, 401: for requests with a body the JDK client then reports a failed connection
        assertThatThrownBy(() -> SQLTask.run(wrongSecret, "select count(*) from t")).isInstanceOf(OdpsException.class);
        assertThatThrownBy(() -> fixture.odps("unknown-ak", "x").projects().get(EmulatorFixture.PROJECT).reload())
                .isInstanceOf(OdpsException.class)
                .satisfies(e -> assertThat(((OdpsException) e).getErrorCode()).isEqualTo("InvalidAccessKeyId"));
        // every configured pair works
        fixture.odps("second-ak", "second-sk").tables().get("t").reload();
    }

    @Test
    void dropTableAndProjectsAreIsolated() throws Exception {
        fixture.sql("CREATE TABLE t (v STRING);");
        fixture.sql("CREATE TABLE other_project.t (w BIGINT, x BIGINT);");
        assertThat(fixture.odps().tables().get("other_project", "t").getSchema().getColumns()).hasSize(2);
        fixture.sql("DROP TABLE t;");
        fixture.sql("DROP TABLE IF EXISTS t;");
        assertThat(fixture.odps().tables().exists("t")).isFalse();
        assertThat(fixture.odps().tables().exists("other_project", "t")).isTrue();
        assertThatThrownBy(() -> fixture.sql("DROP TABLE t;")).isInstanceOf(OdpsException.class)
                .hasMessageContaining("not found");
        assertThatThrownBy(() -> fixture.odps().projects().get("no_such_project").reload())
                .isInstanceOf(NoSuchObjectException.class);
    }
}
