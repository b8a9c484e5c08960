package com.connectorservice.sink.maxcompute.cdc;

import java.util.LinkedHashMap;
import java.util.List;

/**
 * One change of one source row, taken out of Debezium's envelope: the source table, the operation, the primary key
 * (the record key's fields, empty for a table without one) and the row image to write, each column with the
 * MaxCompute type seed 004's mapping gives it and its value as the SDK takes it.
 *
 * @param row       the after image (the before image, or the key, for a delete)
 */
record ChangeEvent(String database, String schema, String table, Operation operation, List<String> primaryKey,
                   LinkedHashMap<String, Cell> row) {

    enum Operation {
        /** c (create), r (snapshot read) and u (update): the row as it is now. */
        UPSERT,
        /** u on an append table: the after image, inserted as a new row. */
        DELETE
    }

    /** A column of the row image: its MaxCompute type (e.g. {@code decimal(10,2)}, null if unknown) and value. */
    record Cell(String type, Object value) {
    }
}
