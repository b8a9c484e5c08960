package com.connectorservice.sink.tablestore.widecolumn;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.connect.sink.SinkRecord;

import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.PrimaryKey;
import com.alicloud.openservices.tablestore.model.PrimaryKeyBuilder;
import com.alicloud.openservices.tablestore.model.PrimaryKeyValue;
import com.alicloud.openservices.tablestore.model.RowChange;
import com.alicloud.openservices.tablestore.model.RowDeleteChange;
import com.alicloud.openservices.tablestore.model.RowPutChange;
import com.alicloud.openservices.tablestore.model.RowUpdateChange;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.DeleteMode;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.JsonConversion;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.MessageFormat;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.PrimaryKeyMode;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.PrimaryKeyType;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.WriteMode;
import com.connectorservice.sink.tablestore.JsonField;
import com.connectorservice.sink.tablestore.JsonMessages;
import com.connectorservice.sink.tablestore.TablestoreSinkConfig;
import com.connectorservice.sink.tablestore.TablestoreSinkConfig.PrimaryKeyColumn;
import com.connectorservice.sink.tablestore.UnwritableRecordException;

/**
 * Turns one record into one wide-column row change, following the managed product's rules: the
 * primary key comes from the Kafka coordinates, the key or the value; put replaces the row, update
 * adds the fields; a null value deletes the row in the row delete modes; a null field deletes its
 * column in the column delete modes with update and is skipped otherwise.
 */
public final class WideColumnRowMapper {

    /** Column of the whole value when the value format is STRING. */
    public static final String STRING_VALUE_COLUMN = "value";

    private final PrimaryKeyMode primaryKeyMode;
    private final List<PrimaryKeyColumn> primaryKeyColumns;
    private final Set<String> primaryKeyNames;
    private final MessageFormat keyFormat;
    private final MessageFormat valueFormat;
    private final JsonConversion conversion;
    private final WriteMode writeMode;
    private final DeleteMode deleteMode;
    /**
     * The topic_partition key value of the partition last seen, kept while records of that partition follow (they come
     * in runs per partition): the task's thread alone maps records.
     */
    private String lastTopic;
    private int lastPartition;
    private PrimaryKeyValue lastTopicPartitionKey;

    public WideColumnRowMapper(TablestoreSinkConfig config) {
        this.primaryKeyMode = config.primaryKeyMode();
        this.primaryKeyColumns = config.primaryKeyColumns();
        this.primaryKeyNames = primaryKeyColumns.stream().map(PrimaryKeyColumn::name).collect(Collectors.toSet());
        this.keyFormat = config.keyFormat();
        this.valueFormat = config.valueFormat();
        this.conversion = config.jsonConversion();
        this.writeMode = config.writeMode();
        this.deleteMode = config.deleteMode();
    }

    /** @throws UnwritableRecordException when the record can never become a row */
    public RowChange toRowChange(SinkRecord record, String table) {
        PrimaryKey primaryKey = primaryKey(record);
        if (record.value() == null) {
            if (deleteMode.deletesRows()) {
                return new RowDeleteChange(table, primaryKey);
            }
            if (writeMode == WriteMode.PUT) {
                return new RowPutChange(table, primaryKey);
            }
            throw new UnwritableRecordException("The record has no value: insert.mode=update needs at least one"
                    + " non-empty field (delete.mode=row or row_and_column makes a null value delete the row)");
        }
        Map<String, JsonField> fields = attributeFields(record.value());
        return writeMode == WriteMode.PUT ? put(table, primaryKey, fields) : update(table, primaryKey, fields);
    }

    private RowChange put(String table, PrimaryKey primaryKey, Map<String, JsonField> fields) {
        RowPutChange change = new RowPutChange(table, primaryKey);
        for (Map.Entry<String, JsonField> field : fields.entrySet()) {
            if (!isKeyField(field.getKey()) && !JsonMessages.isNull(field.getValue())) {
                change.addColumn(field.getKey(), columnValue(field.getValue()));
            }
        }
        return change;
    }

