package com.connectorservice.emulator.maxcompute.tunnel;

import java.io.OutputStream;
import java.util.Arrays;

import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

import com.connectorservice.emulator.maxcompute.catalog.DataStore;
import com.connectorservice.emulator.maxcompute.catalog.Segment;

/**
 * Receives a record stream's bytes as the decoder verifies them and stores them in chunks of whole records (about
 * 1 MiB each) under a fresh data id, without waiting for the disk; {@link #finish} adds the last chunk to the batch
 * that publishes the segment, which is written durably. The stream's trailer is not kept.
 */
final class SegmentWriter extends OutputStream {

    private static final int CHUNK_BYTES = 1 << 20;

    private final DataStore store;
    private final long dataId;
    private byte[] buffer = new byte[CHUNK_BYTES + (64 << 10)];
    private int buffered;
    /** Stream offset of buffer[0]. */
    private long bufferStart;
    private long lastRecordEnd;
    private int chunks;
    private long records;
    private long bytes;

    SegmentWriter(DataStore store) {
        this.store = store;
        this.dataId = store.newDataId();
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (buffered + len > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, buffered + len));
        }
        System.arraycopy(b, off, buffer, buffered, len);
        buffered += len;
    }

    /** A verified record ends at stream offset {@code offset}. */
    void recordEnd(long offset) {
        records++;
        lastRecordEnd = offset;
        if (offset - bufferStart >= CHUNK_BYTES) {
            int length = (int) (offset - bufferStart);
            store.putChunk(dataId, chunks++, buffer, length);
            bytes += length;
            System.arraycopy(buffer, length, buffer, 0, buffered - length);
            buffered -= length;
            bufferStart = offset;
        }
    }

    /** Puts the records not yet stored into {@code batch}; the segment is complete once the batch is written. */
    Segment finish(WriteBatch batch) {
        int length = (int) (lastRecordEnd - bufferStart);
        if (length > 0) {
            try {
                batch.put(DataStore.dataKey(dataId, chunks++), Arrays.copyOf(buffer, length));
            } catch (RocksDBException e) {
                throw new IllegalStateException("emulator storage error: " + e.getMessage(), e);
            }
            bytes += length;
        }
        buffer = null;
        return new Segment(dataId, chunks, records, bytes);
    }
}
