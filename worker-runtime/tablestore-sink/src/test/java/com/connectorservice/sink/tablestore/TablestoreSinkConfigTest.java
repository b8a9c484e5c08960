package com.connectorservice.sink.tablestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.PrimaryKeyType;
import com.connectorservice.sink.tablestore.TablestoreSinkConfig.PrimaryKeyColumn;

class TablestoreSinkConfigTest {

    static Map<String, String> minimal() {
        Map<String, String> props = new HashMap<>();
        props.put("name", "ots-sink");
        props.put("topics", "orders");
        props.put("connector.class", TablestoreSinkConnector.class.getName());
        props.put(TablestoreSinkSpec.ENDPOINT, "http://127.0.0.1:1234");
        props.put(TablestoreSinkSpec.INSTANCE_NAME, "local-ots");
        props.put(TablestoreSinkSpec.ACCESS_KEY_ID, "local-ak");
        props.put(TablestoreSinkSpec.ACCESS_KEY_SECRET, "local-sk");
        return props;
    }

    private static Map<String, List<String>> errors(Map<String, String> props) {
        return new TablestoreSinkConnector().validate(props).configValues().stream()
                .filter(value -> !value.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
    }

    @Test
    void defaultsMatchTheManagedProduct() {
        TablestoreSinkConfig config = new TablestoreSinkConfig(minimal());
        assertThat(config.tableModel()).isEqualTo(TablestoreSinkSpec.TableModel.NORMAL);
        assertThat(config.keyFormat()).isEqualTo(TablestoreSinkSpec.MessageFormat.JSON);
        assertThat(config.valueFormat()).isEqualTo(TablestoreSinkSpec.MessageFormat.JSON);
        assertThat(config.primaryKeyMode()).isEqualTo(TablestoreSinkSpec.PrimaryKeyMode.KAFKA);
        assertThat(config.writeMode()).isEqualTo(TablestoreSinkSpec.WriteMode.PUT);
        assertThat(config.deleteMode()).isEqualTo(TablestoreSinkSpec.DeleteMode.NONE);
        assertThat(config.autoCreate()).isFalse();
        assertThat(config.tableName("orders")).isEqualTo("orders");
        assertThat(config.primaryKeyColumns()).containsExactly(
                new PrimaryKeyColumn("topic_partition", PrimaryKeyType.STRING),
                new PrimaryKeyColumn("offset", PrimaryKeyType.INTEGER));
        assertThat(errors(minimal())).isEmpty();
    }

    @Test
    void secretIsAPasswordAndNeverPrinted() {
        TablestoreSinkConfig config = new TablestoreSinkConfig(minimal());
        assertThat(config.accessKeySecret().value()).isEqualTo("local-sk");
        assertThat(config.accessKeySecret().toString()).doesNotContain("local-sk");
        assertThat(config.values().toString()).doesNotContain("local-sk");
    }

    @Test
    void stsModeNamesEachMissingRoleKey() {
        Map<String, String> props = minimal();
        props.put(TablestoreSinkSpec.AUTH_MODE, "sts");
        props.put(TablestoreSinkSpec.STS_REGION, "cn-hangzhou");
        Map<String, List<String>> errors = errors(props);
        assertThat(errors).containsOnlyKeys(TablestoreSinkSpec.STS_ACCOUNT_ID, TablestoreSinkSpec.STS_ROLE_NAME,
                TablestoreSinkSpec.STS_ENDPOINT);
        assertThat(errors.get(TablestoreSinkSpec.STS_ROLE_NAME).get(0)).contains("required when tablestore.auth.mode=sts");

        props.put(TablestoreSinkSpec.STS_ACCOUNT_ID, "1880000000000000");
        props.put(TablestoreSinkSpec.STS_ROLE_NAME, "AliyunServiceRoleForAlikafkaConnector");
        props.put(TablestoreSinkSpec.STS_ENDPOINT, "sts.cn-hangzhou.aliyuncs.com");
        assertThat(errors(props)).isEmpty();
        assertThat(new TablestoreSinkConfig(props).usesRole()).isTrue();
    }

    @Test
    void singleKeyRulesNameTheKey() {
        Map<String, String> props = minimal();
        props.put(TablestoreSinkSpec.ENDPOINT, "127.0.0.1:1234");
        props.put(TablestoreSinkSpec.WRITE_MODE, "upsert");
        props.put(TablestoreSinkSpec.TS_TIME_UNIT, "HOURS");
        Map<String, List<String>> errors = errors(props);
        assertThat(errors).containsOnlyKeys(TablestoreSinkSpec.ENDPOINT, TablestoreSinkSpec.WRITE_MODE,
                TablestoreSinkSpec.TS_TIME_UNIT);
        assertThat(errors.get(TablestoreSinkSpec.ENDPOINT).get(0)).contains("http:// or https://");
        assertThat(errors.get(TablestoreSinkSpec.WRITE_MODE).get(0)).contains("PUT", "UPDATE");
    }

    @Test
    void primaryKeyColumnsOnlyWithJsonRecordModes() {
        Map<String, String> props = minimal();
        props.put(TablestoreSinkSpec.PRIMARY_KEY_NAMES, "id");
        assertThat(errors(props).get(TablestoreSinkSpec.PRIMARY_KEY_NAMES).get(0))
                .contains("only with primarykey.mode=record_key");

        props.put(TablestoreSinkSpec.PRIMARY_KEY_MODE, "record_key");
        props.put(TablestoreSinkSpec.KEY_FORMAT, "STRING");
        assertThat(errors(props)).containsKey(TablestoreSinkSpec.PRIMARY_KEY_NAMES);

        props.put(TablestoreSinkSpec.KEY_FORMAT, "JSON");
        props.put(TablestoreSinkSpec.PRIMARY_KEY_NAMES, "a,b,c,d,e");
        assertThat(errors(props).get(TablestoreSinkSpec.PRIMARY_KEY_NAMES).get(0)).contains("1 to 4");

        props.put(TablestoreSinkSpec.PRIMARY_KEY_NAMES, "user,seq");
        props.put(TablestoreSinkSpec.PRIMARY_KEY_TYPES, "string,integer");
        assertThat(errors(props)).isEmpty();
        assertThat(new TablestoreSinkConfig(props).primaryKeyColumns()).containsExactly(
                new PrimaryKeyColumn("user", PrimaryKeyType.STRING), new PrimaryKeyColumn("seq", PrimaryKeyType.INTEGER));
    }

    @Test
    void recordKeyWithStringKeyUsesTheWholeKey() {
        Map<String, String> props = minimal();
        props.put(TablestoreSinkSpec.PRIMARY_KEY_MODE, "record_key");
        props.put(TablestoreSinkSpec.KEY_FORMAT, "STRING");
        assertThat(new TablestoreSinkConfig(props).primaryKeyColumns())
                .containsExactly(new PrimaryKeyColumn("_key", PrimaryKeyType.STRING));
    }

    @Test
    void deleteModesNeedRecordKey() {
        Map<String, String> props = minimal();
        props.put(TablestoreSinkSpec.DELETE_MODE, "row");
        assertThat(errors(props).get(TablestoreSinkSpec.DELETE_MODE).get(0)).contains("primarykey.mode=record_key");
        assertThatThrownBy(() -> new TablestoreSinkConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(TablestoreSinkSpec.DELETE_MODE);
    }

    @Test
    void timeSeriesNeedsMetricNameAndTimestampFields() {
        Map<String, String> props = minimal();
        props.put(TablestoreSinkSpec.TABLE_MODEL, "timeseries");
        Map<String, List<String>> errors = errors(props);
        assertThat(errors).containsOnlyKeys(TablestoreSinkSpec.TS_MEASUREMENT, TablestoreSinkSpec.TS_TIME);

        props.put(TablestoreSinkSpec.TS_MEASUREMENT, "m");
        props.put(TablestoreSinkSpec.TS_TIME, "t");
        props.put(TablestoreSinkSpec.TS_MAP_ALL, "false");
        assertThat(errors(props)).containsOnlyKeys(TablestoreSinkSpec.TS_FIELD_NAMES);

        props.put(TablestoreSinkSpec.TS_FIELD_NAMES, "a,b");
        props.put(TablestoreSinkSpec.TS_FIELD_TYPES, "double");
        assertThat(errors(props)).containsOnlyKeys(TablestoreSinkSpec.TS_FIELD_TYPES);

        props.put(TablestoreSinkSpec.TS_FIELD_TYPES, "double,float");
        assertThat(errors(props).get(TablestoreSinkSpec.TS_FIELD_TYPES).get(0)).contains("BINARY", "BOOLEAN");

        props.put(TablestoreSinkSpec.TS_FIELD_TYPES, "double,boolean");
        assertThat(errors(props)).isEmpty();
    }

    @Test
    void accessKeyPairRequired() {
        Map<String, String> props = minimal();
        props.remove(TablestoreSinkSpec.ACCESS_KEY_SECRET);
        assertThat(errors(props).get(TablestoreSinkSpec.ACCESS_KEY_ID).get(0)).contains(TablestoreSinkSpec.ACCESS_KEY_SECRET);
    }

    @Test
    void officialConnectorsPerTableKeysAreAccepted() {
        Map<String, String> props = minimal();
        props.put(TablestoreSinkSpec.TABLE_NAME_FORMAT, "orders_table");
        props.put(TablestoreSinkSpec.PRIMARY_KEY_MODE, "record_value");
        props.put(TablestoreSinkSpec.VALUE_FORMAT, "json");
        props.put("tablestore.orders_table.primarykey.name", "id");
        props.put("tablestore.orders_table.primarykey.type", "integer");
        props.put("tablestore.timeseries.orders_table.time.unit", "SECONDS");
        TablestoreSinkConfig config = new TablestoreSinkConfig(props);
        assertThat(config.primaryKeyColumns()).containsExactly(new PrimaryKeyColumn("id", PrimaryKeyType.INTEGER));
        assertThat(config.timestampUnit()).isEqualTo(TablestoreSinkSpec.TimestampUnit.SECONDS);
    }

    @Test
    void topicsCanBeAssignedTheirOwnTables() {
        Map<String, String> props = minimal();
        props.put(TablestoreSinkSpec.TABLE_NAME_FORMAT, "kafka_<topic>");
        props.put(TablestoreSinkSpec.TOPIC_TABLES, "orders:order_table, users:user_table");
        TablestoreSinkConfig config = new TablestoreSinkConfig(props);
        assertThat(config.tableName("orders")).isEqualTo("order_table");
        assertThat(config.tableName("users")).isEqualTo("user_table");
        assertThat(config.tableName("other")).isEqualTo("kafka_other");
        props.put(TablestoreSinkSpec.TOPIC_TABLES, "orders");
        assertThat(errors(props).get(TablestoreSinkSpec.TOPIC_TABLES).get(0)).contains("topic:table");
    }

    @Test
    void timestampUnitsConvertToMicroseconds() {
        assertThat(TablestoreSinkSpec.TimestampUnit.SECONDS.toMicros(2)).isEqualTo(2_000_000);
        assertThat(TablestoreSinkSpec.TimestampUnit.MILLISECONDS.toMicros(2)).isEqualTo(2_000);
        assertThat(TablestoreSinkSpec.TimestampUnit.MICROSECONDS.toMicros(2)).isEqualTo(2);
        assertThat(TablestoreSinkSpec.TimestampUnit.NANOSECONDS.toMicros(2_000)).isEqualTo(2);
    }
}
