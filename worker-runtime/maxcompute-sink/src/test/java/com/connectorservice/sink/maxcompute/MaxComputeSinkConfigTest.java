package com.connectorservice.sink.maxcompute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec;

class MaxComputeSinkConfigTest {

    /** The "config" object of seed 001's odps-sink-connector.json, as written there. */
    static Map<String, String> seedConfig() {
        Map<String, String> props = new HashMap<>();
        props.put("connector.class", "com.aliyun.odps.kafka.connect.MaxComputeSinkConnector");
        props.put("tasks.max", "3");
        props.put("topics", "your_topic");
        props.put("endpoint", "http://service.cn-shanghai.maxcompute.aliyun.com/api");
        props.put("tunnel_endpoint", "http://dt.cn-shanghai.maxcompute.aliyun.com");
        props.put("project", "project_name");
        props.put("schema", "default");
        props.put("table", "table_text");
        props.put("account_type", "ALIYUN");
        props.put("access_id", "LTAI5tM2iHkTd4W69nof****");
        props.put("access_key", "S0uZvwDYDa56WZ1tjVmA67z1YS****");
        props.put("account_id", "account id for sts");
        props.put("sts.endpoint", "sts endpoint");
        props.put("region_id", "region id for sts");
        props.put("role_name", "role name for sts");
        props.put("client_timeout_ms", "3600000");
        props.put("format", "TEXT");
        props.put("mode", "KEY");
        props.put("partition_window_type", "MINUTE");
        props.put("use_streaming", "false");
        props.put("buffer_size_kb", "65536");
        props.put("sink_pool_size", "150");
        props.put("record_batch_size", "8000");
        props.put("runtime.error.topic.name", "runtime_error");
        props.put("runtime.error.topic.bootstrap.servers", "http://XXXX");
        props.put("skip_error", "false");
        return props;
    }

    @Test
    void acceptsEverySeedKeyAsWritten() {
        MaxComputeSinkConfig config = new MaxComputeSinkConfig(seedConfig());
        assertThat(config.format).isEqualTo(MaxComputeSinkSpec.Format.TEXT);
        assertThat(config.mode).isEqualTo(MaxComputeSinkSpec.Mode.KEY);
        assertThat(config.partitionWindow).isEqualTo(MaxComputeSinkSpec.PartitionWindow.MINUTE);
        assertThat(config.timeZone).isEqualTo(ZoneId.of("GMT+08:00"));
        assertThat(config.sinkPoolSize()).isEqualTo(150);
        assertThat(config.bufferBytes()).isEqualTo(65536L * 1024);
        assertThat(config.qualifiedTable()).isEqualTo("project_name.default.table_text");
        for (String key : seedConfig().keySet()) {
            if (!List.of("connector.class", "tasks.max", "topics").contains(key)) {
                assertThat(MaxComputeSinkSpec.CONFIG_DEF.configKeys()).as(key).containsKey(key);
            }
        }
    }

    @Test
    void secretIsNeverPrinted() {
        MaxComputeSinkConfig config = new MaxComputeSinkConfig(seedConfig());
        assertThat(config.accessKey().toString()).doesNotContain("S0uZ");
        assertThat(config.values().toString()).doesNotContain("S0uZ");
        assertThat(MaxComputeSinkSpec.CONFIG_DEF.configKeys().get("access_key").type)
                .isEqualTo(org.apache.kafka.common.config.ConfigDef.Type.PASSWORD);
    }

