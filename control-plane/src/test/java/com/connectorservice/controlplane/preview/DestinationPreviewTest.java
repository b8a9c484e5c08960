package com.connectorservice.controlplane.preview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import com.connectorservice.controlplane.destination.AllDestinations;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.CreateTableRequest;
import com.alicloud.openservices.tablestore.model.PrimaryKeyBuilder;
import com.alicloud.openservices.tablestore.model.PrimaryKeyType;
import com.alicloud.openservices.tablestore.model.PrimaryKeyValue;
import com.alicloud.openservices.tablestore.model.PutRowRequest;
import com.alicloud.openservices.tablestore.model.RowPutChange;
import com.alicloud.openservices.tablestore.model.TableMeta;
import com.alicloud.openservices.tablestore.model.TableOptions;
import com.aliyun.odps.Odps;
import com.aliyun.odps.PartitionSpec;
import com.aliyun.odps.account.AliyunAccount;
import com.aliyun.odps.data.Record;
import com.aliyun.odps.data.RecordWriter;
import com.aliyun.odps.tunnel.TableTunnel;
import com.connectorservice.controlplane.api.ApiException;
import com.connectorservice.controlplane.connector.ConnectorDefinition;
import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.controlplane.destination.maxcompute.MaxComputeDestination;
import com.connectorservice.controlplane.destination.tablestore.TablestoreDestination;
import com.connectorservice.emulator.maxcompute.MaxComputeEmulator;
import com.connectorservice.emulator.tablestore.TablestoreEmulator;

/** The preview with the real MaxCompute and Tablestore SDKs against both emulators, started once for the class. */
class DestinationPreviewTest {

    private static final PreviewService PREVIEW = new PreviewService(null, AllDestinations.registry());

    static final String PROJECT = "connector_test";
    static final String AK = "preview-ak";
    static final String SK = "preview-sk";
    static final String OTS_INSTANCE = "preview-ots";

    static MaxComputeEmulator maxCompute;
    static TablestoreEmulator tablestore;

    @BeforeAll
    static void start(@TempDir Path data) throws Exception {
        maxCompute = MaxComputeEmulator.builder().port(0).dataDirectory(data.resolve("odps")).credential(AK, SK)
                .project(PROJECT).start();
        tablestore = TablestoreEmulator.builder().port(0).dataDirectory(data.resolve("ots")).credential(AK, SK)
                .instance(OTS_INSTANCE).start();
        maxCompute.execute("create table kafka_events (topic string, value string, offset bigint) partitioned by (pt string)");
        maxCompute.execute("alter table kafka_events add partition (pt='2026-11-21 11') partition (pt='2026-11-21 12')");
        upload("kafka_events", "2026-11-21 11", 3);
        upload("kafka_events", "2026-11-21 12", 30);
        maxCompute.execute("create table plain_events (topic string, value string, offset bigint)");
        upload("plain_events", null, 2);

        try (Ots ots = new Ots()) {
            TableMeta meta = new TableMeta("kafka_rows");
            meta.addPrimaryKeyColumn("topic_partition", PrimaryKeyType.STRING);
            meta.addPrimaryKeyColumn("offset", PrimaryKeyType.INTEGER);
            ots.client.createTable(new CreateTableRequest(meta, new TableOptions(-1, 1)));
            for (int i = 0; i < 5; i++) {
                RowPutChange put = new RowPutChange("kafka_rows", PrimaryKeyBuilder.createPrimaryKeyBuilder()
                        .addPrimaryKeyColumn("topic_partition", PrimaryKeyValue.fromString("orders_0"))
                        .addPrimaryKeyColumn("offset", PrimaryKeyValue.fromLong(i)).build());
                put.addColumn("value", ColumnValue.fromString("message " + i));
                if (i == 3) {
                    put.addColumn("headers", ColumnValue.fromString("{\"trace\":\"t3\"}"));
                }
                ots.client.putRow(new PutRowRequest(put));
            }
        }
    }

    @AfterAll
    static void stop() {
        maxCompute.close();
        tablestore.close();
    }

