package com.connectorservice.controlplane.connectconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.connectorservice.controlplane.connector.ConnectorDefinition;
import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.controlplane.connector.MaxComputeDestination;
import com.connectorservice.controlplane.connector.SourceSettings;
import com.connectorservice.controlplane.connector.TablestoreDestination;
import com.connectorservice.controlplane.connector.TablestoreDestination.PrimaryKeyColumn;
import com.connectorservice.controlplane.connector.TablestoreDestination.Timeseries;
import com.connectorservice.controlplane.kafka.KafkaConnection;

class ConnectConfigMapperTest {

    private static final String SECRET = "S3cretValue";
    private static final KafkaConnection PLAIN = new KafkaConnection("k1", "broker:9092", Map.of());
    private static final KafkaConnection SASL = new KafkaConnection("k1", "broker:9093", Map.of(
            "security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN",
            "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";"));

    private static SourceSettings source(Integer concurrency, SourceSettings.FailurePolicy policy) {
        return new SourceSettings("orders", concurrency, null, policy, null, null, null, null, null, null, "connect-err-x");
    }

    private static ConnectorDefinition maxCompute(MaxComputeDestination destination, SourceSettings.FailurePolicy policy) {
        return new ConnectorDefinition("orders-odps", null, source(3, policy), destination, null).withDefaults();
    }

    private static MaxComputeDestination odps(DestinationAuth auth, MaxComputeDestination.Format format) {
        return new MaxComputeDestination("http://mc.example/api", "http://dt.example", "proj", "sch", "tbl", "cn-hangzhou", auth,
                MaxComputeDestination.Mode.VALUE, format, MaxComputeDestination.PartitionWindow.DAY, "GMT 08:00", true, 1024, 4, 500);
    }

    @Test
    void maxComputeFieldsMapToSeed001KeysAndTheSecretOnlyAsAReference() {
        ConnectRuntimeConfig config = ConnectConfigMapper.map(
                maxCompute(odps(new DestinationAuth.AccessKey("AKID", SECRET), MaxComputeDestination.Format.JSON), null), PLAIN, 1, ConnectConfigMapper.ServiceIdentity.NONE);

        assertThat(config.connectorConfig()).containsAllEntriesOf(Map.ofEntries(
                Map.entry("connector.class", ConnectConfigMapper.MAXCOMPUTE_CONNECTOR),
                Map.entry("tasks.max", "3"), Map.entry("topics", "orders"),
                Map.entry("endpoint", "http://mc.example/api"), Map.entry("tunnel_endpoint", "http://dt.example"),
                Map.entry("project", "proj"), Map.entry("schema", "sch"), Map.entry("table", "tbl"),
                Map.entry("region_id", "cn-hangzhou"), Map.entry("mode", "VALUE"), Map.entry("format", "JSON"),
                Map.entry("partition_window_type", "DAY"), Map.entry("time_zone", "GMT+08:00"),
                Map.entry("use_streaming", "true"), Map.entry("buffer_size_kb", "1024"), Map.entry("sink_pool_size", "4"),
                Map.entry("record_batch_size", "500"), Map.entry("account_type", "ALIYUN"), Map.entry("access_id", "AKID"),
                Map.entry("access_key", "${secret:accessKeySecret}"),
                Map.entry("key.converter", ConnectConfigMapper.STRING_CONVERTER),
                Map.entry("value.converter", ConnectConfigMapper.STRING_CONVERTER)));
        assertThat(config.connectorConfig().values()).noneMatch(v -> v.contains(SECRET));
        assertThat(config.secrets()).containsExactly(Map.entry("accessKeySecret", SECRET));
    }

    @Test
    void binaryFormatReadsBytesAndStsRoleFieldsMapToTheStsKeys() {
        ConnectRuntimeConfig config = ConnectConfigMapper.map(maxCompute(odps(
                new DestinationAuth.RamRole("1234", "AliyunKafkaRole", "http://sts.example", 60_000L),
                MaxComputeDestination.Format.BINARY), null), PLAIN, 1,
                new ConnectConfigMapper.ServiceIdentity("SERVICEAK", "service-secret", "https://sts.default", "cn-beijing"));

        assertThat(config.connectorConfig()).containsAllEntriesOf(Map.of("account_type", "STS", "account_id", "1234",
                "role_name", "AliyunKafkaRole", "sts.endpoint", "http://sts.example", "client_timeout_ms", "60000",
                "value.converter", ConnectConfigMapper.BYTE_ARRAY_CONVERTER, "access_id", "SERVICEAK",
                "access_key", "${secret:serviceAccessKeySecret}", "region_id", "cn-hangzhou"));
        assertThat(config.secrets()).containsExactly(Map.entry("serviceAccessKeySecret", "service-secret"));
    }

    @Test
    void continueSendsFailuresToTheDeadLetterAndErrorTopicsWithTheInstanceSecurityAsReferences() {
        ConnectRuntimeConfig config = ConnectConfigMapper.map(maxCompute(odps(new DestinationAuth.AccessKey("AKID", SECRET),
                MaxComputeDestination.Format.TEXT), SourceSettings.FailurePolicy.CONTINUE), SASL, 3, ConnectConfigMapper.ServiceIdentity.NONE);

        assertThat(config.connectorConfig()).containsAllEntriesOf(Map.of("errors.tolerance", "all",
                "errors.deadletterqueue.topic.name", "connect-error-orders-odps",
                "errors.deadletterqueue.topic.replication.factor", "3",
                "errors.deadletterqueue.context.headers.enable", "true", "errors.log.enable", "true",
                "runtime.error.topic.name", "connect-err-x", "runtime.error.topic.bootstrap.servers", "broker:9093",
                "runtime.error.topic.producer.security.protocol", "SASL_SSL",
                "runtime.error.topic.producer.sasl.jaas.config", "${secret:kafka.sasl.jaas.config}"));
        assertThat(config.worker().clientProperties()).containsEntry("sasl.jaas.config", "${secret:kafka.sasl.jaas.config}")
                .containsEntry("sasl.mechanism", "PLAIN");
        assertThat(config.secrets()).containsKey("kafka.sasl.jaas.config");
        assertThat(config.worker()).isEqualTo(new ConnectRuntimeConfig.WorkerSettings("broker:9093",
                config.worker().clientProperties(), "connect-cluster-orders-odps", "connect-config-orders-odps",
                "connect-offset-orders-odps", "connect-status-orders-odps"));
    }

    @Test
    void stopFailsTheTaskOnTheFirstBadRecord() {
        ConnectRuntimeConfig config = ConnectConfigMapper.map(maxCompute(odps(new DestinationAuth.AccessKey("AKID", SECRET),
                MaxComputeDestination.Format.TEXT), SourceSettings.FailurePolicy.STOP), PLAIN, 1, ConnectConfigMapper.ServiceIdentity.NONE);

        assertThat(config.connectorConfig()).containsEntry("errors.tolerance", "none")
                .doesNotContainKeys("errors.deadletterqueue.topic.name", "runtime.error.topic.name");
    }

    @Test
    void tablestoreWideColumnFieldsMapToTheSinkKeys() {
        TablestoreDestination destination = new TablestoreDestination("http://ots.example", "inst",
                new DestinationAuth.AccessKey("AKID", SECRET), true, "kafka_<topic>", TablestoreDestination.Model.WIDE_COLUMN,
                TablestoreDestination.MessageFormat.STRING, TablestoreDestination.MessageFormat.JSON,
                TablestoreDestination.JsonConversion.AUTO_TYPE, TablestoreDestination.PrimaryKeyMode.RECORD_VALUE,
                List.of(new PrimaryKeyColumn("id", PrimaryKeyColumn.ColumnType.INTEGER),
                        new PrimaryKeyColumn("region", PrimaryKeyColumn.ColumnType.STRING)),
                TablestoreDestination.WriteMode.UPDATE, TablestoreDestination.DeleteMode.NONE, null);
        ConnectRuntimeConfig config = ConnectConfigMapper.map(
                new ConnectorDefinition("ots", null, source(1, null), destination, 2).withDefaults(), PLAIN, 1, ConnectConfigMapper.ServiceIdentity.NONE);

        assertThat(config.connectorConfig()).containsAllEntriesOf(Map.ofEntries(
                Map.entry("connector.class", ConnectConfigMapper.TABLESTORE_CONNECTOR), Map.entry("tasks.max", "1"),
                Map.entry("tablestore.endpoint", "http://ots.example"), Map.entry("tablestore.instance.name", "inst"),
                Map.entry("tablestore.auth.mode", "aksk"), Map.entry("tablestore.access.key.id", "AKID"),
                Map.entry("tablestore.access.key.secret", "${secret:accessKeySecret}"), Map.entry("tablestore.mode", "normal"),
                Map.entry("auto.create", "true"), Map.entry("table.name.format", "kafka_<topic>"),
                Map.entry("message.key.format", "STRING"), Map.entry("message.value.format", "JSON"),
                Map.entry("json.field.conversion", "AUTO_TYPE"), Map.entry("primarykey.mode", "record_value"),
                Map.entry("primarykey.name", "id,region"), Map.entry("primarykey.type", "integer,string"),
                Map.entry("insert.mode", "update"), Map.entry("delete.mode", "none"),
                Map.entry("value.converter", ConnectConfigMapper.STRING_CONVERTER)));
        assertThat(config.secrets()).containsExactly(Map.entry("accessKeySecret", SECRET));
    }

    @Test
    void tablestoreTimeseriesFieldsMapToTheTimeseriesKeys() {
        Timeseries timeseries = new Timeseries("metric", "host", List.of("region", "zone"), "ts",
                Timeseries.TimestampUnit.SECONDS, false, java.util.Collections.singletonMap("cpu", Timeseries.FieldType.DOUBLE));
        TablestoreDestination destination = new TablestoreDestination("http://ots.example", "inst",
                new DestinationAuth.RamRole("1234", "role", "http://sts.example", null), true, "metrics",
                TablestoreDestination.Model.TIMESERIES, null, null, null, null, null, null, null, timeseries);
        ConnectRuntimeConfig config = ConnectConfigMapper.map(
                new ConnectorDefinition("ts", null, source(1, null), destination, null).withDefaults(), PLAIN, 1,
                new ConnectConfigMapper.ServiceIdentity("SERVICEAK", "service-secret", "https://sts.default", "cn-beijing"));

        assertThat(config.connectorConfig()).containsAllEntriesOf(Map.ofEntries(
                Map.entry("tablestore.mode", "timeseries"), Map.entry("tablestore.auth.mode", "sts"),
                Map.entry("account.id", "1234"), Map.entry("role.name", "role"), Map.entry("sts.endpoint", "http://sts.example"),
                Map.entry("region", "cn-beijing"), Map.entry("tablestore.access.key.id", "SERVICEAK"),
                Map.entry("tablestore.access.key.secret", "${secret:serviceAccessKeySecret}"),
                Map.entry("tablestore.timeseries.measurement", "metric"), Map.entry("tablestore.timeseries.dataSource", "host"),
                Map.entry("tablestore.timeseries.tags", "region,zone"), Map.entry("tablestore.timeseries.time", "ts"),
                Map.entry("tablestore.timeseries.time.unit", "SECONDS"), Map.entry("tablestore.timeseries.mapAll", "false"),
                Map.entry("tablestore.timeseries.field.name", "cpu"), Map.entry("tablestore.timeseries.field.type", "double")));
    }
}
