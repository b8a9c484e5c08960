package com.connectorservice.controlplane.connectconfig;

import static org.assertj.core.api.Assertions.assertThat;
import com.connectorservice.controlplane.destination.AllDestinations;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.connectorservice.contracts.sink.FailedRecordSpec;
import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec;
import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec.Format;
import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec.Mode;
import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec.PartitionWindow;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.DeleteMode;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.JsonConversion;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.MessageFormat;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.PrimaryKeyMode;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.PrimaryKeyType;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.TimeseriesFieldType;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.TimestampUnit;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.WriteMode;
import com.connectorservice.controlplane.connector.ConnectorDefinition;
import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.controlplane.destination.maxcompute.MaxComputeDestination;
import com.connectorservice.controlplane.connector.SourceSettings;
import com.connectorservice.controlplane.destination.tablestore.TablestoreDestination;
import com.connectorservice.controlplane.destination.tablestore.TablestoreDestination.PrimaryKeyColumn;
import com.connectorservice.controlplane.destination.tablestore.TablestoreDestination.Timeseries;
import com.connectorservice.controlplane.kafka.KafkaConnection;

/**
 * The mapping writes each definition field under its key in the sink's spec and checks every config it writes with
 * that spec. Seed 001's key names themselves are checked by the MaxCompute sink's own tests against the seed's JSON.
 */
class ConnectConfigMapperTest {

    private static final ConnectConfigMapper MAPPER = new ConnectConfigMapper(AllDestinations.registry());

    private static final String SECRET = "S3cretValue";
    private static final KafkaConnection PLAIN = new KafkaConnection("k1", "broker:9092", Map.of());
    private static final KafkaConnection SASL = new KafkaConnection("k1", "broker:9093", Map.of(
            "security.protocol", "SASL_SSL", "sasl.mechanism", "PLAIN",
            "sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"p\";"));
    private static final ConnectConfigMapper.ServiceIdentity SERVICE =
            new ConnectConfigMapper.ServiceIdentity("SERVICEAK", "service-secret", "https://sts.default", "cn-beijing");

    private static SourceSettings source(Integer concurrency, SourceSettings.FailurePolicy policy) {
        return new SourceSettings("orders", concurrency, null, policy, null, null, null, null, null, null, "connect-err-x");
    }

    private static ConnectorDefinition maxCompute(MaxComputeDestination destination, SourceSettings.FailurePolicy policy) {
        return new ConnectorDefinition("orders-odps", null, source(3, policy), destination, null, null).withDefaults();
    }

    private static MaxComputeDestination odps(DestinationAuth auth, Mode mode, Format format) {
        return new MaxComputeDestination("http://mc.example/api", "http://dt.example", "proj", "sch", "tbl", "cn-hangzhou",
                auth, mode, format, PartitionWindow.DAY, "GMT 08:00", true, 1024, 4, 500);
    }

    private static DestinationAuth.AccessKey accessKey() {
        return new DestinationAuth.AccessKey("AKID", SECRET);
    }

