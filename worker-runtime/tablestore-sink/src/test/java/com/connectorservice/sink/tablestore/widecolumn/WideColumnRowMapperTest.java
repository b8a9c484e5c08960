package com.connectorservice.sink.tablestore.widecolumn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

import com.alicloud.openservices.tablestore.model.Column;
import com.alicloud.openservices.tablestore.model.ColumnType;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.PrimaryKeyValue;
import com.alicloud.openservices.tablestore.model.RowChange;
import com.alicloud.openservices.tablestore.model.RowDeleteChange;
import com.alicloud.openservices.tablestore.model.RowPutChange;
import com.alicloud.openservices.tablestore.model.RowUpdateChange;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec;
import com.connectorservice.sink.tablestore.TestConfigs;
import com.connectorservice.sink.tablestore.UnwritableRecordException;

class WideColumnRowMapperTest {

    private static WideColumnRowMapper mapper(String... settings) {
        return new WideColumnRowMapper(TestConfigs.config(settings));
    }

    private static SinkRecord record(Object key, Object value) {
        return new SinkRecord("orders", 3, null, key, null, value, 42);
    }

    private static Map<String, ColumnValue> putColumns(RowChange change) {
        assertThat(change).isInstanceOf(RowPutChange.class);
        return ((RowPutChange) change).getColumnsToPut().stream().collect(Collectors.toMap(Column::getName, Column::getValue));
    }

    private static Map<String, String> updates(RowChange change) {
        assertThat(change).isInstanceOf(RowUpdateChange.class);
        return ((RowUpdateChange) change).getColumnsToUpdate().stream()
                .collect(Collectors.toMap(p -> p.getFirst().getName(), p -> p.getSecond().name()));
    }

    @Test
    void kafkaModeKeysRowsByTopicPartitionAndOffset() {
        RowChange change = mapper().toRowChange(record("k", "{\"a\":\"x\"}"), "t");
        assertThat(change.getPrimaryKey().getPrimaryKeyColumn("topic_partition").getValue())
                .isEqualTo(PrimaryKeyValue.fromString("orders_3"));
        assertThat(change.getPrimaryKey().getPrimaryKeyColumn("offset").getValue()).isEqualTo(PrimaryKeyValue.fromLong(42));
        assertThat(putColumns(change)).containsExactly(Map.entry("a", ColumnValue.fromString("x")));
    }

    @Test
    void allStringWritesEveryFieldAsTextAndNestedObjectsAsJson() {
        Map<String, ColumnValue> columns = putColumns(mapper().toRowChange(
                record(null, "{\"n\":12,\"f\":1.5,\"b\":true,\"s\":\"x\",\"o\":{\"k\":[1,2]}}"), "t"));
        assertThat(columns).containsEntry("n", ColumnValue.fromString("12")).containsEntry("f", ColumnValue.fromString("1.5"))
                .containsEntry("b", ColumnValue.fromString("true")).containsEntry("s", ColumnValue.fromString("x"))
                .containsEntry("o", ColumnValue.fromString("{\"k\":[1,2]}"));
    }

    @Test
    void autoTypeKeepsStringsAndBooleansAndWritesNumbersAsDouble() {
        Map<String, ColumnValue> columns = putColumns(mapper(TablestoreSinkSpec.JSON_CONVERSION, "AUTO_TYPE")
                .toRowChange(record(null, "{\"n\":12,\"b\":false,\"s\":\"x\",\"o\":{\"k\":1}}"), "t"));
        assertThat(columns.get("n").getType()).isEqualTo(ColumnType.DOUBLE);
        assertThat(columns.get("n").asDouble()).isEqualTo(12.0);
        assertThat(columns.get("b")).isEqualTo(ColumnValue.fromBoolean(false));
        assertThat(columns.get("s")).isEqualTo(ColumnValue.fromString("x"));
        assertThat(columns.get("o")).isEqualTo(ColumnValue.fromString("{\"k\":1}"));
    }

