package com.connectorservice.emulator.maxcompute.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
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
 * Where the tunnel's records and the partitions' commits live: one RocksDB database ({@code <data>/store}) and, for
 * record streams larger than one chunk, one file each ({@code <data>/store-segments/<dataId>}). The write that makes
 * records count (a block finished, a commit, a streaming pack) is synced, and RocksDB syncs its write-ahead log once
 * for every writer waiting at that moment (group commit), so an answer is sent only for what is on the disk while
 * concurrent uploads share the cost.
 *
 * <p>A small stream (one chunk, for example a test message) goes into that synced write itself. A large block is
 * written once, to its own file, forced to the disk before the write that publishes it: in RocksDB its bytes would be
 * written twice (the write-ahead log, then a blob or table file at the flush), and the flushes of 1 MiB values
 * stalled the writers.
 *
 * <p>Keys: {@code D dataId chunk} record chunks held in the store; {@code F dataId chunk} where a chunk lies in its
 * segment file (offset, length); {@code B session 0 block} a session's uploaded blocks; {@code C partition 0 sequence}
 * a partition's commits in order and {@code I partition 0 commitId} their ids; where {@code partition} is the table id
 * and the partition spec. Segments name data by id, so a commit publishes blocks without copying them. A segment file
 * no {@code F} key names (its block never published, or its deletion interrupted) is removed at the next start.
 */
public final class DataStore implements AutoCloseable {

    static final byte DATA = 'D';
    static final byte FILE_CHUNK = 'F';
    static final byte BLOCK = 'B';
    static final byte COMMIT = 'C';
    static final byte COMMIT_ID = 'I';

    static {
        RocksDB.loadLibrary();
    }

    private final RocksDB db;
    private final Options options;
    private final LRUCache cache;
    private final WriteOptions durable = new WriteOptions().setSync(true);
    private final AtomicLong lastDataId;
    private final Path segmentFiles;
    /** Segment files to delete once the batch that drops their records is durable. */
    private final Map<WriteBatch, List<Long>> filesDroppedBy = Collections.synchronizedMap(new WeakHashMap<>());

    public DataStore(Path directory) {
        segmentFiles = directory.resolveSibling(directory.getFileName() + "-segments");
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
            Files.createDirectories(segmentFiles);
            db = RocksDB.open(options, directory.toString());
        } catch (IOException | RocksDBException e) {
            close();
            throw new IllegalStateException("cannot open the MaxCompute emulator's store in " + directory + ": "
                    + e.getMessage(), e);
        }
        lastDataId = new AtomicLong(Math.max(lastDataId(DATA), lastDataId(FILE_CHUNK)));
        removeUnpublishedFiles();
    }

    private long lastDataId(byte kind) {
        try (RocksIterator last = db.newIterator()) {
            last.seekForPrev(new byte[] {kind, (byte) 0xff});
            return last.isValid() && last.key()[0] == kind ? ByteBuffer.wrap(last.key(), 1, 8).getLong() : 0;
        }
    }

    private void removeUnpublishedFiles() {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(segmentFiles)) {
            for (Path file : files) {
                long dataId;
                try {
                    dataId = Long.parseLong(file.getFileName().toString());
                } catch (NumberFormatException notOurs) {
                    continue;
                }
                byte[] first = get(fileChunkKey(dataId, 0));
                if (first == null) {
                    Files.deleteIfExists(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + segmentFiles, e);
        }
    }

    /** The file that holds the chunks of {@code dataId} once they outgrow one chunk. */
    public Path segmentFile(long dataId) {
        return segmentFiles.resolve(Long.toString(dataId));
    }

    public static byte[] fileChunkKey(long dataId, int chunk) {
        return ByteBuffer.allocate(13).put(FILE_CHUNK).putLong(dataId).putInt(chunk).array();
    }

    /** The value of a {@link #fileChunkKey}: where the chunk lies in its segment file. */
    public static byte[] fileChunkValue(long offset, int length) {
        return ByteBuffer.allocate(12).putLong(offset).putInt(length).array();
    }

    /** The records of chunk {@code chunk} of {@code dataId}, from the store or its segment file; null if gone. */
    public byte[] chunk(long dataId, int chunk) {
        byte[] inline = get(dataKey(dataId, chunk));
        if (inline != null) {
            return inline;
        }
        byte[] location = get(fileChunkKey(dataId, chunk));
        return location == null ? null : readFileChunk(dataId, location);
    }

    private byte[] readFileChunk(long dataId, byte[] location) {
        ByteBuffer where = ByteBuffer.wrap(location);
        long offset = where.getLong();
        ByteBuffer chunk = ByteBuffer.allocate(where.getInt());
        try (FileChannel file = FileChannel.open(segmentFile(dataId), StandardOpenOption.READ)) {
            while (chunk.hasRemaining()) {
                if (file.read(chunk, offset + chunk.position()) < 0) {
                    throw new IOException("segment file " + dataId + " is shorter than its chunks");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("records " + dataId + " are gone: " + e.getMessage(), e);
        }
        return chunk.array();
    }

    /** A fresh id for the records of one block or pack. */
    public long newDataId() {
        return lastDataId.incrementAndGet();
    }

    public static byte[] dataKey(long dataId, int chunk) {
        return ByteBuffer.allocate(13).put(DATA).putLong(dataId).putInt(chunk).array();
    }

    /** Applies {@code batch} and returns once it and everything written before it are on the disk. */
    public void writeDurably(WriteBatch batch) {
        try {
            db.write(durable, batch);
        } catch (RocksDBException e) {
            throw failed(e);
        }
        List<Long> dropped = filesDroppedBy.remove(batch);
        if (dropped != null) {
            dropped.forEach(dataId -> Durable.deleteQuietly(segmentFile(dataId)));
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
        if (chunks.isEmpty()) {
            scan(Arrays.copyOf(fileChunkKey(segment.dataId(), 0), 9),
                    (key, value) -> chunks.add(readFileChunk(segment.dataId(), value)));
        }
        if (chunks.size() != segment.chunks()) {
            throw new UncheckedIOException(new IOException("records " + segment.dataId() + " are gone: "
                    + chunks.size() + " of " + segment.chunks() + " chunk(s) left (dropped or overwritten meanwhile)"));
        }
        return chunks;
    }

    /**
     * Adds to {@code batch} the deletion of a segment's records; its file, if it has one, goes once the batch was
     * written by {@link #writeDurably}.
     */
    public void deleteRecords(WriteBatch batch, Segment segment) throws RocksDBException {
        batch.deleteRange(Arrays.copyOf(dataKey(segment.dataId(), 0), 9),
                Arrays.copyOf(dataKey(segment.dataId() + 1, 0), 9));
        batch.deleteRange(Arrays.copyOf(fileChunkKey(segment.dataId(), 0), 9),
                Arrays.copyOf(fileChunkKey(segment.dataId() + 1, 0), 9));
        filesDroppedBy.computeIfAbsent(batch, b -> Collections.synchronizedList(new ArrayList<>())).add(segment.dataId());
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
        durable.close();
    }
}