    @Test
    void defaultModeOnlyWithTextOrBinary() {
        Map<String, String> props = seedConfig();
        props.put("mode", "DEFAULT");
        props.put("format", "CSV");
        assertThatThrownBy(() -> new MaxComputeSinkConfig(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("mode").hasMessageContaining("TEXT or BINARY");
        props.put("format", "binary");
        assertThat(new MaxComputeSinkConfig(props).format).isEqualTo(MaxComputeSinkSpec.Format.BINARY);
    }

    @Test
    void validateReportsEachRuleAgainstItsKey() {
        Map<String, String> props = seedConfig();
        props.put("format", "XML");
        props.put("partition_window_type", "WEEK");
        props.put("time_zone", "Mars/Olympus");
        props.remove("access_key");
        props.put("account_type", "STS");
        props.remove("role_name");
        Map<String, List<String>> errors = new com.connectorservice.sink.maxcompute.MaxComputeSinkConnector()
                .validate(props).configValues().stream().filter(v -> !v.errorMessages().isEmpty())
                .collect(Collectors.toMap(ConfigValue::name, ConfigValue::errorMessages));
        assertThat(errors.keySet()).containsExactlyInAnyOrder("format", "partition_window_type", "time_zone",
                "access_key", "role_name");
        assertThat(errors.get("format").get(0)).contains("TEXT, BINARY, CSV, JSON, FLATTEN");
        assertThat(errors.get("role_name").get(0)).contains("STS");
    }

    @Test
    void errorTopicNeedsItsBootstrapServers() {
        Map<String, String> props = seedConfig();
        props.remove("runtime.error.topic.bootstrap.servers");
        assertThatThrownBy(() -> new MaxComputeSinkConfig(props))
                .hasMessageContaining("runtime.error.topic.bootstrap.servers");
    }

    @Test
    void partitionValuesUseTheSeedFormatsInTheConfiguredZone() {
        long millis = Instant.parse("2023-07-13T13:13:42Z").toEpochMilli();
        ZoneId zone = ZoneId.of("GMT+08:00");
        assertThat(MaxComputeSinkSpec.PartitionWindow.DAY.partitionValue(millis, zone)).isEqualTo("07-13-2023");
        assertThat(MaxComputeSinkSpec.PartitionWindow.HOUR.partitionValue(millis, zone)).isEqualTo("07-13-2023 21");
        assertThat(MaxComputeSinkSpec.PartitionWindow.MINUTE.partitionValue(millis, zone)).isEqualTo("07-13-2023 21:13");
        assertThat(MaxComputeSinkSpec.PartitionWindow.HOUR.partitionValue(millis, ZoneId.of("UTC"))).isEqualTo("07-13-2023 13");
        assertThat(MaxComputeSinkSpec.zone("GMT 08:00")).isEqualTo(zone);
        assertThat(MaxComputeSinkSpec.zone("Asia/Shanghai").getId()).isEqualTo("Asia/Shanghai");
    }

    @Test
    void ptFollowsTheRecordTimestampNotTheClock() {
        Map<String, String> props = seedConfig();
        props.put("partition_window_type", "HOUR");
        MaxComputeSinkConfig config = new MaxComputeSinkConfig(props);
        long produced = Instant.parse("2020-11-17T06:59:59Z").toEpochMilli();
        long replayedLater = Instant.parse("2020-11-17T09:30:00Z").toEpochMilli();
        assertThat(config.partitionValue(produced, replayedLater)).isEqualTo("11-17-2020 14");
        assertThat(config.partitionValue(null, replayedLater)).isEqualTo("11-17-2020 17");
        assertThat(config.partitionValue(-1L, replayedLater)).isEqualTo("11-17-2020 17");
    }

    @Test
    void ptFollowsTheClockWithSeed001sSystemTime() {
        Map<String, String> props = seedConfig();
        props.put("partition_window_type", "HOUR");
        props.put("partition_time", "SYSTEM");
        MaxComputeSinkConfig config = new MaxComputeSinkConfig(props);
        long produced = Instant.parse("2020-11-17T06:59:59Z").toEpochMilli();
        long writtenLater = Instant.parse("2020-11-17T09:30:00Z").toEpochMilli();
        assertThat(config.partitionValue(produced, writtenLater)).isEqualTo("11-17-2020 17");
        props.put("partition_time", "LATER");
        assertThatThrownBy(() -> new MaxComputeSinkConfig(props)).hasMessageContaining("partition_time");
    }
}
