package com.connectorservice.sink.maxcompute;

import java.util.List;

import com.aliyun.odps.data.Record;

/**
 * Writes the rows of one batch into one {@code pt} partition as an {@link Upload} of several parts, so
 * that one busy Kafka partition is written by several threads while only one of its batches at a time
 * can be durable without its offsets being handed to Connect.
 */
interface TunnelWriter extends AutoCloseable {

    /** Starts the upload of one batch's rows for {@code pt} (creating the partition if needed). */
    Upload open(String pt) throws Exception;

    @Override
    default void close() {
    }

    /**
     * One batch's rows for one {@code pt}, written in parts that may run concurrently. Nothing is visible
     * before {@link #publish}; after {@link #complete} returns, every part is durable. A method that throws
     * is retried with the same arguments.
     */
    interface Upload {

        /** Work that leaves nothing visible (the batch tunnel uploads a block); may run before the batch's turn. */
        void prepare(int part, List<Record> rows) throws Exception;

        /** Makes one part durable and visible (the streaming tunnel flushes a pack); runs in the batch's turn. */
        void publish(int part, List<Record> rows) throws Exception;

        /** Runs once every part is published (the batch tunnel commits its blocks at once). */
        void complete(int parts) throws Exception;
    }

    static TunnelWriter of(MaxComputeTable table) {
        return table.config().useStreaming() ? new StreamingTunnelWriter(table) : new BatchTunnelWriter(table);
    }
}
