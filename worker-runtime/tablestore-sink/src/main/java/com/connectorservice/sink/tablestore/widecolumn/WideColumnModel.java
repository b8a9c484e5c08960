package com.connectorservice.sink.tablestore.widecolumn;

import java.util.List;
import java.util.Locale;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;

import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.core.utils.Pair;
import com.alicloud.openservices.tablestore.model.BatchWriteRowRequest;
import com.alicloud.openservices.tablestore.model.BatchWriteRowResponse;
import com.alicloud.openservices.tablestore.model.Column;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.CreateTableRequest;
import com.alicloud.openservices.tablestore.model.DescribeTableRequest;
import com.alicloud.openservices.tablestore.model.PrimaryKeySchema;
import com.alicloud.openservices.tablestore.model.PrimaryKeyType;
import com.alicloud.openservices.tablestore.model.RowChange;
import com.alicloud.openservices.tablestore.model.RowPutChange;
import com.alicloud.openservices.tablestore.model.RowUpdateChange;
import com.alicloud.openservices.tablestore.model.TableMeta;
import com.alicloud.openservices.tablestore.model.TableOptions;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec;
import com.connectorservice.sink.tablestore.DestinationModel;
import com.connectorservice.sink.tablestore.TableChecker;
import com.connectorservice.sink.tablestore.TablestoreSinkConfig;
import com.connectorservice.sink.tablestore.TablestoreSinkConfig.PrimaryKeyColumn;
import com.connectorservice.sink.tablestore.batch.BatchCall;
import com.connectorservice.sink.tablestore.batch.PendingRow;

/** Wide column tables: BatchWriteRow of put, update and delete row changes. */
public final class WideColumnModel implements DestinationModel<RowChange> {

    private final SyncClient client;
    private final TablestoreSinkConfig config;
    private final WideColumnRowMapper mapper;
    private final TableChecker tables;

    public WideColumnModel(SyncClient client, TablestoreSinkConfig config) {
        this.client = client;
        this.config = config;
        this.mapper = new WideColumnRowMapper(config);
        this.tables = new TableChecker(config, "wide column");
    }

    @Override
    public void ensureTable(String table) {
        tables.ensure(table, () -> checkPrimaryKey(table), () -> create(table));
    }

    private void checkPrimaryKey(String table) {
        List<String> existing = client.describeTable(new DescribeTableRequest(table)).getTableMeta()
                .getPrimaryKeyList().stream().map(PrimaryKeySchema::getName).toList();
        List<String> expected = config.primaryKeyColumns().stream().map(PrimaryKeyColumn::name).toList();
        if (!existing.equals(expected)) {
            throw new ConnectException("Table '" + table + "' has primary key " + existing + " but "
                    + TablestoreSinkSpec.PRIMARY_KEY_MODE + "=" + config.primaryKeyMode().name().toLowerCase(Locale.ROOT)
                    + " writes primary key " + expected);
        }
    }

    private void create(String table) {
        TableMeta meta = new TableMeta(table);
        for (PrimaryKeyColumn column : config.primaryKeyColumns()) {
            meta.addPrimaryKeyColumn(column.name(), column.type() == TablestoreSinkSpec.PrimaryKeyType.INTEGER
                    ? PrimaryKeyType.INTEGER : PrimaryKeyType.STRING);
        }
        client.createTable(new CreateTableRequest(meta, new TableOptions(-1, 1)));
    }

    @Override
    public void forgetTable(String table) {
        tables.forget(table);
    }

    @Override
    public PendingRow<RowChange> toRow(SinkRecord record, String table) {
        RowChange change = mapper.toRowChange(record, table);
        return new PendingRow<>(record, table, change.getPrimaryKey(), change, dataSize(change));
    }

    /**
     * The row's size as the SDK's {@code getDataSize} counts it (names, values, timestamps), from the UTF-8 bytes the
     * mapper attached to its strings: the SDK's count encodes every name and string again, looking the charset up by
     * name each time.
     */
    static long dataSize(RowChange change) {
        long size = 0;
        for (com.alicloud.openservices.tablestore.model.PrimaryKeyColumn column : change.getPrimaryKey().getPrimaryKeyColumns()) {
            size += utf8Length(column.getName()) + column.getValue().getDataSize();
        }
        if (change instanceof RowPutChange put) {
            for (Column column : put.getColumnsToPut()) {
                size += columnSize(column, true);
            }
        } else if (change instanceof RowUpdateChange update) {
            for (Pair<Column, RowUpdateChange.Type> column : update.getColumnsToUpdate()) {
                size += columnSize(column.getFirst(), column.getSecond() == RowUpdateChange.Type.PUT);
            }
        }
        return size;
    }

    private static long columnSize(Column column, boolean withValue) {
        long size = utf8Length(column.getName()) + (column.hasSetTimestamp() ? 8 : 0);
        if (!withValue) {
            return size;
        }
        ColumnValue value = column.getValue();
        return size + switch (value.getType()) {
            case STRING -> value.asStringInBytes().length;
            case BINARY -> value.asBinary().length;
            case BOOLEAN -> 1;
            default -> 8;
        };
    }

    private static int utf8Length(String text) {
        int length = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x80) {
                length++;
            } else if (c < 0x800) {
                length += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                length += 4;
                i++;
            } else {
                length += 3;
            }
        }
        return length;
    }

    @Override
    public BatchCall<RowChange> batchCall() {
        return (table, rows) -> {
            BatchWriteRowRequest request = new BatchWriteRowRequest();
            rows.forEach(request::addRowChange);
            BatchWriteRowResponse response = client.batchWriteRow(request);
            return response.getFailedRows().stream()
                    .map(row -> new BatchCall.RowError(row.getIndex(), row.getError().getCode(), row.getError().getMessage()))
                    .toList();
        };
    }
}