    private static void upload(String table, String pt, int rows) throws Exception {
        Odps odps = new Odps(new AliyunAccount(AK, SK));
        odps.setEndpoint(maxCompute.endpoint());
        odps.setDefaultProject(PROJECT);
        TableTunnel tunnel = new TableTunnel(odps);
        TableTunnel.UploadSession session = pt == null ? tunnel.createUploadSession(PROJECT, table)
                : tunnel.createUploadSession(PROJECT, table, new PartitionSpec("pt='" + pt + "'"));
        try (RecordWriter writer = session.openRecordWriter(0)) {
            for (int i = 0; i < rows; i++) {
                Record record = session.newRecord();
                record.setString("topic", "orders");
                record.setString("value", "hello " + (pt == null ? "" : pt + " ") + i);
                record.setBigint("offset", (long) i);
                writer.write(record);
            }
        }
        session.commit(new Long[] {0L});
    }

    private static final class Ots implements AutoCloseable {
        final SyncClient client = new SyncClient(tablestore.endpoint(), AK, SK, OTS_INSTANCE);

        @Override
        public void close() {
            client.shutdown();
        }
    }

    private static ConnectorDefinition maxComputeConnector(String table, DestinationAuth auth) {
        return new ConnectorDefinition("preview", null, null, new MaxComputeDestination(maxCompute.endpoint(), null,
                PROJECT, null, table, "cn-hangzhou", auth, null, null, null, null, null, null, null, null), null, null)
                .withDefaults();
    }

    private static ConnectorDefinition tablestoreConnector(String table, TablestoreDestination.Model model) {
        return new ConnectorDefinition("preview", null, null, new TablestoreDestination(tablestore.endpoint(),
                OTS_INSTANCE, new DestinationAuth.AccessKey(AK, SK), null, table, model, null, null, null, null, null,
                null, null, null), null, null).withDefaults();
    }