    @Test
    void maxComputeFieldsMapToTheSinkKeysAndTheSecretOnlyAsAReference() {
        ConnectRuntimeConfig config = MAPPER.map(maxCompute(odps(accessKey(), Mode.VALUE, Format.JSON), null),
                PLAIN, 1, ConnectConfigMapper.ServiceIdentity.NONE);

        assertThat(config.connectorConfig()).containsAllEntriesOf(Map.ofEntries(
                Map.entry(ConnectConfigMapper.CONNECTOR_CLASS, MaxComputeSinkSpec.CONNECTOR_CLASS),
                Map.entry("tasks.max", "3"), Map.entry("topics", "orders"),
                Map.entry(MaxComputeSinkSpec.ENDPOINT, "http://mc.example/api"),
                Map.entry(MaxComputeSinkSpec.TUNNEL_ENDPOINT, "http://dt.example"),
                Map.entry(MaxComputeSinkSpec.PROJECT, "proj"), Map.entry(MaxComputeSinkSpec.SCHEMA, "sch"),
                Map.entry(MaxComputeSinkSpec.TABLE, "tbl"), Map.entry(MaxComputeSinkSpec.REGION_ID, "cn-hangzhou"),
                Map.entry(MaxComputeSinkSpec.MODE, "VALUE"), Map.entry(MaxComputeSinkSpec.FORMAT, "JSON"),
                Map.entry(MaxComputeSinkSpec.PARTITION_WINDOW_TYPE, "DAY"), Map.entry(MaxComputeSinkSpec.TIME_ZONE, "GMT+08:00"),
                Map.entry(MaxComputeSinkSpec.USE_STREAMING, "true"), Map.entry(MaxComputeSinkSpec.BUFFER_SIZE_KB, "1024"),
                Map.entry(MaxComputeSinkSpec.SINK_POOL_SIZE, "4"), Map.entry(MaxComputeSinkSpec.RECORD_BATCH_SIZE, "500"),
                Map.entry(MaxComputeSinkSpec.ACCOUNT_TYPE, "ALIYUN"), Map.entry(MaxComputeSinkSpec.ACCESS_ID, "AKID"),
                Map.entry(MaxComputeSinkSpec.ACCESS_KEY, "${secret:accessKeySecret}")));
        // the worker's ByteArrayConverter hands the sink the record bytes (a JSON format too)
        assertThat(config.connectorConfig()).doesNotContainKeys("key.converter", "value.converter");
        assertThat(config.connectorConfig().values()).noneMatch(v -> v.contains(SECRET));
        assertThat(config.secrets()).containsExactly(Map.entry("accessKeySecret", SECRET));
        assertThat(config.problems()).isEmpty();
    }

    @Test
    void stsRoleFieldsMapToTheStsKeys() {
        ConnectRuntimeConfig config = MAPPER.map(maxCompute(odps(
                new DestinationAuth.RamRole("1234", "AliyunKafkaRole", "http://sts.example", 60_000L), Mode.VALUE,
                Format.BINARY), null), PLAIN, 1, SERVICE);

        assertThat(config.connectorConfig()).containsAllEntriesOf(Map.of(MaxComputeSinkSpec.ACCOUNT_TYPE, "STS",
                MaxComputeSinkSpec.ACCOUNT_ID, "1234", MaxComputeSinkSpec.ROLE_NAME, "AliyunKafkaRole",
                MaxComputeSinkSpec.STS_ENDPOINT, "http://sts.example", MaxComputeSinkSpec.CLIENT_TIMEOUT_MS, "60000",
                MaxComputeSinkSpec.ACCESS_ID, "SERVICEAK", MaxComputeSinkSpec.ACCESS_KEY, "${secret:serviceAccessKeySecret}",
                MaxComputeSinkSpec.REGION_ID, "cn-hangzhou"));
        assertThat(config.secrets()).containsExactly(Map.entry("serviceAccessKeySecret", "service-secret"));
        assertThat(config.problems()).isEmpty();
    }

