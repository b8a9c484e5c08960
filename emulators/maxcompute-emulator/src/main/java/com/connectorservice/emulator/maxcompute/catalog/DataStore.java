package com.connectorservice.emulator.maxcompute.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Slice;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Where the tunnel's records and the partitions' commits live: one RocksDB database ({@code <data>/store}). Records are
 * written as they arrive, without waiting for the disk; the write that makes them count (a block finished, a commit,
 * a streaming pack) is synced, and RocksDB syncs its write-ahead log once for every writer waiting at that moment
 * (group commit), so an answer is sent only for what is on the disk while concurrent uploads share the cost. Large
 * values go to blob files, so record data is written once more at most, never rewritten by compactions.
 *
 * <p>Keys: {@code D dataId chunk} record chunks; {@code B session 0 block} a session's uploaded blocks;
 * {@code C partition 0 sequence} a partition's commits in order and {@code I partition 0 commitId} their ids; where
 * {@code partition} is the table id and the partition spec. Segments name data by id, so a commit publishes blocks
 * without copying them.
 */
public final class DataStore implements AutoCloseable {

    static final byte DATA = 'D';
    static final byte BLOCK = 'B';
    static final byte COMMIT = 'C';
    static final byte COMMIT_ID = 'I';

    static {
        RocksDB.loadLibrary();
    }

    private final RocksDB db;
    private final Options options;
    private final LRUCache cache;
    private final WriteOptions buffered = new WriteOptions();
    private final WriteOptions durable = new WriteOptions().setSync(true);
    private final AtomicLong lastDataId;

    public DataStore(Path directory) {
        cache = new LRUCache(16L << 20);
        options = new Options().setCreateIfMissing(true)
                .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
                .setMaxBackgroundJobs(2)
                .setWriteBufferSize(32L << 20)
                .setMaxWriteBufferNumber(2)
                .setEnableBlobFiles(true)
                .setMinBlobSize(4096)
                .setBlobFileSize(64L << 20)
                .setEnableBlobGarbageCollection(true)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setMaxOpenFiles(256)
                .setKeepLogFileNum(2)
                .setMaxLogFileSize(1 << 20)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache)
                        .setCacheIndexAndFilterBlocks(true));
        try {
            Files.createDirectories(directory);
            db = RocksDB.open(options, directory.toString());
        } catch (IOException | RocksDBException e) {
            close();
            throw new IllegalStateException("cannot open the MaxCompute emulator's store in " + directory + ": "
                    + e.getMessage(), e);
        }
        lastDataId = new AtomicLong(lastDataId());
    }

    private long lastDataId() {
        try (RocksIterator last = db.newIterator()) {
            last.seekForPrev(new byte[] {DATA, (byte) 0xff});
            return last.isValid() && last.key()[0] == DATA ? ByteBuffer.wrap(last.key(), 1, 8).getLong() : 0;
        }
    }

    /** A fresh id for the records of one block or pack. */
    public long newDataId() {
        return lastDataId.incrementAndGet();
    }

    public static byte[] dataKey(long dataId, int chunk) {
        return ByteBuffer.allocate(13).put(DATA).putLong(dataId).putInt(chunk).array();
    }

    /** Writes a chunk of records without waiting for the disk; the write that publishes them is synced. */
    public void putChunk(long dataId, int chunk, byte[] records, int length) {
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(dataKey(dataId, chunk), Arrays.copyOf(records, length));
            db.write(buffered, batch);
        } catch (RocksDBException e) {
            throw failed(e);
        }
    }

    /** Applies {@code batch} and returns once it and everything written before it are on the disk. */
    public void writeDurably(WriteBatch batch) {
        try {
            db.write(durable, batch);
        } catch (RocksDBException e) {
            throw failed(e);
        }
    }

    public byte[] get(byte[] key) {
        try {
            return db.get(key);
        } catch (RocksDBException e) {
            throw failed(e);
        }
    }

    /** Feeds every key and value with {@code prefix}, in key order. */
    public void scan(byte[] prefix, BiConsumer<byte[], byte[]> consumer) {
        try (Slice upper = new Slice(successor(prefix));
             ReadOptions read = new ReadOptions().setIterateUpperBound(upper);
             RocksIterator iterator = db.newIterator(read)) {
            for (iterator.seek(prefix); iterator.isValid(); iterator.next()) {
                consumer.accept(iterator.key(), iterator.value());
            }
        }
    }

    /** The chunks of a segment, in order. */
    public List<byte[]> chunks(Segment segment) {
        List<byte[]> chunks = new ArrayList<>(segment.chunks());
        scan(Arrays.copyOf(dataKey(segment.dataId(), 0), 9), (key, value) -> chunks.add(value));
        if (chunks.size() != segment.chunks()) {
            throw new UncheckedIOException(new IOException("records " + segment.dataId() + " are gone: "
                    + chunks.size() + " of " + segment.chunks() + " chunk(s) left (dropped or overwritten meanwhile)"));
        }
        return chunks;
    }

    /** Adds to {@code batch} the deletion of a segment's records. */
    public static void deleteRecords(WriteBatch batch, Segment segment) throws RocksDBException {
        batch.deleteRange(Arrays.copyOf(dataKey(segment.dataId(), 0), 9),
                Arrays.copyOf(dataKey(segment.dataId() + 1, 0), 9));
    }

    static byte[] successor(byte[] prefix) {
        int end = prefix.length;
        while (end > 0 && prefix[end - 1] == (byte) 0xff) {
            end--;
        }
        byte[] next = Arrays.copyOf(prefix, end);
        next[end - 1]++;
        return next;
    }

    static IllegalStateException failed(RocksDBException e) {
        return new IllegalStateException("emulator storage error: " + e.getMessage(), e);
    }

    @Override
    public void close() {
        if (db != null) {
            db.close();
        }
        options.close();
        cache.close();
        buffered.close();
        durable.close();
    }
}
