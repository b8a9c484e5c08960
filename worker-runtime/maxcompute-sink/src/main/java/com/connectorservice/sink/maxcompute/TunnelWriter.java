package com.connectorservice.sink.maxcompute;

import java.util.List;

import com.aliyun.odps.data.Record;

/**
 * Writes rows into one {@code pt} partition. When {@link #write} returns, the rows are durable in
 * MaxCompute (upload session committed, or streaming pack acknowledged); when it throws, the caller
 * retries the same rows.
 */
interface TunnelWriter extends AutoCloseable {

    void write(String pt, List<Record> rows) throws Exception;

    @Override
    default void close() {
    }

    static TunnelWriter of(MaxComputeTable table) {
        return table.config().useStreaming() ? new StreamingTunnelWriter(table) : new BatchTunnelWriter(table);
    }
}