    @Test
    void changeDataOptionsMapToTheSinkKeysAndBadValuesAreNamedByTheirField() {
        MaxComputeDestination.ChangeData options = new MaxComputeDestination.ChangeData(false, 8, "lz4", "32MB", "2MB", 4,
                2, "cdc_quota");
        MaxComputeDestination base = odps(accessKey(), Mode.VALUE, Format.DEBEZIUM_JSON);
        MaxComputeDestination cdc = new MaxComputeDestination(base.endpoint(), base.tunnelEndpoint(), base.project(),
                base.schema(), "ods_{table}", base.region(), base.auth(), base.mode(), base.format(), base.partitionWindow(),
                base.timeZone(), base.useStreaming(), base.bufferSizeKb(), base.sinkPoolSize(), base.recordBatchSize(),
                options);
        ConnectRuntimeConfig config = MAPPER.map(maxCompute(cdc, null), PLAIN, 1, SERVICE);
        assertThat(config.problems()).isEmpty();
        assertThat(config.connectorConfig()).containsAllEntriesOf(Map.of(MaxComputeSinkSpec.FORMAT, "DEBEZIUM_JSON",
                MaxComputeSinkSpec.TABLE, "ods_{table}", MaxComputeSinkSpec.AUTO_CREATE_TABLE, "false",
                MaxComputeSinkSpec.BUCKETS_NUM, "8", MaxComputeSinkSpec.COMPRESS_ALGORITHM, "lz4",
                MaxComputeSinkSpec.TOTAL_BUFFER_SIZE, "32MB", MaxComputeSinkSpec.BUCKET_BUFFER_SIZE, "2MB",
                MaxComputeSinkSpec.COMMIT_THREAD_NUM, "4", MaxComputeSinkSpec.FLUSH_CONCURRENT_NUM, "2",
                MaxComputeSinkSpec.QUOTA_NAME, "cdc_quota"));

        MaxComputeDestination bad = cdc.withAuth(cdc.auth());
        bad = new MaxComputeDestination(bad.endpoint(), bad.tunnelEndpoint(), bad.project(), bad.schema(), bad.table(),
                bad.region(), bad.auth(), bad.mode(), bad.format(), bad.partitionWindow(), bad.timeZone(),
                bad.useStreaming(), bad.bufferSizeKb(), bad.sinkPoolSize(), bad.recordBatchSize(),
                new MaxComputeDestination.ChangeData(null, 0, "gzip", "lots", null, null, null, null));
        assertThat(MAPPER.map(maxCompute(bad, null), PLAIN, 1, SERVICE).problems())
                .extracting(problem -> problem.field() + ": " + problem.message())
                .anySatisfy(p -> assertThat(p).startsWith("destination.changeData.bucketsNum").contains("1"))
                .anySatisfy(p -> assertThat(p).startsWith("destination.changeData.compressAlgorithm").containsIgnoringCase("zlib"))
                .anySatisfy(p -> assertThat(p).startsWith("destination.changeData.totalBufferSize").contains("64MB"));

        MaxComputeDestination placeholderWithJson = new MaxComputeDestination(base.endpoint(), base.tunnelEndpoint(),
                base.project(), base.schema(), "ods_{table}", base.region(), base.auth(), Mode.VALUE, Format.JSON,
                base.partitionWindow(), base.timeZone(), base.useStreaming(), base.bufferSizeKb(), base.sinkPoolSize(),
                base.recordBatchSize());
        assertThat(MAPPER.map(maxCompute(placeholderWithJson, null), PLAIN, 1, SERVICE).problems())
                .singleElement().satisfies(problem -> {
                    assertThat(problem.field()).isEqualTo("destination.table");
                    assertThat(problem.message()).contains("DEBEZIUM_JSON");
                });
    }

    @Test
    void theSinksOwnRulesAreCheckedOnEveryConfigAndNamedByTheDefinitionField() {
        ConnectRuntimeConfig defaultModeWithCsv = MAPPER.map(
                maxCompute(odps(accessKey(), Mode.DEFAULT, Format.CSV), null), PLAIN, 1, SERVICE);
        assertThat(defaultModeWithCsv.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("destination.format");
            assertThat(problem.key()).isEqualTo(MaxComputeSinkSpec.FORMAT);
            assertThat(problem.rule()).isEqualTo("mode");
            assertThat(problem.message()).contains("TEXT or BINARY").contains("CSV");
            assertThat(problem.fromService()).isFalse();
        });

