package com.connectorservice.sink.tablestore.timeseries;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.alicloud.openservices.tablestore.TableStoreException;
import com.alicloud.openservices.tablestore.TimeseriesClient;
import com.alicloud.openservices.tablestore.model.TimeseriesTableMeta;
import com.alicloud.openservices.tablestore.model.TimeseriesTableOptions;
import com.alicloud.openservices.tablestore.model.timeseries.CreateTimeseriesTableRequest;
import com.alicloud.openservices.tablestore.model.timeseries.DescribeTimeseriesTableRequest;
import com.alicloud.openservices.tablestore.model.timeseries.PutTimeseriesDataRequest;
import com.alicloud.openservices.tablestore.model.timeseries.PutTimeseriesDataResponse;
import com.alicloud.openservices.tablestore.model.timeseries.TimeseriesRow;
import com.connectorservice.sink.tablestore.DestinationModel;
import com.connectorservice.sink.tablestore.TablestoreSinkConfig;
import com.connectorservice.sink.tablestore.batch.BatchCall;
import com.connectorservice.sink.tablestore.batch.PendingRow;

/** Time series tables: PutTimeseriesData. */
public final class TimeseriesModel implements DestinationModel<TimeseriesRow> {

    private static final Logger log = LoggerFactory.getLogger(TimeseriesModel.class);

    private final TimeseriesClient client;
    private final TablestoreSinkConfig config;
    private final TimeseriesRowMapper mapper;
    private final Set<String> checkedTables = ConcurrentHashMap.newKeySet();

    public TimeseriesModel(TimeseriesClient client, TablestoreSinkConfig config) {
        this.client = client;
        this.config = config;
        this.mapper = new TimeseriesRowMapper(config);
    }

    @Override
    public void ensureTable(String table) {
        if (checkedTables.contains(table)) {
            return;
        }
        try {
            client.describeTimeseriesTable(new DescribeTimeseriesTableRequest(table));
        } catch (TableStoreException e) {
            if (!"OTSObjectNotExist".equals(e.getErrorCode())) {
                throw e;
            }
            if (!config.autoCreate()) {
                throw new ConnectException("Time series table '" + table + "' does not exist in Tablestore instance '"
                        + config.instanceName() + "' and " + TablestoreSinkConfig.AUTO_CREATE + " is false");
            }
            try {
                client.createTimeseriesTable(new CreateTimeseriesTableRequest(
                        new TimeseriesTableMeta(table, new TimeseriesTableOptions(-1))));
                log.info("Created time series table {}", table);
            } catch (TableStoreException created) {
                if (!"OTSObjectAlreadyExist".equals(created.getErrorCode())) {
                    throw created;
                }
            }
        }
        checkedTables.add(table);
    }

    @Override
    public void forgetTable(String table) {
        checkedTables.remove(table);
    }

    @Override
    public PendingRow<TimeseriesRow> toRow(SinkRecord record, String table) {
        TimeseriesRow row = mapper.toRow(record);
        return new PendingRow<>(record, table, List.of(row.getTimeseriesKey(), row.getTimeInUs()), row,
                row.getTimeseriesRowDataSize());
    }

    @Override
    public BatchCall<TimeseriesRow> batchCall() {
        return (table, rows) -> {
            PutTimeseriesDataRequest request = new PutTimeseriesDataRequest(table);
            request.setRows(rows);
            PutTimeseriesDataResponse response = client.putTimeseriesData(request);
            return response.getFailedRows().stream()
                    .map(row -> new BatchCall.RowError(row.getIndex(), row.getError().getCode(), row.getError().getMessage()))
                    .toList();
        };
    }
}
