package com.connectorservice.sink.tablestore.widecolumn;

import java.util.List;
import java.util.Locale;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;

import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.model.BatchWriteRowRequest;
import com.alicloud.openservices.tablestore.model.BatchWriteRowResponse;
import com.alicloud.openservices.tablestore.model.CreateTableRequest;
import com.alicloud.openservices.tablestore.model.DescribeTableRequest;
import com.alicloud.openservices.tablestore.model.PrimaryKeySchema;
import com.alicloud.openservices.tablestore.model.PrimaryKeyType;
import com.alicloud.openservices.tablestore.model.RowChange;
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
        return new PendingRow<>(record, table, change.getPrimaryKey(), change, change.getDataSize());
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
