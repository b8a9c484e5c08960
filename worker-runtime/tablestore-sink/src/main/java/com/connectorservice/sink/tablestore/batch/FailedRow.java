package com.connectorservice.sink.tablestore.batch;

import org.apache.kafka.connect.sink.SinkRecord;

/** A record Tablestore will never accept, and why. */
public record FailedRow(SinkRecord record, Throwable reason) {
}
