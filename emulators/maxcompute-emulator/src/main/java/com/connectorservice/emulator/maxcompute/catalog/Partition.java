package com.connectorservice.emulator.maxcompute.catalog;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * One partition's committed data: its commits, in order, in the {@link DataStore}, each a list of {@link Segment}s
 * published in one durable write, so readers never see part of a commit and an acknowledged commit is never lost.
 *
 * <p>A commit record holds its kind ({@code A}: appended rows), the table's schema version its records were written
 * with (the records name columns by position, so a table that gains columns at the end still reads them, the new
 * columns NULL), and its segments. Transactional tables with primary keys add kinds for upserted and deleted rows in
 * the same commit log, read as the latest row per key.
 */
public final class Partition {

    public static final byte APPEND = 'A';
    /** Records of an upsert session: the columns of their schema version, then {@link #UPSERT_META_COLUMNS}. */
    public static final byte UPSERT = 'U';

    /** The columns the upsert tunnel adds to each record, after the table's (as the SDK's UpsertSession does). */
    public static final List<Column> UPSERT_META_COLUMNS = List.of(new Column("__version", "bigint", ""),
            new Column("__app_version", "bigint", ""), new Column("__operation", "tinyint", ""),
            new Column("__key_cols", "array<bigint>", ""), new Column("__value_cols", "array<bigint>", ""));

    private static final AtomicLong LAST_SEQUENCE = new AtomicLong();

    private final PartitionValues values;
    private final long createdAtMillis;
    private final Path directory;
    private final DataStore store;
    private final byte[] key;

    Partition(PartitionValues values, long createdAtMillis, Path directory, DataStore store, String tableId) {
        this.values = values;
        this.createdAtMillis = createdAtMillis;
        this.directory = directory;
        this.store = store;
        this.key = (tableId + "\0" + values.spec() + "\0").getBytes(StandardCharsets.UTF_8);
    }

    public PartitionValues values() {
        return values;
    }

    public long createdAtMillis() {
        return createdAtMillis;
    }

    Path directory() {
        return directory;
    }

    private byte[] prefixed(byte kind, byte[] suffix) {
        return ByteBuffer.allocate(1 + key.length + suffix.length).put(kind).put(key).put(suffix).array();
    }

    private byte[] commitIdKey(String commitId) {
        return prefixed(DataStore.COMMIT_ID, commitId.getBytes(StandardCharsets.UTF_8));
    }

    public boolean hasCommit(String commitId) {
        return store.get(commitIdKey(commitId)) != null;
    }

    /**
     * Publishes {@code segments} (their records already stored) as one commit, durably; with {@code extra} the
     * caller's writes (e.g. a pack's last chunk) go in the same write. With {@code overwrite} the commits before it
     * go, with their records. A commit id already published is acknowledged again without a second copy.
     */
    public synchronized void commit(String commitId, byte kind, int schemaVersion, List<Segment> segments,
                                    boolean overwrite, WriteBatch extra) {
        if (hasCommit(commitId)) {
            if (extra != null) {
                extra.close();
            }
            return;
        }
        long sequence = nextSequence();
        ByteBuffer record = ByteBuffer.allocate(1 + 4 + 8 + 4 + segments.size() * Segment.ENCODED_BYTES);
        record.put(kind).putInt(schemaVersion).putLong(System.currentTimeMillis()).putInt(segments.size());
        segments.forEach(segment -> segment.writeTo(record));
        try (WriteBatch batch = extra != null ? extra : new WriteBatch()) {
            if (overwrite) {
                for (Commit previous : commits()) {
                    batch.delete(previous.key());
                    for (Segment segment : previous.segments()) {
                        store.deleteRecords(batch, segment);
                    }
                }
            }
            batch.put(prefixed(DataStore.COMMIT, ByteBuffer.allocate(8).putLong(sequence).array()), record.array());
            batch.put(commitIdKey(commitId), ByteBuffer.allocate(8).putLong(sequence).array());
            store.writeDurably(batch);
        } catch (RocksDBException e) {
            throw DataStore.failed(e);
        }
    }

    private static long nextSequence() {
        long now = System.currentTimeMillis() * 1000;
        return LAST_SEQUENCE.updateAndGet(last -> Math.max(last + 1, now));
    }

    private record Commit(byte[] key, byte kind, int schemaVersion, long publishedAtMillis, List<Segment> segments) {
    }

