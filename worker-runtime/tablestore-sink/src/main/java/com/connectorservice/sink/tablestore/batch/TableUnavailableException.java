package com.connectorservice.sink.tablestore.batch;

import org.apache.kafka.connect.errors.ConnectException;

/** The destination table cannot be written at all: it is missing, or the credentials are refused. */
public class TableUnavailableException extends ConnectException {

    private final String table;
    private final String errorCode;

    public TableUnavailableException(String table, String errorCode, String message, Throwable cause) {
        super(message, cause);
        this.table = table;
        this.errorCode = errorCode;
    }

    public String table() {
        return table;
    }

    public boolean tableMissing() {
        return TablestoreErrors.TABLE_MISSING.equals(errorCode);
    }
}
