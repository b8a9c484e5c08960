package com.connectorservice.emulator.maxcompute.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.connectorservice.emulator.maxcompute.ServiceException;
import com.connectorservice.emulator.maxcompute.catalog.Catalog;
import com.connectorservice.emulator.maxcompute.catalog.DataStore;
import com.connectorservice.emulator.maxcompute.catalog.Segment;
import com.connectorservice.emulator.maxcompute.catalog.Partition;
import com.connectorservice.emulator.maxcompute.catalog.Table;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * A batch upload session. Each block is verified and stored durably before it is acknowledged; writing a block id
 * again replaces it. Nothing is visible until {@link #commit}, which publishes all blocks at once. The session (its
 * definition and its blocks in the store) survives restarts. The definition is a key of the store rather than a
 * {@code session.json} in a directory of its own: a sink commits a session every few seconds per partition, and a
 * directory and a file each took two disk blocks (8 KiB) for 240 bytes, over 40 GB a day at the soak's rate.
 */
final class UploadSession {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What is persisted under {@code S id} in the store ({@code session.json} in emulators before). */
    record Info(String id, String project, String table, String tableId, String partitionSpec, boolean overwrite,
                long createdAtMillis, int schemaVersion) {
    }

    private final Info info;
    private final Catalog catalog;
    private volatile boolean committed;

    private UploadSession(Info info, Catalog catalog) {
        this.info = info;
        this.catalog = catalog;
    }

    static UploadSession create(Info info, Catalog catalog) {
        try (WriteBatch batch = new WriteBatch()) {
            batch.put(infoKey(info.id()), JSON.writeValueAsBytes(info));
            catalog.store().writeDurably(batch);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RocksDBException e) {
            throw new IllegalStateException("emulator storage error: " + e.getMessage(), e);
        }
        return new UploadSession(info, catalog);
    }

    /**
     * The session of that id from the store, or from {@code legacyDirectory}'s {@code session.json} (a data directory
     * of an emulator before the store held sessions; null when the id cannot name a directory).
     */
    static Optional<UploadSession> find(String id, Path legacyDirectory, Catalog catalog) throws IOException {
        byte[] stored = catalog.store().get(infoKey(id));
        Info info;
        if (stored != null) {
            info = JSON.readValue(stored, Info.class);
        } else if (legacyDirectory != null && Files.exists(legacyDirectory.resolve("session.json"))) {
            info = JSON.readValue(legacyDirectory.resolve("session.json").toFile(), Info.class);
        } else {
            return Optional.empty();
        }
        UploadSession session = new UploadSession(info, catalog);
        session.committed = session.partitionIfPresent().map(p -> p.hasCommit(info.id())).orElse(false);
        return Optional.of(session);
    }

    private static byte[] infoKey(String id) {
        return ("S" + id).getBytes(StandardCharsets.UTF_8);
    }

    Info info() {
        return info;
    }

    Table table() {
        Table table = catalog.table(info.project(), info.table());
        if (!table.definition().tableId().equals(info.tableId())) {
            throw ServiceException.notFound("NoSuchTable", "table " + info.project() + "." + info.table()
                    + " was dropped after upload session " + info.id() + " was created");
        }
        return table;
    }

    private Partition partition() {
        Table table = table();
        return table.partition(table.parsePartition(info.partitionSpec()));
    }

    private java.util.Optional<Partition> partitionIfPresent() {
        try {
            return java.util.Optional.of(partition());
        } catch (ServiceException e) {
            return java.util.Optional.empty();
        }
    }

    void writeBlock(long blockId, String contentEncoding, InputStream body) {
        if (blockId < 0 || blockId >= 20000) {
            throw ServiceException.badRequest("InvalidBlockID", "block id " + blockId + " is outside 0..19999");
        }
        requireOpen();
        SegmentWriter block = BlockWriter.receive(table().definition().columnsAt(info.schemaVersion()), contentEncoding,
                body, catalog.store());
        synchronized (this) {
            requireOpen();
            try (WriteBatch batch = new WriteBatch()) {
                Segment segment = block.finish(batch);
                Segment previous = blocks().get(blockId);
                if (previous != null) {
                    catalog.store().deleteRecords(batch, previous);
                }
                batch.put(blockKey(blockId), segment.encode());
                catalog.store().writeDurably(batch);
            } catch (RocksDBException e) {
                throw new IllegalStateException("emulator storage error: " + e.getMessage(), e);
            }
        }
    }

    private byte[] blockKey(long blockId) {
        return ByteBuffer.allocate(blocksPrefix().length + 8).put(blocksPrefix()).putLong(blockId).array();
    }

    private byte[] blocksPrefix() {
        return ("B" + info.id() + "\0").getBytes(StandardCharsets.UTF_8);
    }

    private void requireOpen() {
        if (committed) {
            throw ServiceException.badRequest("InvalidStatusChange",
                    "upload session " + info.id() + " is already committed; create a new session to write more");
        }
    }

    /** Block id to its records, in block id order. */
    private Map<Long, Segment> blocks() {
        Map<Long, Segment> blocks = new TreeMap<>();
        byte[] prefix = blocksPrefix();
        catalog.store().scan(prefix, (key, value) -> blocks.put(ByteBuffer.wrap(key, prefix.length, 8).getLong(),
                Segment.decode(value)));
        return blocks;
    }

    List<Long> blockIds() {
        return new ArrayList<>(blocks().keySet());
    }

    synchronized void commit() {
        if (committed) {
            return;
        }
        partition().commit(info.id(), Partition.APPEND, info.schemaVersion(), new ArrayList<>(blocks().values()),
                info.overwrite(), null);
        committed = true;
    }

    Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("UploadID", info.id());
        json.put("Status", committed ? "closed" : "normal");
        List<Map<String, Object>> blocks = new ArrayList<>();
        for (Long id : blockIds()) {
            blocks.add(Map.of("BlockID", id, "Version", 0));
        }
        json.put("UploadedBlockList", blocks);
        json.put("Schema", table().tunnelSchemaJson());
        json.put("MaxFieldSize", RecordStreamFormat.MAX_FIELD_BYTES);
        json.put("QuotaName", "");
        return json;
    }
}
