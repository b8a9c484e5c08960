package com.connectorservice.sink.tablestore;

import org.apache.kafka.connect.sink.SinkRecord;

import com.connectorservice.sink.tablestore.batch.BatchCall;
import com.connectorservice.sink.tablestore.batch.PendingRow;

/** What differs between the wide column and the time series model: tables, rows and the write request. */
public interface DestinationModel<R> {

    /** Makes sure the table exists (creating it when auto.create is on); remembers tables already checked. */
    void ensureTable(String table);

    /** Forgets that the table was checked, so the next {@link #ensureTable} looks again. */
    void forgetTable(String table);

    /** @throws UnwritableRecordException when the record can never become a row */
    PendingRow<R> toRow(SinkRecord record, String table);

    BatchCall<R> batchCall();
}
