package com.connectorservice.emulator.tablestore;

import com.alicloud.openservices.tablestore.core.protocol.OtsInternalApi;
import com.alicloud.openservices.tablestore.core.protocol.timeseries.Timeseries;
import com.aliyun.ots.thirdparty.com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WALRecoveryMode;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteBufferManager;
import org.rocksdb.WriteOptions;

/**
 * Every instance's tables and rows, in one RocksDB database under the data directory ({@code rocksdb/}). RocksDB keeps
 * the keys sorted (a table's rows in primary key order, see {@link OrderedKeys}), in memory only what its bounded
 * caches hold, and writes through its write-ahead log: a write is in the log, handed to the operating system, before
 * the request that made it is answered ({@code fsync} also forces it to the disk, concurrent writers sharing one
 * sync), so acknowledged rows survive a restart of the emulator.
 *
 * <p>Keys: {@code 0x01 instance 0x00 table} the table definitions, {@code 0x02} the next table id, then per table id
 * {@code 0x10} wide-column rows, {@code 0x11} time series rows and {@code 0x12} timelines. A dropped table's rows go
 * with one range deletion, and ids are never reused.
 */
final class Store implements AutoCloseable {
    static final byte TABLE = 0x01;
    static final byte NEXT_TABLE_ID = 0x02;
    static final byte ROW = 0x10;
    static final byte TIMESERIES_ROW = 0x11;
    static final byte TIMELINE = 0x12;
    static final byte WIDE_COLUMN_TABLE = 1;
    static final byte TIMESERIES_TABLE = 2;

    private static final long CACHE_BYTES = 64L << 20;
    private static final long MEMTABLE_BYTES = 32L << 20;
    private static final int LOCK_STRIPES = 4096;

    static {
        RocksDB.loadLibrary();
    }

    private final RocksDB db;
    private final Options options;
    private final LRUCache cache;
    private final WriteBufferManager writeBuffers;
    private final BloomFilter bloomFilter;
    private final WriteOptions writeOptions;
    private final Map<String, Instance> instances = new ConcurrentHashMap<>();
    private final ReentrantLock[] rowLocks = new ReentrantLock[LOCK_STRIPES];
    private long nextTableId = 1;

