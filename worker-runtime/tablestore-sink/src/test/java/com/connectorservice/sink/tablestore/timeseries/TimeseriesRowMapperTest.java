package com.connectorservice.sink.tablestore.timeseries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.timeseries.TimeseriesRow;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec;
import com.connectorservice.sink.tablestore.TestConfigs;
import com.connectorservice.sink.tablestore.UnwritableRecordException;

class TimeseriesRowMapperTest {

    private static TimeseriesRowMapper mapper(String... settings) {
        List<String> all = new ArrayList<>(List.of(TablestoreSinkSpec.TABLE_MODEL, "timeseries",
                TablestoreSinkSpec.TS_MEASUREMENT, "measurement", TablestoreSinkSpec.TS_DATA_SOURCE, "source",
                TablestoreSinkSpec.TS_TAGS, "region,host", TablestoreSinkSpec.TS_TIME, "time"));
        all.addAll(List.of(settings));
        return new TimeseriesRowMapper(TestConfigs.config(all.toArray(String[]::new)));
    }

    private static SinkRecord record(Object value) {
        return new SinkRecord("metrics", 0, null, null, null, value, 1);
    }

    @Test
    void mapAllWritesEveryOtherFieldWithNumbersAsDouble() {
        TimeseriesRow row = mapper().toRow(record("{\"measurement\":\"cpu\",\"source\":\"d1\",\"region\":\"hz\","
                + "\"time\":1700000000123,\"Usage\":42,\"ok\":true,\"note\":\"n\",\"extra\":{\"a\":1},\"gone\":null}"));
        assertThat(row.getTimeseriesKey().getMeasurementName()).isEqualTo("cpu");
        assertThat(row.getTimeseriesKey().getDataSource()).isEqualTo("d1");
        assertThat(row.getTimeseriesKey().getTags()).containsExactly(Map.entry("region", "hz"));
        assertThat(row.getTimeInUs()).isEqualTo(1_700_000_000_123_000L);
        assertThat(row.getFields()).containsOnlyKeys("usage", "ok", "note", "extra");
        assertThat(row.getFields().get("usage")).isEqualTo(ColumnValue.fromDouble(42));
        assertThat(row.getFields().get("ok")).isEqualTo(ColumnValue.fromBoolean(true));
        assertThat(row.getFields().get("extra")).isEqualTo(ColumnValue.fromString("{\"a\":1}"));
    }

    @Test
    void timestampAcceptsAnyIntegerTypeAndUnit() {
        Schema schema = SchemaBuilder.struct().field("measurement", Schema.STRING_SCHEMA).field("time", Schema.INT32_SCHEMA)
                .field("v", Schema.INT8_SCHEMA).build();
        Struct value = new Struct(schema).put("measurement", "m").put("time", 1_700_000_000).put("v", (byte) 3);
        TimeseriesRow row = mapper(TablestoreSinkSpec.TS_TIME_UNIT, "SECONDS").toRow(record(value));
        assertThat(row.getTimeInUs()).isEqualTo(1_700_000_000_000_000L);
        assertThat(mapper(TablestoreSinkSpec.TS_TIME_UNIT, "NANOSECONDS")
                .toRow(record("{\"measurement\":\"m\",\"time\":\"1700000000000000999\",\"v\":1}")).getTimeInUs())
                .isEqualTo(1_700_000_000_000_000L);
        assertThatThrownBy(() -> mapper().toRow(record("{\"measurement\":\"m\",\"time\":1.5,\"v\":1}")))
                .isInstanceOf(UnwritableRecordException.class).hasMessageContaining("'time' is not an integer");
    }

    @Test
    void explicitFieldTypes() {
        TimeseriesRow row = mapper(TablestoreSinkSpec.TS_MAP_ALL, "false",
                TablestoreSinkSpec.TS_FIELD_NAMES, "d,i,s,b,flag",
                TablestoreSinkSpec.TS_FIELD_TYPES, "double,integer,string,binary,boolean")
                .toRow(record("{\"measurement\":\"m\",\"time\":1,\"d\":\"2.5\",\"i\":7,\"s\":3,\"b\":\"raw\",\"flag\":\"true\",\"other\":1}"));
        assertThat(row.getFields()).containsOnlyKeys("d", "i", "s", "b", "flag");
        assertThat(row.getFields().get("d")).isEqualTo(ColumnValue.fromDouble(2.5));
        assertThat(row.getFields().get("i")).isEqualTo(ColumnValue.fromLong(7));
        assertThat(row.getFields().get("s")).isEqualTo(ColumnValue.fromString("3"));
        assertThat(row.getFields().get("b")).isEqualTo(ColumnValue.fromBinary("raw".getBytes(StandardCharsets.UTF_8)));
        assertThat(row.getFields().get("flag")).isEqualTo(ColumnValue.fromBoolean(true));
    }

    @Test
    void emptyMetricNameOrNoDataIsUnwritable() {
        assertThatThrownBy(() -> mapper().toRow(record("{\"measurement\":\"\",\"time\":1,\"v\":1}")))
                .isInstanceOf(UnwritableRecordException.class).hasMessageContaining("Metric name field 'measurement'");
        assertThatThrownBy(() -> mapper().toRow(record("{\"measurement\":\"m\",\"time\":1,\"v\":null}")))
                .isInstanceOf(UnwritableRecordException.class).hasMessageContaining("no data field");
        assertThatThrownBy(() -> mapper().toRow(record("{\"measurement\":\"m\",\"v\":1}")))
                .isInstanceOf(UnwritableRecordException.class).hasMessageContaining("Timestamp field 'time'");
    }

    @Test
    void topicPlaceholderUsesTheTopicAsMetricName() {
        TimeseriesRow row = mapper(TablestoreSinkSpec.TS_MEASUREMENT, "<topic>").toRow(record("{\"time\":1,\"v\":1}"));
        assertThat(row.getTimeseriesKey().getMeasurementName()).isEqualTo("metrics");
    }
}