    private List<Commit> commits() {
        List<Commit> commits = new ArrayList<>();
        store.scan(prefixed(DataStore.COMMIT, new byte[0]), (commitKey, value) -> {
            ByteBuffer record = ByteBuffer.wrap(value);
            byte kind = record.get();
            int schemaVersion = record.getInt();
            long publishedAt = record.getLong();
            int count = record.getInt();
            List<Segment> segments = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                segments.add(Segment.readFrom(record));
            }
            commits.add(new Commit(commitKey, kind, schemaVersion, publishedAt, segments));
        });
        return commits;
    }

    /**
     * The committed rows in the table's current columns. Each commit's records are decoded with the columns of its
     * schema version and widened to the current ones (columns added since read as NULL). Appended rows come in
     * commit order; a Delta table's upserts and deletes are applied in commit order, leaving the latest row of each
     * primary key.
     */
    Iterator<Object[]> rows(Table.Definition table) {
        return snapshot(table).rowsFrom().apply(0);
    }

    /** The committed rows as they are now (see {@link #rows}), read later, from any position. */
    RowSnapshot snapshot(Table.Definition table) {
        List<Commit> commits = commits();
        if (table.transactional() && !table.primaryKey().isEmpty()) {
            List<Object[]> rows = new ArrayList<>();
            latestRows(table, commits).forEachRemaining(rows::add);
            return RowSnapshot.of(rows);
        }
        long count = commits.stream().flatMap(commit -> commit.segments().stream()).mapToLong(Segment::recordCount).sum();
        return RowSnapshot.decodedOnRead(count, start -> appendedRows(table, commits, start));
    }

    /** Appended rows in commit order from position {@code start}, whole segments before it skipped undecoded. */
    private Iterator<Object[]> appendedRows(Table.Definition table, List<Commit> commits, long start) {
        long[] skip = {start};
        return commits.stream().flatMap(commit -> {
            List<Segment> segments = new ArrayList<>();
            for (Segment segment : commit.segments()) {
                if (segments.isEmpty() && skip[0] >= segment.recordCount()) {
                    skip[0] -= segment.recordCount();
                } else {
                    segments.add(segment);
                }
            }
            List<Column> written = table.columnsAt(commit.schemaVersion());
            Iterator<Object[]> rows = RowReader.iterator(store, written, segments);
            Iterable<Object[]> iterable = () -> rows;
            long skipInSegment = 0;
            if (!segments.isEmpty()) { // the rest of the skip falls inside this commit's first remaining segment
                skipInSegment = skip[0];
                skip[0] = 0;
            }
            return java.util.stream.StreamSupport.stream(iterable.spliterator(), false).skip(skipInSegment)
                    .map(row -> current(table, commit.schemaVersion(), row));
        }).iterator();
    }

    private Iterator<Object[]> latestRows(Table.Definition table, List<Commit> commits) {
        List<Column> columns = table.columns();
        int[] keyPositions = table.primaryKey().stream()
                .mapToInt(name -> columns.stream().map(Column::name).toList().indexOf(name)).toArray();
        Map<List<Object>, Object[]> latest = new LinkedHashMap<>();
        for (Commit commit : commits) {
            List<Column> written = new ArrayList<>(table.columnsAt(commit.schemaVersion()));
            int operation = written.size() + 2;
            written.addAll(UPSERT_META_COLUMNS);
            RowReader.forEach(store, written, commit.segments(), stored -> {
                Object[] row = current(table, commit.schemaVersion(), stored);
                List<Object> key = new ArrayList<>(keyPositions.length);
                for (int position : keyPositions) {
                    key.add(row[position] instanceof byte[] bytes ? ByteBuffer.wrap(bytes) : row[position]);
                }
                if (commit.kind() == UPSERT && stored[operation] instanceof Byte op && op == 'D') {
                    latest.remove(key);
                } else {
                    latest.remove(key);
                    latest.put(key, row);
                }
                return true;
            });
        }
        return latest.values().iterator();
    }

    /** A row written with schema {@code version} in the current columns. */
    private static Object[] current(Table.Definition table, int version, Object[] stored) {
        List<Column> columns = table.columns();
        if (version == table.schemaVersion() && stored.length == columns.size()) {
            return stored;
        }
        List<Column> written = table.columnsAt(version);
        Object[] row = new Object[columns.size()];
        for (int i = 0; i < written.size() && i < row.length; i++) {
            row[i] = columns.get(i).dataType().widen(stored[i], written.get(i).dataType());
        }
        return row;
    }

    /** All committed segments in commit order. */
    public List<Segment> segments() {
        List<Segment> segments = new ArrayList<>();
        commits().forEach(commit -> segments.addAll(commit.segments()));
        return segments;
    }

    public long recordCount() {
        return segments().stream().mapToLong(Segment::recordCount).sum();
    }

    public long lastModifiedMillis() {
        return commits().stream().mapToLong(Commit::publishedAtMillis).max().orElse(createdAtMillis);
    }

    public long sizeBytes() {
        return segments().stream().mapToLong(Segment::bytes).sum();
    }

    /** Adds to {@code batch} the deletion of every commit of this partition and its records. */
    void deleteAll(WriteBatch batch) throws RocksDBException {
        for (Commit commit : commits()) {
            for (Segment segment : commit.segments()) {
                store.deleteRecords(batch, segment);
            }
        }
        for (byte kind : new byte[] {DataStore.COMMIT, DataStore.COMMIT_ID}) {
            byte[] prefix = prefixed(kind, new byte[0]);
            batch.deleteRange(prefix, DataStore.successor(prefix));
        }
    }
}
