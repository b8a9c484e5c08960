package com.connectorservice.sink.tablestore.widecolumn;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.TableStoreException;
import com.alicloud.openservices.tablestore.model.BatchWriteRowRequest;
import com.alicloud.openservices.tablestore.model.BatchWriteRowResponse;
import com.alicloud.openservices.tablestore.model.CreateTableRequest;
import com.alicloud.openservices.tablestore.model.DescribeTableRequest;
import com.alicloud.openservices.tablestore.model.PrimaryKeySchema;
import com.alicloud.openservices.tablestore.model.PrimaryKeyType;
import com.alicloud.openservices.tablestore.model.RowChange;
import com.alicloud.openservices.tablestore.model.TableMeta;
import com.alicloud.openservices.tablestore.model.TableOptions;
import com.connectorservice.sink.tablestore.DestinationModel;
import com.connectorservice.sink.tablestore.TablestoreSinkConfig;
import com.connectorservice.sink.tablestore.TablestoreSinkConfig.PrimaryKeyColumn;
import com.connectorservice.sink.tablestore.batch.BatchCall;
import com.connectorservice.sink.tablestore.batch.PendingRow;

/** Wide column tables: BatchWriteRow of put, update and delete row changes. */
public final class WideColumnModel implements DestinationModel<RowChange> {

    private static final Logger log = LoggerFactory.getLogger(WideColumnModel.class);

    private final SyncClient client;
    private final TablestoreSinkConfig config;
    private final WideColumnRowMapper mapper;
    private final Set<String> checkedTables = ConcurrentHashMap.newKeySet();

    public WideColumnModel(SyncClient client, TablestoreSinkConfig config) {
        this.client = client;
        this.config = config;
        this.mapper = new WideColumnRowMapper(config);
    }

    @Override
    public void ensureTable(String table) {
        if (checkedTables.contains(table)) {
            return;
        }
        try {
            List<String> existing = client.describeTable(new DescribeTableRequest(table)).getTableMeta()
                    .getPrimaryKeyList().stream().map(PrimaryKeySchema::getName).toList();
            List<String> expected = config.primaryKeyColumns().stream().map(PrimaryKeyColumn::name).toList();
            if (!existing.equals(expected)) {
                throw new ConnectException("Table '" + table + "' has primary key " + existing + " but " + TablestoreSinkConfig.PRIMARY_KEY_MODE
                        + "=" + config.primaryKeyMode().name().toLowerCase() + " writes primary key " + expected);
            }
        } catch (TableStoreException e) {
            if (!"OTSObjectNotExist".equals(e.getErrorCode())) {
                throw e;
            }
            if (!config.autoCreate()) {
                throw new ConnectException("Table '" + table + "' does not exist in Tablestore instance '"
                        + config.instanceName() + "' and " + TablestoreSinkConfig.AUTO_CREATE + " is false");
            }
            create(table);
        }
        checkedTables.add(table);
    }

    private void create(String table) {
        TableMeta meta = new TableMeta(table);
        for (PrimaryKeyColumn column : config.primaryKeyColumns()) {
            meta.addPrimaryKeyColumn(column.name(), column.type() == TablestoreSinkConfig.PrimaryKeyType.INTEGER
                    ? PrimaryKeyType.INTEGER : PrimaryKeyType.STRING);
        }
        try {
            client.createTable(new CreateTableRequest(meta, new TableOptions(-1, 1)));
            log.info("Created wide column table {} with primary key {}", table, config.primaryKeyColumns());
        } catch (TableStoreException e) {
            if (!"OTSObjectAlreadyExist".equals(e.getErrorCode())) {
                throw e;
            }
            // another task created it at the same time
        }
    }

    @Override
    public void forgetTable(String table) {
        checkedTables.remove(table);
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
