package com.connectorservice.emulator.maxcompute.tunnel;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

import com.connectorservice.emulator.maxcompute.catalog.DataStore;
import com.connectorservice.emulator.maxcompute.catalog.Durable;
import com.connectorservice.emulator.maxcompute.catalog.Segment;

/**
 * Receives a record stream's bytes as the decoder verifies them, in chunks of whole records (about 1 MiB each) under a
 * fresh data id. A stream of one chunk goes into the batch that publishes the segment; a larger one is written once,
 * chunk by chunk, to its own segment file, which {@link #finish} forces to the disk before that batch names its chunks.
 * The stream's trailer is not kept.
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
    private long records;
    private long bytes;
    /** The segment file, once the stream outgrew one chunk; the lengths of the chunks written to it. */
    private FileChannel file;
    private final List<Integer> fileChunks = new ArrayList<>();

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
    void recordEnd(long offset) throws IOException {
        records++;
        lastRecordEnd = offset;
        if (offset - bufferStart >= CHUNK_BYTES) {
            int length = (int) (offset - bufferStart);
            writeToFile(length);
            System.arraycopy(buffer, length, buffer, 0, buffered - length);
            buffered -= length;
            bufferStart = offset;
        }
    }

    private void writeToFile(int length) throws IOException {
        if (file == null) {
            file = FileChannel.open(store.segmentFile(dataId), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
        }
        ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, length);
        while (chunk.hasRemaining()) {
            file.write(chunk);
        }
        fileChunks.add(length);
        bytes += length;
    }

    /**
     * Puts the records not yet stored, or where they lie in the forced segment file, into {@code batch}; the segment
     * is complete once the batch is written.
     */
    Segment finish(WriteBatch batch) {
        int length = (int) (lastRecordEnd - bufferStart);
        try {
            if (file == null) {
                if (length > 0) {
                    batch.put(DataStore.dataKey(dataId, 0), Arrays.copyOf(buffer, length));
                    bytes += length;
                }
                buffer = null;
                return new Segment(dataId, length > 0 ? 1 : 0, records, bytes);
            }
            if (length > 0) {
                writeToFile(length);
            }
            file.force(false);
            file.close();
            Durable.forceDirectory(store.segmentFile(dataId).getParent());
            long offset = 0;
            for (int chunk = 0; chunk < fileChunks.size(); chunk++) {
                batch.put(DataStore.fileChunkKey(dataId, chunk), DataStore.fileChunkValue(offset, fileChunks.get(chunk)));
                offset += fileChunks.get(chunk);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("emulator storage error: " + e.getMessage(), e);
        } catch (RocksDBException e) {
            throw new IllegalStateException("emulator storage error: " + e.getMessage(), e);
        }
        buffer = null;
        return new Segment(dataId, fileChunks.size(), records, bytes);
    }

    /** Removes what was written of a stream that will not be published (it did not verify). */
    void discard() {
        buffer = null;
        if (file != null) {
            try {
                file.close();
            } catch (IOException ignored) {
                // the file goes anyway
            }
            Durable.deleteQuietly(store.segmentFile(dataId));
        }
    }
}
