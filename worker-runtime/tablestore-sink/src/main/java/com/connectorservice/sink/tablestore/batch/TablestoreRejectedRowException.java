package com.connectorservice.sink.tablestore.batch;

import org.apache.kafka.connect.errors.DataException;

/** Tablestore refused a row for a reason that retrying does not change; carries its error code. */
public class TablestoreRejectedRowException extends DataException {

    private final String errorCode;

    public TablestoreRejectedRowException(String table, String errorCode, String message) {
        super("Tablestore rejected the row for table '" + table + "': " + errorCode + ": " + message);
        this.errorCode = errorCode;
    }

    public String errorCode() {
        return errorCode;
    }
}
