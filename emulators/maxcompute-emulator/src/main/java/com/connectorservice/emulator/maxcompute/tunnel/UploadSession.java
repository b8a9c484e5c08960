package com.connectorservice.emulator.maxcompute.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.connectorservice.emulator.maxcompute.ServiceException;
import com.connectorservice.emulator.maxcompute.catalog.Catalog;
import com.connectorservice.emulator.maxcompute.catalog.Durable;
import com.connectorservice.emulator.maxcompute.catalog.Partition;
import com.connectorservice.emulator.maxcompute.catalog.Table;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A batch upload session. Blocks are verified and forced to disk under the session directory as
 * {@code <blockId>-<recordCount>.blk}; writing a block id again replaces it. Nothing is visible until
 * {@link #commit}, which publishes all blocks at once. The session survives restarts.
 */
final class UploadSession {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What is persisted as {@code session.json}. */
    record Info(String id, String project, String table, String tableId, String partitionSpec, boolean overwrite,
                long createdAtMillis) {
    }

    private final Info info;
    private final Path directory;
    private final Catalog catalog;
    private volatile boolean committed;

    private UploadSession(Info info, Path directory, Catalog catalog) {
        this.info = info;
        this.directory = directory;
        this.catalog = catalog;
    }

    static UploadSession create(Info info, Path directory, Catalog catalog) {
        try {
            Durable.write(directory.resolve("session.json"), JSON.writeValueAsBytes(info));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new UploadSession(info, directory, catalog);
    }

    static UploadSession load(Path directory, Catalog catalog) throws IOException {
        Info info = JSON.readValue(directory.resolve("session.json").toFile(), Info.class);
        UploadSession session = new UploadSession(info, directory, catalog);
        session.committed = session.partitionIfPresent().map(p -> p.hasCommit(info.id())).orElse(false);
        return session;
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
        BlockWriter.ReceivedBlock block = BlockWriter.receive(table().columns(), contentEncoding, body, directory);
        synchronized (this) {
            requireOpen();
            try {
                List<Path> previous = blockFiles().getOrDefault(blockId, List.of());
                Path target = directory.resolve(blockId + "-" + block.recordCount() + ".blk");
                Durable.publish(block.file(), target);
                for (Path old : previous) {
                    if (!old.equals(target)) {
                        Durable.deleteQuietly(old);
                    }
                }
            } catch (IOException e) {
                Durable.deleteQuietly(block.file());
                throw new UncheckedIOException(e);
            }
        }
    }

    private void requireOpen() {
        if (committed) {
            throw ServiceException.badRequest("InvalidStatusChange",
                    "upload session " + info.id() + " is already committed; create a new session to write more");
        }
    }

    /** Block id to its file(s), including blocks a crashed commit already moved into the partition. */
    private Map<Long, List<Path>> blockFiles() {
        Map<Long, List<Path>> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(directory)) {
            list.filter(f -> f.getFileName().toString().endsWith(".blk"))
                    .forEach(f -> files.computeIfAbsent(blockIdOf(f.getFileName().toString()), k -> new ArrayList<>()).add(f));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        partitionIfPresent().ifPresent(p -> p.pendingBlocksOf(info.id()).forEach(f -> {
            String name = f.getFileName().toString().substring(info.id().length() + 1);
            files.computeIfAbsent(blockIdOf(name), k -> new ArrayList<>()).add(f);
        }));
        return files;
    }

    private static long blockIdOf(String fileName) {
        return Long.parseLong(fileName.substring(0, fileName.indexOf('-')));
    }

    List<Long> blockIds() {
        return new ArrayList<>(blockFiles().keySet());
    }

    synchronized void commit() {
        if (committed) {
            return;
        }
        Partition partition = partition();
        List<Path> files = new ArrayList<>();
        blockFiles().values().forEach(list -> files.add(list.get(list.size() - 1)));
        partition.commit(info.id(), files, info.overwrite());
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