    @Test
    void structValuesFromTheJsonConverterWithSchemasAreReadToo() {
        Schema schema = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).field("name", Schema.OPTIONAL_STRING_SCHEMA).build();
        Struct value = new Struct(schema).put("id", 7L).put("name", "n");
        RowChange change = mapper(TablestoreSinkSpec.PRIMARY_KEY_MODE, "record_value",
                TablestoreSinkSpec.PRIMARY_KEY_NAMES, "id", TablestoreSinkSpec.PRIMARY_KEY_TYPES, "integer")
                .toRowChange(record(null, value), "t");
        assertThat(change.getPrimaryKey().getPrimaryKeyColumn("id").getValue()).isEqualTo(PrimaryKeyValue.fromLong(7));
        assertThat(putColumns(change)).containsOnlyKeys("name");
    }

    @Test
    void stringValueFormatWritesTheWholeValueToOneColumn() {
        RowChange change = mapper(TablestoreSinkSpec.VALUE_FORMAT, "STRING").toRowChange(record(null, "not json {"), "t");
        assertThat(putColumns(change)).containsExactly(Map.entry("value", ColumnValue.fromString("not json {")));
    }

    @Test
    void recordKeyModeTakesTypedPrimaryKeyColumnsFromTheJsonKey() {
        RowChange change = mapper(TablestoreSinkSpec.PRIMARY_KEY_MODE, "record_key",
                TablestoreSinkSpec.PRIMARY_KEY_NAMES, "user,seq", TablestoreSinkSpec.PRIMARY_KEY_TYPES, "string,integer")
                .toRowChange(record("{\"user\":\"u1\",\"seq\":\"5\"}", "{\"a\":1}"), "t");
        assertThat(change.getPrimaryKey().getPrimaryKeyColumn("user").getValue()).isEqualTo(PrimaryKeyValue.fromString("u1"));
        assertThat(change.getPrimaryKey().getPrimaryKeyColumn("seq").getValue()).isEqualTo(PrimaryKeyValue.fromLong(5));
    }

    @Test
    void missingOrNonIntegerPrimaryKeyFieldIsUnwritableWithTheFieldName() {
        WideColumnRowMapper mapper = mapper(TablestoreSinkSpec.PRIMARY_KEY_MODE, "record_key",
                TablestoreSinkSpec.PRIMARY_KEY_NAMES, "user,seq", TablestoreSinkSpec.PRIMARY_KEY_TYPES, "string,integer");
        assertThatThrownBy(() -> mapper.toRowChange(record("{\"user\":\"u1\"}", "{}"), "t"))
                .isInstanceOf(UnwritableRecordException.class).hasMessageContaining("'seq'");
        assertThatThrownBy(() -> mapper.toRowChange(record("{\"user\":\"u1\",\"seq\":1.5}", "{}"), "t"))
                .isInstanceOf(UnwritableRecordException.class).hasMessageContaining("'seq' is not an integer");
        assertThatThrownBy(() -> mapper.toRowChange(record("not json", "{}"), "t"))
                .isInstanceOf(UnwritableRecordException.class).hasMessageContaining("key");
    }

    @Test
    void putSkipsNullFieldsSoTheRowIsOverwrittenWithoutThem() {
        RowChange change = mapper().toRowChange(record(null, "{\"a\":null,\"b\":\"x\"}"), "t");
        assertThat(putColumns(change)).containsOnlyKeys("b");
    }

    @Test
    void updateSkipsNullFieldsUnlessColumnsAreDeleted() {
        String[] recordKey = {TablestoreSinkSpec.PRIMARY_KEY_MODE, "record_key", TablestoreSinkSpec.KEY_FORMAT, "STRING",
                TablestoreSinkSpec.WRITE_MODE, "update"};
        SinkRecord record = record("k1", "{\"a\":null,\"b\":\"x\"}");
        assertThat(updates(mapper(recordKey).toRowChange(record, "t"))).containsExactly(Map.entry("b", "PUT"));
        String[] deleteColumns = List.of(recordKey[0], recordKey[1], recordKey[2], recordKey[3], recordKey[4], recordKey[5],
                TablestoreSinkSpec.DELETE_MODE, "column").toArray(String[]::new);
        assertThat(updates(mapper(deleteColumns).toRowChange(record, "t")))
                .containsEntry("b", "PUT").containsEntry("a", "DELETE_ALL");
    }

    @Test
    void updateWithOnlyEmptyFieldsIsDirtyData() {
        WideColumnRowMapper mapper = mapper(TablestoreSinkSpec.PRIMARY_KEY_MODE, "record_key",
                TablestoreSinkSpec.KEY_FORMAT, "STRING", TablestoreSinkSpec.WRITE_MODE, "update");
        assertThatThrownBy(() -> mapper.toRowChange(record("k1", "{\"a\":null}"), "t"))
                .isInstanceOf(UnwritableRecordException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> mapper.toRowChange(record("k1", null), "t"))
                .isInstanceOf(UnwritableRecordException.class).hasMessageContaining("no value");
    }

    @Test
    void recordValueModeUpdatesOnlyTheFieldsOutsideThePrimaryKey() {
        WideColumnRowMapper mapper = mapper(TablestoreSinkSpec.PRIMARY_KEY_MODE, "record_value",
                TablestoreSinkSpec.PRIMARY_KEY_NAMES, "id", TablestoreSinkSpec.PRIMARY_KEY_TYPES, "integer",
                TablestoreSinkSpec.WRITE_MODE, "update");
        assertThat(updates(mapper.toRowChange(record(null, "{\"id\":7,\"a\":\"x\",\"b\":null}"), "t")))
                .containsExactly(Map.entry("a", "PUT"));
        assertThatThrownBy(() -> mapper.toRowChange(record(null, "{\"id\":7,\"b\":null}"), "t"))
                .isInstanceOf(UnwritableRecordException.class).hasMessageContaining("(fields: [b];");
    }

    @Test
    void tombstoneDeletesTheRowInRowDeleteModes() {
        for (String mode : List.of("row", "row_and_column")) {
            for (String writeMode : List.of("put", "update")) {
                RowChange change = mapper(TablestoreSinkSpec.PRIMARY_KEY_MODE, "record_key", TablestoreSinkSpec.KEY_FORMAT,
                        "STRING", TablestoreSinkSpec.DELETE_MODE, mode, TablestoreSinkSpec.WRITE_MODE, writeMode)
                        .toRowChange(record("k1", null), "t");
                assertThat(change).isInstanceOf(RowDeleteChange.class);
                assertThat(change.getPrimaryKey().getPrimaryKeyColumn("_key").getValue())
                        .isEqualTo(PrimaryKeyValue.fromString("k1"));
            }
        }
    }

    @Test
    void aRowsSizeIsTheSizeTheSdkCounts() {
        String value = "{\"名前\":\"値 😀\",\"n\":1.5,\"ok\":true,\"nested\":{\"é\":[1,2]},\"gone\":null}";
        String[] update = {TablestoreSinkSpec.PRIMARY_KEY_MODE, "record_key", TablestoreSinkSpec.KEY_FORMAT, "STRING",
                TablestoreSinkSpec.WRITE_MODE, "update", TablestoreSinkSpec.DELETE_MODE, "column"};
        List<RowChange> changes = List.of(
                mapper().toRowChange(record("k", value), "t"),
                mapper(TablestoreSinkSpec.JSON_CONVERSION, "AUTO_TYPE").toRowChange(record("k", value), "t"),
                mapper(update).toRowChange(record("clé 🔑", value), "t"),
                mapper(TablestoreSinkSpec.PRIMARY_KEY_MODE, "record_key", TablestoreSinkSpec.KEY_FORMAT, "STRING",
                        TablestoreSinkSpec.DELETE_MODE, "row").toRowChange(record("k", null), "t"));
        for (RowChange change : changes) {
            assertThat(WideColumnModel.dataSize(change)).as(change.getClass().getSimpleName()).isEqualTo(change.getDataSize());
        }
        assertThat(changes.get(3)).isInstanceOf(RowDeleteChange.class);
    }
}
