package com.connectorservice.sink.tablestore.timeseries;

import java.util.List;

import org.apache.kafka.connect.sink.SinkRecord;

import com.alicloud.openservices.tablestore.TimeseriesClient;
import com.alicloud.openservices.tablestore.model.TimeseriesTableMeta;
import com.alicloud.openservices.tablestore.model.TimeseriesTableOptions;
import com.alicloud.openservices.tablestore.model.timeseries.CreateTimeseriesTableRequest;
import com.alicloud.openservices.tablestore.model.timeseries.DescribeTimeseriesTableRequest;
import com.alicloud.openservices.tablestore.model.timeseries.PutTimeseriesDataRequest;
import com.alicloud.openservices.tablestore.model.timeseries.PutTimeseriesDataResponse;
import com.alicloud.openservices.tablestore.model.timeseries.TimeseriesRow;
import com.connectorservice.sink.tablestore.DestinationModel;
import com.connectorservice.sink.tablestore.TableChecker;
import com.connectorservice.sink.tablestore.TablestoreSinkConfig;
import com.connectorservice.sink.tablestore.batch.BatchCall;
import com.connectorservice.sink.tablestore.batch.PendingRow;

/** Time series tables: PutTimeseriesData. */
public final class TimeseriesModel implements DestinationModel<TimeseriesRow> {

    private final TimeseriesClient client;
    private final TimeseriesRowMapper mapper;
    private final TableChecker tables;

    public TimeseriesModel(TimeseriesClient client, TablestoreSinkConfig config) {
        this.client = client;
        this.mapper = new TimeseriesRowMapper(config);
        this.tables = new TableChecker(config, "time series");
    }

    @Override
    public void ensureTable(String table) {
        tables.ensure(table, () -> client.describeTimeseriesTable(new DescribeTimeseriesTableRequest(table)),
                () -> client.createTimeseriesTable(new CreateTimeseriesTableRequest(
                        new TimeseriesTableMeta(table, new TimeseriesTableOptions(-1)))));
    }

    @Override
    public void forgetTable(String table) {
        tables.forget(table);
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