    private RowChange update(String table, PrimaryKey primaryKey, Map<String, JsonField> fields) {
        RowUpdateChange change = new RowUpdateChange(table, primaryKey);
        int operations = 0;
        for (Map.Entry<String, JsonField> field : fields.entrySet()) {
            if (isKeyField(field.getKey())) {
                continue;
            }
            if (!JsonMessages.isNull(field.getValue())) {
                change.put(field.getKey(), columnValue(field.getValue()));
                operations++;
            } else if (deleteMode.deletesColumns()) {
                change.deleteColumns(field.getKey());
                operations++;
            }
        }
        if (operations == 0) {
            List<String> names = fields.keySet().stream().filter(name -> !isKeyField(name)).toList();
            throw new UnwritableRecordException("Every field of the record is empty, so insert.mode=update has"
                    + " nothing to write (fields: " + names + "; delete.mode=column deletes empty fields' columns)");
        }
        return change;
    }

    /** The value's fields, read in place: the primary key's own fields are skipped while writing (isKeyField). */
    private Map<String, JsonField> attributeFields(Object value) {
        if (valueFormat == MessageFormat.STRING) {
            return primaryKeyMode == PrimaryKeyMode.RECORD_VALUE
                    ? Map.of() : Map.of(STRING_VALUE_COLUMN, new JsonField.Text(JsonMessages.text(value)));
        }
        return JsonMessages.object(value, "value");
    }

    /** With primarykey.mode=record_value the key's fields become the primary key, not attribute columns. */
    private boolean isKeyField(String name) {
        return primaryKeyMode == PrimaryKeyMode.RECORD_VALUE && primaryKeyNames.contains(name);
    }

    private ColumnValue columnValue(JsonField field) {
        return conversion == JsonConversion.AUTO_TYPE ? JsonMessages.autoTyped(field) : JsonMessages.stringValue(field.text());
    }

    private PrimaryKey primaryKey(SinkRecord record) {
        PrimaryKeyBuilder builder = PrimaryKeyBuilder.createPrimaryKeyBuilder();
        switch (primaryKeyMode) {
            case KAFKA -> {
                builder.addPrimaryKeyColumn(TablestoreSinkSpec.KAFKA_PK_TOPIC_PARTITION,
                        topicPartitionKey(record.topic(), record.kafkaPartition()));
                builder.addPrimaryKeyColumn(TablestoreSinkSpec.KAFKA_PK_OFFSET,
                        PrimaryKeyValue.fromLong(record.kafkaOffset()));
            }
            case RECORD_KEY -> addFrom(builder, record.key(), keyFormat, "key");
            case RECORD_VALUE -> addFrom(builder, record.value(), valueFormat, "value");
        }
        return builder.build();
    }

    private PrimaryKeyValue topicPartitionKey(String topic, int partition) {
        if (lastTopicPartitionKey == null || partition != lastPartition || !topic.equals(lastTopic)) {
            lastTopic = topic;
            lastPartition = partition;
            lastTopicPartitionKey = JsonMessages.stringKey(topic + "_" + partition);
        }
        return lastTopicPartitionKey;
    }

    private void addFrom(PrimaryKeyBuilder builder, Object part, MessageFormat format, String what) {
        if (part == null) {
            throw new UnwritableRecordException("The record has no " + what + ", but primarykey.mode=record_" + what
                    + " takes the primary key from it");
        }
        if (format == MessageFormat.STRING) {
            builder.addPrimaryKeyColumn(primaryKeyColumns.get(0).name(), JsonMessages.stringKey(JsonMessages.text(part)));
            return;
        }
        Map<String, JsonField> object = JsonMessages.object(part, what);
        for (PrimaryKeyColumn column : primaryKeyColumns) {
            JsonField field = object.get(column.name());
            if (JsonMessages.isNull(field)) {
                throw new UnwritableRecordException("Primary key field '" + column.name() + "' is missing or null in the"
                        + " message " + what);
            }
            builder.addPrimaryKeyColumn(column.name(), column.type() == PrimaryKeyType.INTEGER
                    ? PrimaryKeyValue.fromLong(JsonMessages.integer(field, column.name()))
                    : JsonMessages.stringKey(field.text()));
        }
    }
}
