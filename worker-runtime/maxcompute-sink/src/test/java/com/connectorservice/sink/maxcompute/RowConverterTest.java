package com.connectorservice.sink.maxcompute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import com.aliyun.odps.TableSchema;
import com.aliyun.odps.data.Binary;
import com.aliyun.odps.data.JsonValue;
import com.aliyun.odps.data.Record;
import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec.Format;
import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec.Mode;

class RowConverterTest {

    private static final TableSchema TEXT_TABLE = Schemas.of("topic STRING, `partition` BIGINT, `offset` BIGINT, key STRING, value STRING");
    private static final TableSchema CSV_TABLE = Schemas.of("topic STRING, `partition` BIGINT, `offset` BIGINT, id BIGINT, name STRING, region STRING");
    private static final TableSchema JSON_TABLE = Schemas.of("topic STRING, `partition` BIGINT, `offset` BIGINT, key STRING, value JSON");
    private static final TableSchema FLATTEN_TABLE = Schemas.of("topic STRING, `partition` BIGINT, `offset` BIGINT, id BIGINT, name STRING, extendinfo JSON");

    private static RowConverter converter(TableSchema schema, Format format, Mode mode) {
        return new RowConverter(schema, "p.t", format, mode, new ColumnValues(ZoneId.of("GMT+08:00")));
    }

    private static SinkRecord record(Object key, Object value, long offset) {
        return new SinkRecord("topic_x", 0, Schema.OPTIONAL_STRING_SCHEMA, key, Schema.OPTIONAL_STRING_SCHEMA, value, offset);
    }

    @Test
    void textValueModeLeavesKeyNullAsSeedShows() {
        Record row = converter(TEXT_TABLE, Format.TEXT, Mode.VALUE).convert(record("123", "abc", 0));
        assertThat(row.getString("topic")).isEqualTo("topic_x");
        assertThat(row.get("partition")).isEqualTo(0L);
        assertThat(row.get("offset")).isEqualTo(0L);
        assertThat(row.get("key")).isNull();
        assertThat(row.get("value")).isEqualTo("abc");
    }