    private static ApiException failure(Runnable call) {
        try {
            call.run();
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("expected the preview to fail");
    }

    @Test
    void maxComputeAnswersTheNewestPartitionFirstAndItsRows() {
        DestinationPreview preview = PREVIEW.preview(maxComputeConnector("kafka_events", key()), null, 20);

        assertThat(preview.partitions()).containsExactly("pt=2026-11-21 12", "pt=2026-11-21 11");
        assertThat(preview.columns()).containsExactly("topic", "value", "offset", "pt");
        assertThat(preview.rows()).hasSize(20);
        assertThat(preview.rows().get(0)).containsExactly("orders", "hello 2026-11-21 12 0", 0L, "2026-11-21 12");
    }

    @Test
    void maxComputeReadsTheChosenPartitionUpToTheLimit() {
        DestinationPreview preview = PREVIEW.preview(maxComputeConnector("kafka_events", key()),
                "pt=2026-11-21 11", 2);

        assertThat(preview.rows()).extracting(row -> row.get(1)).containsExactly("hello 2026-11-21 11 0",
                "hello 2026-11-21 11 1");
        assertThat(preview.rows()).allSatisfy(row -> assertThat(row.get(3)).isEqualTo("2026-11-21 11"));
    }

    @Test
    void maxComputeUnknownPartitionIsNotFound() {
        ApiException e = failure(() -> PREVIEW.preview(maxComputeConnector("kafka_events", key()),
                "pt=2020-01-01 00", 5));
        assertThat(e.status().value()).isEqualTo(404);
        assertThat(e.errors().get(0).field()).isEqualTo("partition");
    }

    @Test
    void maxComputeNonPartitionedTableHasNoPartitions() {
        DestinationPreview preview = PREVIEW.preview(maxComputeConnector("plain_events", key()), null, 20);

        assertThat(preview.partitions()).isNull();
        assertThat(preview.columns()).containsExactly("topic", "value", "offset");
        assertThat(preview.rows()).containsExactly(List.of("orders", "hello 0", 0L), List.of("orders", "hello 1", 1L));
    }

    /** Issue 18: BINARY bytes as base64 (as Tablestore's), never the SDK's quoted-printable text. */
    @Test
    void maxComputeBinaryColumnsAreBase64() throws Exception {
        maxCompute.execute("create table binary_events (id bigint, payload binary)");
        Odps odps = new Odps(new AliyunAccount(AK, SK));
        odps.setEndpoint(maxCompute.endpoint());
        odps.setDefaultProject(PROJECT);
        TableTunnel.UploadSession session = new TableTunnel(odps).createUploadSession(PROJECT, "binary_events");
        try (RecordWriter writer = session.openRecordWriter(0)) {
            Record record = session.newRecord();
            record.setBigint("id", 1L);
            record.set("payload", new com.aliyun.odps.data.Binary(new byte[] {(byte) 0xff, 0, 'A', '='}));
            writer.write(record);
        }
        session.commit(new Long[] {0L});

        DestinationPreview preview = PREVIEW.preview(maxComputeConnector("binary_events", key()), null, 20);

        assertThat(preview.rows()).containsExactly(List.of(1L, "/wBBPQ=="));
    }

    /** Issue 16: change data routed per source table; each routed Delta table shows its current rows. */
    @Test
    void maxComputeRoutedChangeDataShowsEachRoutedDeltaTablesCurrentRows() throws Exception {
        for (String table : List.of("cdc_customers", "cdc_orders")) {
            maxCompute.execute("CREATE TABLE " + table + " (id BIGINT NOT NULL, name STRING, PRIMARY KEY (id))"
                    + " TBLPROPERTIES ('transactional'='true', 'write.bucket.num'='4')");
        }
        maxCompute.execute("CREATE TABLE cdcother (id BIGINT)"); // not a name the template yields
        upsert("cdc_customers", Map.of(1L, "ann", 2L, "bob", 3L, "cy"));
        upsert("cdc_customers", Map.of(2L, "bob renamed"));
        upsert("cdc_orders", Map.of(7L, "tea"));
        ConnectorDefinition connector = maxComputeConnector("cdc_{table}", key());

        DestinationPreview first = PREVIEW.preview(connector, null, null, 20);
        assertThat(first.tables()).containsExactly("cdc_customers", "cdc_orders");
        assertThat(first.table()).isEqualTo("cdc_customers");
        assertThat(first.columns()).containsExactly("id", "name");
        assertThat(first.rows()).containsExactlyInAnyOrder(List.of(1L, "ann"), List.of(2L, "bob renamed"), List.of(3L, "cy"));

        DestinationPreview orders = PREVIEW.preview(connector, "cdc_orders", null, 20);
        assertThat(orders.table()).isEqualTo("cdc_orders");
        assertThat(orders.rows()).containsExactly(List.of(7L, "tea"));

        ApiException unknown = failure(() -> PREVIEW.preview(connector, "cdcother", null, 5));
        assertThat(unknown.status().value()).isEqualTo(404);
        assertThat(unknown.errors().get(0).field()).isEqualTo("table");

        DestinationPreview none = PREVIEW.preview(maxComputeConnector("nothing_yet_{db}_{table}", key()), null, null, 5);
        assertThat(none.tables()).isEmpty();
        assertThat(none.rows()).isEmpty();

        ApiException single = failure(() -> PREVIEW.preview(maxComputeConnector("plain_events", key()), "cdc_orders", null, 5));
        assertThat(single.status().value()).isEqualTo(400);
        assertThat(single.errors().get(0).field()).isEqualTo("table");
    }

    private static void upsert(String table, Map<Long, String> rows) throws Exception {
        Odps odps = new Odps(new AliyunAccount(AK, SK));
        odps.setEndpoint(maxCompute.endpoint());
        odps.setDefaultProject(PROJECT);
        TableTunnel.UpsertSession session = new TableTunnel(odps).buildUpsertSession(PROJECT, table).build();
        try (com.aliyun.odps.tunnel.streams.UpsertStream stream = session.buildUpsertStream().build()) {
            for (Map.Entry<Long, String> row : rows.entrySet()) {
                Record record = session.newRecord();
                record.setBigint("id", row.getKey());
                record.setString("name", row.getValue());
                stream.upsert(record);
            }
            stream.flush();
        }
        session.commit(false);
        session.close();
    }

    @Test
    void maxComputeMissingTableIsNamed() {
        ApiException e = failure(() -> PREVIEW.preview(maxComputeConnector("no_such_table", key()), null, 5));
        assertThat(e.status().value()).isEqualTo(404);
        assertThat(e.errors().get(0).field()).isEqualTo("destination.table");
        assertThat(e.getMessage()).contains("no_such_table").contains("does not exist");
    }

    @Test
    void maxComputeWrongSecretIsAuthRefusedWithoutTheSecret() {
        ApiException e = failure(() -> PREVIEW.preview(maxComputeConnector("kafka_events",
                new DestinationAuth.AccessKey(AK, "wrong-secret-value")), null, 5));
        assertThat(e.status().value()).isEqualTo(422);
        assertThat(e.errors().get(0).rule()).isEqualTo("preview.auth.refused");
        assertThat(e.getMessage()).doesNotContain("wrong-secret-value");
    }

    @Test
    void unreachableEndpointAnswersQuicklyAsBadGateway() {
        ConnectorDefinition definition = new ConnectorDefinition("preview", null, null, new MaxComputeDestination(
                "http://127.0.0.1:1/api", null, PROJECT, null, "kafka_events", "cn-hangzhou", key(), null, null, null,
                null, null, null, null, null), null, null).withDefaults();
        long started = System.nanoTime();
        ApiException e = failure(() -> PREVIEW.preview(definition, null, 5));
        assertThat(e.status().value()).isEqualTo(502);
        assertThat(e.errors().get(0).rule()).isEqualTo("preview.endpoint.unreachable");
        assertThat(System.nanoTime() - started).isLessThan(15_000_000_000L);
    }

    @Test
    void ramRoleIsRefusedWithTheReason() {
        ApiException e = failure(() -> PREVIEW.preview(maxComputeConnector("kafka_events",
                new DestinationAuth.RamRole("1880000000000000", "AliyunKafkaRole", null, null)), null, 5));
        assertThat(e.status().value()).isEqualTo(422);
        assertThat(e.errors().get(0).field()).isEqualTo("destination.auth.type");
        assertThat(e.getMessage()).contains("RAM role");
    }

    @Test
    void limitOutsideOneToTwoHundredIsABadRequest() {
        assertThat(PreviewService.checkedLimit(null)).isEqualTo(20);
        assertThat(PreviewService.checkedLimit(200)).isEqualTo(200);
        assertThatThrownBy(() -> PreviewService.checkedLimit(201)).isInstanceOf(ApiException.class)
                .hasMessageContaining("limit must be between 1 and 200");
        assertThatThrownBy(() -> PreviewService.checkedLimit(0)).isInstanceOf(ApiException.class);
    }

    @Test
    void tablestoreAnswersPrimaryKeyThenAttributeColumnsAligned() {
        DestinationPreview preview = PREVIEW.preview(tablestoreConnector("kafka_rows", null), null, 20);

        assertThat(preview.partitions()).isNull();
        assertThat(preview.columns()).containsExactly("topic_partition", "offset", "value", "headers");
        assertThat(preview.rows()).hasSize(5);
        assertThat(preview.rows().get(0)).containsExactly("orders_0", 0L, "message 0", null);
        assertThat(preview.rows().get(3)).containsExactly("orders_0", 3L, "message 3", "{\"trace\":\"t3\"}");
    }

    @Test
    void tablestoreHonoursTheLimit() {
        DestinationPreview preview = PREVIEW.preview(tablestoreConnector("kafka_rows", null), null, 2);

        assertThat(preview.rows()).extracting(row -> row.get(1)).containsExactly(0L, 1L);
        assertThat(preview.columns()).containsExactly("topic_partition", "offset", "value");
    }

    @Test
    void tablestoreMissingTableIsNamed() {
        ApiException e = failure(() -> PREVIEW.preview(tablestoreConnector("not_created_yet", null), null, 5));
        assertThat(e.status().value()).isEqualTo(404);
        assertThat(e.errors().get(0).field()).isEqualTo("destination.tableName");
        assertThat(e.getMessage()).contains("not_created_yet");
    }

    @Test
    void tablestoreWrongSecretAndUnreachableEndpointAreTold() {
        ConnectorDefinition wrongSecret = tablestoreConnector("kafka_rows", null).withDestination(
                tablestoreConnector("kafka_rows", null).destination().withAuth(new DestinationAuth.AccessKey(AK, "bad-secret-xyz")));
        ApiException refused = failure(() -> PREVIEW.preview(wrongSecret, null, 5));
        assertThat(refused.status().value()).isEqualTo(422);
        assertThat(refused.getMessage()).doesNotContain("bad-secret-xyz");

        ConnectorDefinition nowhere = new ConnectorDefinition("preview", null, null, new TablestoreDestination(
                "http://127.0.0.1:1", OTS_INSTANCE, key(), null, "kafka_rows", null, null, null, null, null, null, null,
                null, null), null, null).withDefaults();
        ApiException unreachable = failure(() -> PREVIEW.preview(nowhere, null, 5));
        assertThat(unreachable.status().value()).isEqualTo(502);
        assertThat(unreachable.errors().get(0).field()).isEqualTo("destination.endpoint");
    }

    @Test
    void tablestoreTimeseriesIsExplained() {
        ApiException e = failure(() -> PREVIEW.preview(tablestoreConnector("metrics",
                TablestoreDestination.Model.TIMESERIES), null, 5));
        assertThat(e.status().value()).isEqualTo(422);
        assertThat(e.getMessage()).contains("wide column tables");
    }

    private static DestinationAuth.AccessKey key() {
        return new DestinationAuth.AccessKey(AK, SK);
    }
}
