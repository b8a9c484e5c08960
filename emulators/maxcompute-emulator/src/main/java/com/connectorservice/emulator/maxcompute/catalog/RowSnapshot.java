package com.connectorservice.emulator.maxcompute.catalog;

import java.util.Iterator;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The rows a download session reads: fixed when the session is created, later commits do not change it. An append
 * table's snapshot holds only the list of its commits and decodes rows when they are read, so a reader polling a
 * large table's record count costs no memory; a Delta table's latest rows are materialized once.
 *
 * @param rowsFrom the rows from a position on (0-based), for the SDK's row ranges
 * @param heldRows how many rows the snapshot holds on the heap (0 when they are decoded as they are read)
 */
public record RowSnapshot(long recordCount, LongFunction<Iterator<Object[]>> rowsFrom, long heldRows) {

    /** Rows decoded from the store as they are read. */
    public static RowSnapshot decodedOnRead(long recordCount, LongFunction<Iterator<Object[]>> rowsFrom) {
        return new RowSnapshot(recordCount, rowsFrom, 0);
    }

    public static RowSnapshot of(List<Object[]> rows) {
        return new RowSnapshot(rows.size(), start -> rows.subList((int) start, rows.size()).iterator(), rows.size());
    }
}
