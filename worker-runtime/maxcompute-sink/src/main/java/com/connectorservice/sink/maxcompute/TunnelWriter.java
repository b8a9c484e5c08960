package com.connectorservice.sink.maxcompute;

import java.util.List;

import com.aliyun.odps.Column;
import com.aliyun.odps.data.ArrayRecord;
import com.aliyun.odps.data.Record;

/**
 * Writes one batch's rows for one {@code pt} as numbered blocks. A method that throws is retried with the same
 * arguments, so each must be idempotent.
 */
interface TunnelWriter extends AutoCloseable {

    /** Starts one batch's rows for {@code pt} (the batch tunnel opens an upload session, creating pt if needed). */
    Upload open(String pt) throws Exception;

    /**
     * Whether a written block is visible at once (streaming tunnel), so blocks may only be written in their batch's
     * turn; otherwise (batch tunnel) nothing is visible before {@link Upload#commit}.
     */
    boolean visibleOnWrite();

    @Override
    default void close() {
    }

    interface Upload {

        /**
         * Writes block {@code block} (0, 1, ...) of rows given as column values already checked by the converter;
         * writing the same block again replaces it (batch tunnel).
         */
        void write(int block, List<Object[]> rows) throws Exception;

        /** Makes blocks {@code 0..blocks-1} visible at once (batch tunnel); nothing to do for the streaming tunnel. */
        void commit(int blocks) throws Exception;

        /** The upload session to name in the commit log (batch tunnel); null for the streaming tunnel. */
        default ConnectorOffsetsTable.Session session() {
            return null;
        }
    }

    static TunnelWriter of(MaxComputeTable table, Column[] columns) {
        return table.config().useStreaming() ? new StreamingTunnelWriter(table, columns)
                : new BatchTunnelWriter(table, columns);
    }

    /**
     * One row object reused for every row of a block: the encoders read it at once, and the SDK's row objects are
     * costly to make (each builds a name-to-index map).
     */
    static Record reuse(Record record, Object[] values) {
        System.arraycopy(values, 0, ((ArrayRecord) record).toArray(), 0, values.length);
        return record;
    }
}