    @Test
    void defaultModeWritesKeyAndValueAndAcceptsBytes() {
        Record row = converter(TEXT_TABLE, Format.TEXT, Mode.DEFAULT)
                .convert(record("k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8), 7));
        assertThat(row.getString("key")).isEqualTo("k");
        assertThat(row.getString("value")).isEqualTo("v");
    }

    @Test
    void binaryFormatWritesBytesIntoBinaryColumns() {
        TableSchema table = Schemas.of("topic STRING, `partition` BIGINT, `offset` BIGINT, key BINARY, value BINARY");
        Record row = converter(table, Format.BINARY, Mode.KEY).convert(record("k1", new byte[] {1, 2, 3}, 1));
        assertThat(row.get("key")).isEqualTo(new Binary("k1".getBytes(StandardCharsets.UTF_8)));
        assertThat(row.get("value")).isNull();
    }

    @Test
    void csvFillsColumnsByPosition() {
        Record row = converter(CSV_TABLE, Format.CSV, Mode.VALUE).convert(record("123", "1103,zhangsan,china", 0));
        assertThat(row.get("id")).isEqualTo(1103L);
        assertThat(row.get("name")).isEqualTo("zhangsan");
        assertThat(row.get("region")).isEqualTo("china");
    }

    @Test
    void csvKeyModeSplitsTheKeyAndHonoursQuotes() {
        Record row = converter(CSV_TABLE, Format.CSV, Mode.KEY).convert(record("1,\"a, b\",", "ignored", 0));
        assertThat(row.get("id")).isEqualTo(1L);
        assertThat(row.get("name")).isEqualTo("a, b");
        assertThat(row.get("region")).isEqualTo("");
    }

    @Test
    void csvWithWrongFieldCountOrTypeIsABadRecordNamingTheProblem() {
        RowConverter csv = converter(CSV_TABLE, Format.CSV, Mode.VALUE);
        assertThatThrownBy(() -> csv.convert(record(null, "1,zhangsan", 0)))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("2 CSV fields").hasMessageContaining("3 columns");
        assertThatThrownBy(() -> csv.convert(record(null, "x,zhangsan,china", 0)))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("'x'").hasMessageContaining("column 'id'");
    }

    @Test
    void jsonGoesIntoJsonColumnAndInvalidJsonIsABadRecord() {
        RowConverter json = converter(JSON_TABLE, Format.JSON, Mode.VALUE);
        Record row = json.convert(record("123", "{\"id\":123,\"name\":\"json-1\",\"region\":\"beijing\"}", 0));
        assertThat(((JsonValue) row.get("value")).get("name").getAsString()).isEqualTo("json-1");
        assertThat(row.get("key")).isNull();
        assertThatThrownBy(() -> json.convert(record(null, "{not json", 1))).isInstanceOf(BadRecordException.class)
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void jsonCsvAndFlattenBytesThatAreNotUtf8AreBadRecordsNotTextWithReplacementCharacters() {
        byte[] latin1Json = "{\"id\":1,\"name\":\"Jos\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> converter(JSON_TABLE, Format.JSON, Mode.VALUE).convert(record(null, latin1Json, 0)))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("has a value that is not valid UTF-8");
        assertThatThrownBy(() -> converter(FLATTEN_TABLE, Format.FLATTEN, Mode.VALUE).convert(record(null, latin1Json, 0)))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("has a value that is not valid UTF-8");
        byte[] latin1Csv = "1,Jos\u00e9,china".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> converter(CSV_TABLE, Format.CSV, Mode.KEY).convert(record(latin1Csv, null, 0)))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("has a key that is not valid UTF-8");
        // a replacement character the record itself holds is text like any other
        Record row = converter(CSV_TABLE, Format.CSV, Mode.VALUE)
                .convert(record(null, "1,Jos\ufffd,china".getBytes(StandardCharsets.UTF_8), 0));
        assertThat(row.get("name")).isEqualTo("Jos\ufffd");
    }

    @Test
    void flattenMatchesFieldsByNameAndKeepsNestedObjectsAsJson() {
        Record row = converter(FLATTEN_TABLE, Format.FLATTEN, Mode.VALUE).convert(record("123",
                "{\"ID\":123,\"name\":\"json-1\",\"extendinfo\":{\"region\":\"beijing\",\"sex\":\"M\"}}", 0));
        assertThat(row.get("id")).isEqualTo(123L);
        assertThat(row.get("name")).isEqualTo("json-1");
        assertThat(((JsonValue) row.get("extendinfo")).get("sex").getAsString()).isEqualTo("M");
    }

    @Test
    void flattenAcceptsStructuredValuesFromTheJsonConverter() {
        Record row = converter(FLATTEN_TABLE, Format.FLATTEN, Mode.VALUE)
                .convert(new SinkRecord("t", 0, null, null, null, Map.of("id", 5, "name", "n"), 0));
        assertThat(row.get("id")).isEqualTo(5L);
        assertThat(row.get("extendinfo")).isNull();
    }

    @Test
    void flattenFieldWithoutColumnIsTheSeedsAbnormalRecord() {
        assertThatThrownBy(() -> converter(FLATTEN_TABLE, Format.FLATTEN, Mode.VALUE)
                .convert(record("101", "{\"id\":101,\"name\":\"json-4\",\"extendinfos\":\"null\"}", 3)))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("'extendinfos'");
    }

    @Test
    void flattenConvertsScalarTypes() {
        TableSchema table = Schemas.of("topic STRING, `partition` BIGINT, `offset` BIGINT, n INT, d DOUBLE, b BOOLEAN,"
                + " m DECIMAL(10,2), ts TIMESTAMP, s STRING");
        Record row = converter(table, Format.FLATTEN, Mode.VALUE).convert(record(null,
                "{\"n\":1,\"d\":1.5,\"b\":true,\"m\":\"12.34\",\"ts\":\"2023-07-13 21:13:00\",\"s\":[1,2]}", 0));
        assertThat(row.get("n")).isEqualTo(1);
        assertThat(row.get("d")).isEqualTo(1.5);
        assertThat(row.get("b")).isEqualTo(true);
        assertThat(row.get("m")).isEqualTo(new BigDecimal("12.34"));
        assertThat(row.get("ts").toString()).isEqualTo("2023-07-13T13:13:00Z");
        assertThat(row.get("s")).isEqualTo("[1,2]");
        assertThatThrownBy(() -> converter(table, Format.FLATTEN, Mode.VALUE).convert(record(null, "{\"b\":\"yes\"}", 0)))
                .isInstanceOf(BadRecordException.class).hasMessageContaining("column 'b'");
    }

    @Test
    void tableChecksNameTheColumn() {
        assertThatThrownBy(() -> converter(Schemas.of("topic STRING, `partition` BIGINT, `offset` BIGINT, key STRING"),
                Format.TEXT, Mode.VALUE)).isInstanceOf(ConnectException.class).hasMessageContaining("column 'value' is missing");
        assertThatThrownBy(() -> converter(Schemas.of("topic STRING, `partition` BIGINT, `offset` BIGINT, key STRING, value BIGINT"),
                Format.TEXT, Mode.VALUE)).hasMessageContaining("column 'value' has type BIGINT");
        assertThatThrownBy(() -> converter(Schemas.of("topic STRING, `partition` STRING, `offset` BIGINT, key STRING, value STRING"),
                Format.TEXT, Mode.DEFAULT)).hasMessageContaining("column 'partition' has type STRING");
        assertThatThrownBy(() -> converter(Schemas.of("topic STRING, `offset` BIGINT, id BIGINT"), Format.CSV, Mode.VALUE))
                .hasMessageContaining("column 'partition' is missing");
        assertThatThrownBy(() -> converter(Schemas.of("topic STRING, `partition` BIGINT, `offset` BIGINT, tags ARRAY<STRING>"),
                Format.FLATTEN, Mode.VALUE)).hasMessageContaining("column 'tags' has type ARRAY<STRING>");
        TableSchema unpartitioned = new TableSchema();
        unpartitioned.addColumn(new com.aliyun.odps.Column("topic", com.aliyun.odps.OdpsType.STRING));
        assertThatThrownBy(() -> converter(unpartitioned, Format.TEXT, Mode.VALUE)).hasMessageContaining("column 'pt' is missing");
    }

    /** The official 2.1.0 connector's tables carry insert_time (BIGINT, the record timestamp): ours fill it too. */
    @org.junit.jupiter.params.ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(value = Format.class, names = "DEBEZIUM_JSON",
            mode = org.junit.jupiter.params.provider.EnumSource.Mode.EXCLUDE)
    void tablesShapedForTheOfficialConnectorWithInsertTimeWorkInEveryFormat(Format format) {
        String own = switch (format) {
            case TEXT, JSON -> "key STRING, value STRING";
            case BINARY -> "key BINARY, value BINARY";
            case CSV, FLATTEN -> "id BIGINT, name STRING";
            case DEBEZIUM_JSON -> throw new AssertionError("change data creates its own tables");
        };
        TableSchema table = Schemas.of("topic STRING, `partition` BIGINT, `offset` BIGINT, " + own + ", insert_time BIGINT");
        Object value = switch (format) {
            case TEXT -> "text";
            case BINARY -> new byte[] {1, 2};
            case JSON -> "{\"a\":1}";
            case CSV -> "7,seven";
            case FLATTEN -> "{\"id\":7,\"name\":\"seven\"}";
            case DEBEZIUM_JSON -> throw new AssertionError("change data creates its own tables");
        };
        Mode mode = format == Format.TEXT || format == Format.BINARY ? Mode.DEFAULT : Mode.VALUE;
        SinkRecord record = new SinkRecord("topic_x", 3, null, null, null, value, 42, 1_700_000_000_123L,
                org.apache.kafka.common.record.TimestampType.CREATE_TIME);
        Record row = converter(table, format, mode).convert(record);
        assertThat(row.get("insert_time")).isEqualTo(1_700_000_000_123L);
        assertThat(row.get("offset")).isEqualTo(42L);
        if (format == Format.CSV || format == Format.FLATTEN) {
            assertThat(row.get("id")).isEqualTo(7L);
            assertThat(row.getString("name")).isEqualTo("seven");
        } else {
            assertThat(row.get("value")).isNotNull();
        }
    }

    @Test
    void theOfficialConnectorsNewPartitionFormatIsAccepted() {
        java.util.Map<String, String> props = new java.util.HashMap<>(Map.of("endpoint", "http://e", "project", "p",
                "table", "t", "access_id", "a", "access_key", "k", "partition_window_type", "HOUR",
                "time_zone", "GMT+08:00", "use_new_partition_format", "true"));
        assertThat(new MaxComputeSinkConfig(props).partitionValue(1_700_000_000_000L, 0)).isEqualTo("2023-11-15 06");
        props.put("use_new_partition_format", "false");
        assertThat(new MaxComputeSinkConfig(props).partitionValue(1_700_000_000_000L, 0)).isEqualTo("11-15-2023 06");
    }
}