        ConnectRuntimeConfig roleWithoutServiceKey = MAPPER.map(maxCompute(odps(
                new DestinationAuth.RamRole("1234", "AliyunKafkaRole", null, null), Mode.VALUE, Format.TEXT), null), PLAIN, 1,
                ConnectConfigMapper.ServiceIdentity.NONE);
        assertThat(roleWithoutServiceKey.problems()).isNotEmpty().allSatisfy(problem -> {
            assertThat(problem.fromService()).isTrue();
            assertThat(problem.field()).startsWith("destination.auth");
        });
        assertThat(roleWithoutServiceKey.problems()).anySatisfy(problem ->
                assertThat(problem.message()).contains("connectors.cloud.access-key-id"));
    }

    @Test
    void continueSendsFailuresToTheDeadLetterAndErrorTopicsWithTheInstanceSecurityAsReferences() {
        ConnectRuntimeConfig config = MAPPER.map(maxCompute(odps(accessKey(), Mode.DEFAULT, Format.TEXT),
                SourceSettings.FailurePolicy.CONTINUE), SASL, 3, ConnectConfigMapper.ServiceIdentity.NONE);

        assertThat(config.connectorConfig()).containsAllEntriesOf(Map.of("errors.tolerance", "all",
                "errors.deadletterqueue.topic.name", "connect-error-orders-odps",
                "errors.deadletterqueue.topic.replication.factor", "3",
                "errors.deadletterqueue.context.headers.enable", "true", "errors.log.enable", "true",
                FailedRecordSpec.ERROR_TOPIC, "connect-err-x", FailedRecordSpec.ERROR_TOPIC_BOOTSTRAP, "broker:9093",
                FailedRecordSpec.ERROR_TOPIC_PRODUCER_PREFIX + "security.protocol", "SASL_SSL",
                FailedRecordSpec.ERROR_TOPIC_PRODUCER_PREFIX + "sasl.jaas.config", "${secret:kafka.sasl.jaas.config}"));
        assertThat(config.worker().clientProperties()).containsEntry("sasl.jaas.config", "${secret:kafka.sasl.jaas.config}")
                .containsEntry("sasl.mechanism", "PLAIN");
        assertThat(config.secrets()).containsKey("kafka.sasl.jaas.config");
        assertThat(config.worker()).isEqualTo(new ConnectRuntimeConfig.WorkerSettings("broker:9093",
                config.worker().clientProperties(), "connect-cluster-orders-odps", "connect-config-orders-odps",
                "connect-offset-orders-odps", "connect-status-orders-odps"));
    }

    @Test
    void stopFailsTheTaskOnTheFirstBadRecord() {
        ConnectRuntimeConfig config = MAPPER.map(maxCompute(odps(accessKey(), Mode.DEFAULT, Format.TEXT),
                SourceSettings.FailurePolicy.STOP), PLAIN, 1, ConnectConfigMapper.ServiceIdentity.NONE);

        assertThat(config.connectorConfig()).containsEntry("errors.tolerance", "none")
                .doesNotContainKeys("errors.deadletterqueue.topic.name", FailedRecordSpec.ERROR_TOPIC);
    }

    @Test
    void tablestoreWideColumnFieldsMapToTheSinkKeys() {
        TablestoreDestination destination = new TablestoreDestination("http://ots.example", "inst", accessKey(), true,
                "kafka_<topic>", TablestoreDestination.Model.WIDE_COLUMN, MessageFormat.STRING, MessageFormat.JSON,
                JsonConversion.AUTO_TYPE, PrimaryKeyMode.RECORD_VALUE,
                List.of(new PrimaryKeyColumn("id", PrimaryKeyType.INTEGER), new PrimaryKeyColumn("region", PrimaryKeyType.STRING)),
                WriteMode.UPDATE, DeleteMode.NONE, null);
        ConnectRuntimeConfig config = MAPPER.map(
                new ConnectorDefinition("ots", null, source(1, null), destination, 2, null).withDefaults(), PLAIN, 1,
                ConnectConfigMapper.ServiceIdentity.NONE);

        assertThat(config.connectorConfig()).containsAllEntriesOf(Map.ofEntries(
                Map.entry(ConnectConfigMapper.CONNECTOR_CLASS, TablestoreSinkSpec.CONNECTOR_CLASS), Map.entry("tasks.max", "1"),
                Map.entry(TablestoreSinkSpec.ENDPOINT, "http://ots.example"), Map.entry(TablestoreSinkSpec.INSTANCE_NAME, "inst"),
                Map.entry(TablestoreSinkSpec.AUTH_MODE, "aksk"), Map.entry(TablestoreSinkSpec.ACCESS_KEY_ID, "AKID"),
                Map.entry(TablestoreSinkSpec.ACCESS_KEY_SECRET, "${secret:accessKeySecret}"),
                Map.entry(TablestoreSinkSpec.TABLE_MODEL, "normal"), Map.entry(TablestoreSinkSpec.AUTO_CREATE, "true"),
                Map.entry(TablestoreSinkSpec.TABLE_NAME_FORMAT, "kafka_<topic>"),
                Map.entry(TablestoreSinkSpec.KEY_FORMAT, "STRING"), Map.entry(TablestoreSinkSpec.VALUE_FORMAT, "JSON"),
                Map.entry(TablestoreSinkSpec.JSON_CONVERSION, "AUTO_TYPE"),
                Map.entry(TablestoreSinkSpec.PRIMARY_KEY_MODE, "record_value"),
                Map.entry(TablestoreSinkSpec.PRIMARY_KEY_NAMES, "id,region"),
                Map.entry(TablestoreSinkSpec.PRIMARY_KEY_TYPES, "integer,string"),
                Map.entry(TablestoreSinkSpec.WRITE_MODE, "update"), Map.entry(TablestoreSinkSpec.DELETE_MODE, "none")));
        assertThat(config.connectorConfig()).doesNotContainKeys("key.converter", "value.converter");
        assertThat(config.secrets()).containsExactly(Map.entry("accessKeySecret", SECRET));
        assertThat(config.problems()).isEmpty();
    }

    @Test
    void tablestoreTimeseriesFieldsMapToTheTimeseriesKeys() {
        Timeseries timeseries = new Timeseries("metric", "host", List.of("region", "zone"), "ts", TimestampUnit.SECONDS, false,
                java.util.Collections.singletonMap("cpu", TimeseriesFieldType.DOUBLE));
        TablestoreDestination destination = new TablestoreDestination("http://ots.example", "inst",
                new DestinationAuth.RamRole("1234", "role", "http://sts.example", null), true, "metrics",
                TablestoreDestination.Model.TIMESERIES, null, null, null, null, null, null, null, timeseries);
        ConnectRuntimeConfig config = MAPPER.map(
                new ConnectorDefinition("ts", null, source(1, null), destination, null, null).withDefaults(), PLAIN, 1, SERVICE);

        assertThat(config.connectorConfig()).containsAllEntriesOf(Map.ofEntries(
                Map.entry(TablestoreSinkSpec.TABLE_MODEL, "timeseries"), Map.entry(TablestoreSinkSpec.AUTH_MODE, "sts"),
                Map.entry(TablestoreSinkSpec.STS_ACCOUNT_ID, "1234"), Map.entry(TablestoreSinkSpec.STS_ROLE_NAME, "role"),
                Map.entry(TablestoreSinkSpec.STS_ENDPOINT, "http://sts.example"),
                Map.entry(TablestoreSinkSpec.STS_REGION, "cn-beijing"),
                Map.entry(TablestoreSinkSpec.ACCESS_KEY_ID, "SERVICEAK"),
                Map.entry(TablestoreSinkSpec.ACCESS_KEY_SECRET, "${secret:serviceAccessKeySecret}"),
                Map.entry(TablestoreSinkSpec.TS_MEASUREMENT, "metric"), Map.entry(TablestoreSinkSpec.TS_DATA_SOURCE, "host"),
                Map.entry(TablestoreSinkSpec.TS_TAGS, "region,zone"), Map.entry(TablestoreSinkSpec.TS_TIME, "ts"),
                Map.entry(TablestoreSinkSpec.TS_TIME_UNIT, "SECONDS"), Map.entry(TablestoreSinkSpec.TS_MAP_ALL, "false"),
                Map.entry(TablestoreSinkSpec.TS_FIELD_NAMES, "cpu"), Map.entry(TablestoreSinkSpec.TS_FIELD_TYPES, "double")));
        assertThat(config.problems()).isEmpty();
    }
}
