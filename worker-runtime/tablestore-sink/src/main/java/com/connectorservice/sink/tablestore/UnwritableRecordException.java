package com.connectorservice.sink.tablestore;

import org.apache.kafka.connect.errors.DataException;

/** A record that can never become a Tablestore row; the message says why, for the error topic. */
public class UnwritableRecordException extends DataException {

    public UnwritableRecordException(String message) {
        super(message);
    }

    public UnwritableRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
