package com.connectorservice.sink.maxcompute;

import org.apache.kafka.connect.errors.DataException;

/** A record that can never be written into the table, whatever is retried; it is routed, not retried. */
public final class BadRecordException extends DataException {
    public BadRecordException(String message) {
        super(message);
    }

    public BadRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
