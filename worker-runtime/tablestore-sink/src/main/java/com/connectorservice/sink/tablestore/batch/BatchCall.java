package com.connectorservice.sink.tablestore.batch;

import java.util.List;

/** One Tablestore write request for rows of one table. */
public interface BatchCall<R> {

    /**
     * Sends the rows in one request and returns the rows Tablestore did not write, by their index
     * in {@code rows}. Throws the SDK's exception when the whole request failed.
     */
    List<RowError> send(String table, List<R> rows);

    record RowError(int index, String code, String message) {
    }
}
