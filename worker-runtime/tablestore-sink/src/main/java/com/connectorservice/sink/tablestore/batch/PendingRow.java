package com.connectorservice.sink.tablestore.batch;

import org.apache.kafka.connect.sink.SinkRecord;

/**
 * One row waiting to be written. Rows with equal {@code identity} (their primary key) in the same
 * table are written in record order and never in the same request.
 */
public record PendingRow<R>(SinkRecord record, String table, Object identity, R row, long bytes) {
}
