package com.connectorservice.emulator.maxcompute.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

import com.connectorservice.emulator.maxcompute.ServiceException;
import com.connectorservice.emulator.maxcompute.catalog.Catalog;
import com.connectorservice.emulator.maxcompute.catalog.Column;
import com.connectorservice.emulator.maxcompute.catalog.DataStore;
import com.connectorservice.emulator.maxcompute.catalog.Durable;
import com.connectorservice.emulator.maxcompute.catalog.Partition;
import com.connectorservice.emulator.maxcompute.catalog.Segment;
import com.connectorservice.emulator.maxcompute.catalog.Table;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An upsert session of a Delta table, as the SDK's {@code TableTunnel.UpsertSession} drives it: each flushed bucket
 * pack (the table's columns at the session's schema version, then the upsert meta columns with the operation, U or
 * D) is verified and stored durably before it is acknowledged, in arrival order; {@link #commit} publishes them all in
 * one atomic commit, read as the latest row per primary key. Uncommitted packs are invisible; an aborted session's
 * packs are deleted. The session ({@code upsert.json}, its packs in the store) survives restarts.
 */
final class UpsertSession {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What is persisted as {@code upsert.json}. */
    record Info(String id, String project, String table, String tableId, String partitionSpec, int schemaVersion,
                int slots, long createdAtMillis) {
    }

    private final Info info;
    private final Path directory;
    private final Catalog catalog;
    private volatile String status = "normal";
    private long nextPack;

    private UpsertSession(Info info, Path directory, Catalog catalog) {
        this.info = info;
        this.directory = directory;
        this.catalog = catalog;
    }

    static UpsertSession create(Info info, Path directory, Catalog catalog) {
        try {
            Durable.write(directory.resolve("upsert.json"), JSON.writeValueAsBytes(info));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new UpsertSession(info, directory, catalog);
    }

    static UpsertSession load(Path directory, Catalog catalog) throws IOException {
        Info info = JSON.readValue(directory.resolve("upsert.json").toFile(), Info.class);
        UpsertSession session = new UpsertSession(info, directory, catalog);
        try {
            if (session.partition().hasCommit(info.id())) {
                session.status = "committed";
            }
        } catch (ServiceException e) {
            session.status = "expired";
        }
        session.nextPack = session.packs().size();
        return session;
    }

    Table table() {
        Table table = catalog.table(info.project(), info.table());
        if (!table.definition().tableId().equals(info.tableId())) {
            throw ServiceException.notFound("NoSuchTable", "table " + info.project() + "." + info.table()
                    + " was dropped after upsert session " + info.id() + " was created");
        }
        return table;
    }

    private Partition partition() {
        Table table = table();
        return table.partition(table.parsePartition(info.partitionSpec()));
    }

    private List<Column> recordColumns() {
        List<Column> columns = new ArrayList<>(table().definition().columnsAt(info.schemaVersion()));
        columns.addAll(Partition.UPSERT_META_COLUMNS);
        return columns;
    }

    /** Stores one bucket's flushed pack; {@code recordCount} is what the client says it sent. */
    void write(int bucket, String contentEncoding, InputStream body, String recordCount) {
        int buckets = table().definition().buckets();
        if (bucket < 0 || bucket >= buckets) {
            throw ServiceException.badRequest("InvalidArgument", "bucketid " + bucket + " is outside 0.."
                    + (buckets - 1));
        }
        requireOpen();
        SegmentWriter pack = BlockWriter.receive(recordColumns(), contentEncoding, body, catalog.store());
        synchronized (this) {
            requireOpen();
            try (WriteBatch batch = new WriteBatch()) {
                Segment segment = pack.finish(batch);
                if (recordCount != null && !recordCount.equals(String.valueOf(segment.recordCount()))) {
                    DataStore.deleteRecords(batch, segment);
                    catalog.store().writeDurably(batch);
                    throw RecordStreamFormat.malformed("record_count says " + recordCount + " but the pack holds "
                            + segment.recordCount() + " record(s)");
                }
                batch.put(packKey(nextPack++), segment.encode());
                catalog.store().writeDurably(batch);
            } catch (RocksDBException e) {
                throw new IllegalStateException("emulator storage error: " + e.getMessage(), e);
            }
        }
    }

    private byte[] packsPrefix() {
        return ("U" + info.id() + "\0").getBytes(StandardCharsets.UTF_8);
    }

    private byte[] packKey(long sequence) {
        return ByteBuffer.allocate(packsPrefix().length + 8).put(packsPrefix()).putLong(sequence).array();
    }

    private List<Segment> packs() {
        List<Segment> packs = new ArrayList<>();
        catalog.store().scan(packsPrefix(), (key, value) -> packs.add(Segment.decode(value)));
        return packs;
    }

    private void requireOpen() {
        if (!status.equals("normal")) {
            throw ServiceException.badRequest("InvalidStatusChange", "upsert session " + info.id() + " is " + status
                    + "; create a new session to write more");
        }
    }

    /** Publishes every pack at once; a retried commit is acknowledged again. */
    synchronized void commit() {
        if (status.equals("committed")) {
            return;
        }
        requireOpen();
        List<Segment> packs = packs();
        try (WriteBatch batch = new WriteBatch()) {
            batch.deleteRange(packsPrefix(), successor(packsPrefix()));
            partition().commit(info.id(), Partition.UPSERT, info.schemaVersion(), packs, false, batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("emulator storage error: " + e.getMessage(), e);
        }
        status = "committed";
    }

    /** Drops what was written; nothing of it becomes visible. */
    synchronized void abort() {
        if (status.equals("committed")) {
            throw ServiceException.badRequest("InvalidStatusChange", "upsert session " + info.id()
                    + " is already committed");
        }
        try (WriteBatch batch = new WriteBatch()) {
            for (Segment segment : packs()) {
                DataStore.deleteRecords(batch, segment);
            }
            batch.deleteRange(packsPrefix(), successor(packsPrefix()));
            catalog.store().writeDurably(batch);
        } catch (RocksDBException e) {
            throw new IllegalStateException("emulator storage error: " + e.getMessage(), e);
        }
        status = "aborted";
        Durable.deleteRecursively(directory);
    }

    private static byte[] successor(byte[] prefix) {
        byte[] next = prefix.clone();
        next[next.length - 1]++;
        return next;
    }

    String status() {
        return status;
    }

    /** The session as the SDK loads it: schema, hash key, hasher, slots with their buckets and address, status. */
    Map<String, Object> json(String workerAddress) {
        Table table = table();
        Table.Definition definition = table.definition();
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("columns", Table.columnsJson(definition.columnsAt(info.schemaVersion())));
        schema.put("partitionKeys", Table.columnsJson(definition.partitionColumns()));
        List<Map<String, Object>> slots = new ArrayList<>();
        int slotCount = Math.max(1, Math.min(info.slots(), definition.buckets()));
        for (int slot = 0; slot < slotCount; slot++) {
            List<Integer> buckets = new ArrayList<>();
            for (int bucket = slot; bucket < definition.buckets(); bucket += slotCount) {
                buckets.add(bucket);
            }
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("slot_id", String.valueOf(slot));
            s.put("buckets", buckets);
            s.put("worker_addr", workerAddress);
            slots.add(s);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", info.id());
        json.put("schema", schema);
        json.put("hash_key", definition.primaryKey());
        json.put("hasher", "default");
        json.put("slots", slots);
        json.put("status", status);
        json.put("quota_name", "");
        json.put("enable_partial_update", false);
        return json;
    }
}