    private Store(Path directory, boolean fsync) throws IOException {
        refuseJournal(directory);
        Files.createDirectories(directory.resolve("rocksdb"));
        cache = new LRUCache(CACHE_BYTES);
        writeBuffers = new WriteBufferManager(MEMTABLE_BYTES * 2, cache);
        bloomFilter = new BloomFilter(10);
        options = new Options().setCreateIfMissing(true)
                .setWalRecoveryMode(WALRecoveryMode.PointInTimeRecovery)
                .setMaxBackgroundJobs(2)
                .setEnableWriteThreadAdaptiveYield(false)
                .setWriteBufferSize(MEMTABLE_BYTES)
                .setMaxWriteBufferNumber(3)
                .setWriteBufferManager(writeBuffers)
                .setCompressionType(CompressionType.LZ4_COMPRESSION)
                .setLevelCompactionDynamicLevelBytes(true)
                .setMaxOpenFiles(512)
                .setKeepLogFileNum(2)
                .setMaxLogFileSize(1 << 20)
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(cache).setFilterPolicy(bloomFilter)
                        .setBlockSize(16 * 1024).setCacheIndexAndFilterBlocks(true)
                        .setPinL0FilterAndIndexBlocksInCache(true));
        writeOptions = new WriteOptions().setSync(fsync);
        for (int i = 0; i < rowLocks.length; i++) {
            rowLocks[i] = new ReentrantLock();
        }
        try {
            db = RocksDB.open(options, directory.resolve("rocksdb").toString());
        } catch (RocksDBException e) {
            closeOptions();
            throw new IOException("Cannot open the Tablestore emulator's store in " + directory + ": " + e.getMessage(),
                    e);
        }
        try {
            load();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    static Store open(Path directory, boolean fsync) throws IOException {
        return new Store(directory, fsync);
    }

    /** The journal of emulators before the store: its rows are not read, so the emulator says so instead of hiding them. */
    private static void refuseJournal(Path directory) {
        Path journal = directory.resolve("tablestore.journal");
        if (Files.exists(journal)) {
            throw new IllegalStateException("The data directory " + directory + " holds " + journal.getFileName()
                    + " from an older emulator, which keeps its rows in a store now; move the directory away (or start"
                    + " the local stack with --fresh) to begin with an empty one.");
        }
    }

    private void load() {
        try (RocksIterator tables = db.newIterator()) {
            for (tables.seek(new byte[] {TABLE}); tables.isValid() && tables.key()[0] == TABLE; tables.next()) {
                byte[] key = tables.key();
                int separator = indexOf(key, (byte) 0, 1);
                String instanceName = new String(key, 1, separator - 1, StandardCharsets.UTF_8);
                ByteBuffer value = ByteBuffer.wrap(tables.value());
                byte kind = value.get();
                long id = value.getLong();
                long creationTimeMicros = value.getLong();
                byte[] definition = new byte[value.remaining()];
                value.get(definition);
                Instance instance = instance(instanceName);
                if (kind == WIDE_COLUMN_TABLE) {
                    instance.restoreTable(id, OtsInternalApi.CreateTableRequest.parseFrom(definition),
                            creationTimeMicros);
                } else {
                    instance.restoreTimeseriesTable(id, Timeseries.TimeseriesTableMeta.parseFrom(definition));
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("Corrupt table definition in the store: " + e.getMessage(), e);
        }
        byte[] next = get(new byte[] {NEXT_TABLE_ID});
        nextTableId = next == null ? 1 : ByteBuffer.wrap(next).getLong();
    }

    private static int indexOf(byte[] bytes, byte value, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        throw new IllegalStateException("Corrupt table key in the store");
    }

    Instance instance(String name) {
        return instances.computeIfAbsent(name, key -> new Instance(key, this));
    }

    // ---------------------------------------------------------------- tables

    /** Stores a new table's definition under a fresh id and returns the id. */
    synchronized long createTable(String instance, String table, byte kind, long creationTimeMicros,
                                  byte[] definition) {
        long id = nextTableId++;
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(tableKey(instance, table), ByteBuffer.allocate(17 + definition.length).put(kind).putLong(id)
                    .putLong(creationTimeMicros).put(definition).array());
            batch.put(new byte[] {NEXT_TABLE_ID}, ByteBuffer.allocate(8).putLong(nextTableId).array());
            write(batch);
        } catch (RocksDBException e) {
            throw storeFailed(e);
        }
        return id;
    }

    /**
     * Removes a table's definition and every key of its id, in one write, then compacts its rows away. Otherwise the
     * files holding them (a table written in a burst is still in the top level) stayed on disk until later writes
     * started a compaction, which then ran beside those writes: in the sink benchmark, every Tablestore run paid for
     * the table dropped before it (the emulator's CPU per row of a sink run fell from 9.2 to 7.8-8.5 µs with this,
     * the SDK alone gained as much).
     */
    void deleteTable(String instance, String table, long id) {
        byte[] tableKinds = {ROW, TIMESERIES_ROW, TIMELINE};
        try (WriteBatch batch = new WriteBatch()) {
            batch.delete(tableKey(instance, table));
            for (byte kind : tableKinds) {
                batch.deleteRange(OrderedKeys.tableStart(kind, id), OrderedKeys.tableEnd(kind, id));
            }
            write(batch);
            for (byte kind : tableKinds) {
                db.compactRange(OrderedKeys.tableStart(kind, id), OrderedKeys.tableEnd(kind, id));
            }
        } catch (RocksDBException e) {
            throw storeFailed(e);
        }
    }

    private static byte[] tableKey(String instance, String table) {
        byte[] instanceBytes = instance.getBytes(StandardCharsets.UTF_8);
        byte[] tableBytes = table.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + instanceBytes.length + tableBytes.length).put(TABLE).put(instanceBytes)
                .put((byte) 0).put(tableBytes).array();
    }

    // ---------------------------------------------------------------- rows

    byte[] get(byte[] key) {
        try {
            return db.get(key);
        } catch (RocksDBException e) {
            throw storeFailed(e);
        }
    }

    /** Values of {@code keys} in their order (null where a key has none). */
    List<byte[]> getAll(List<byte[]> keys) {
        try {
            return db.multiGetAsList(keys);
        } catch (RocksDBException e) {
            throw storeFailed(e);
        }
    }

    void write(WriteBatch batch) throws RocksDBException {
        db.write(writeOptions, batch);
    }

    /** An iterator over a consistent view; close it (and its read options) after use. */
    Scan scan(byte[] lowerBound, byte[] upperBound) {
        return new Scan(db, lowerBound, upperBound);
    }

    /** A RocksDB iterator bounded to {@code [lower, upper)}, with the read options it needs kept alive. */
    static final class Scan implements AutoCloseable {
        private final ReadOptions readOptions;
        private final org.rocksdb.Slice lower;
        private final org.rocksdb.Slice upper;
        final RocksIterator iterator;

        private Scan(RocksDB db, byte[] lowerBound, byte[] upperBound) {
            lower = new org.rocksdb.Slice(lowerBound);
            upper = new org.rocksdb.Slice(upperBound);
            readOptions = new ReadOptions().setIterateLowerBound(lower).setIterateUpperBound(upper)
                    .setFillCache(true);
            iterator = db.newIterator(readOptions);
        }

        @Override
        public void close() {
            iterator.close();
            readOptions.close();
            lower.close();
            upper.close();
        }
    }

    /**
     * The locks of the rows {@code keys} (striped), acquired in a fixed order so that writers of overlapping rows
     * cannot deadlock. Release with {@link #unlock}.
     */
    int[] lock(long tableId, List<byte[]> keys) {
        int[] all = new int[keys.size()];
        for (int i = 0; i < all.length; i++) {
            all[i] = Math.floorMod(java.util.Arrays.hashCode(keys.get(i)) * 31 + Long.hashCode(tableId), LOCK_STRIPES);
        }
        java.util.Arrays.sort(all);
        int distinct = 0;
        for (int i = 0; i < all.length; i++) {
            if (i == 0 || all[i] != all[i - 1]) {
                all[distinct++] = all[i];
            }
        }
        int[] stripes = java.util.Arrays.copyOf(all, distinct);
        for (int stripe : stripes) {
            rowLocks[stripe].lock();
        }
        return stripes;
    }

    void unlock(int[] stripes) {
        for (int i = stripes.length - 1; i >= 0; i--) {
            rowLocks[stripes[i]].unlock();
        }
    }

    static OtsException storeFailed(RocksDBException e) {
        return OtsException.internal("The emulator's store failed: " + e.getMessage());
    }

    static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    List<Instance> instances() {
        return new ArrayList<>(instances.values());
    }

    private void closeOptions() {
        options.close();
        writeOptions.close();
        bloomFilter.close();
        writeBuffers.close();
        cache.close();
    }

    @Override
    public void close() {
        db.close();
        closeOptions();
    }
}
