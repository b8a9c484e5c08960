package com.connectorservice.emulator.maxcompute.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

import com.connectorservice.emulator.maxcompute.ServiceException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A table's definition and its partitions. Partition DDL on one table is serialised; tables are independent. */
public final class Table {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String project;
    private final Definition definition;
    private final Path directory;
    private final DataStore store;
    private final ConcurrentSkipListMap<String, Partition> partitions = new ConcurrentSkipListMap<>();

    /** What CREATE TABLE declared; persisted as {@code table.json}. */
    public record Definition(String name, String tableId, String comment, long createdAtMillis,
                             List<Column> columns, List<Column> partitionColumns) {
    }

    Table(String project, Definition definition, Path directory, DataStore store) {
        this.project = project;
        this.definition = definition;
        this.directory = directory;
        this.store = store;
    }

    static Table create(String project, Definition definition, Path directory, DataStore store) {
        try {
            Durable.write(directory.resolve("table.json"), JSON.writeValueAsBytes(definition));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Table table = new Table(project, definition, directory, store);
        if (definition.partitionColumns().isEmpty()) {
            table.addPartition(PartitionValues.NONE, true);
        }
        return table;
    }

    static Table load(String project, Path directory, DataStore store) throws IOException {
        Definition definition = JSON.readValue(directory.resolve("table.json").toFile(), Definition.class);
        Table table = new Table(project, definition, directory, store);
        Path partitionsDirectory = directory.resolve("partitions");
        if (Files.isDirectory(partitionsDirectory)) {
            try (Stream<Path> dirs = Files.list(partitionsDirectory)) {
                for (Path dir : dirs.toList()) {
                    Path marker = dir.resolve("partition.json");
                    if (Files.isDirectory(dir.resolve("segments"))) {
                        throw new IllegalStateException("The data directory holds partition data of an older"
                                + " emulator (" + dir.resolve("segments") + "), which keeps records in a store now;"
                                + " move the directory away (or start the local stack with --fresh) to begin with an"
                                + " empty one.");
                    }
                    if (Files.exists(marker)) {
                        PartitionValues values = PartitionValues.fromDirectoryName(dir.getFileName().toString(),
                                definition.partitionColumns());
                        long created = JSON.readTree(marker.toFile()).path("createdAt").asLong();
                        table.partitions.put(values.spec(), table.newPartition(values, created, dir));
                    }
                }
            }
        }
        return table;
    }

    public String project() {
        return project;
    }

    public String name() {
        return definition.name();
    }

    public Definition definition() {
        return definition;
    }

    public List<Column> columns() {
        return definition.columns();
    }

    public List<Column> partitionColumns() {
        return definition.partitionColumns();
    }

    public boolean isPartitioned() {
        return !definition.partitionColumns().isEmpty();
    }

    Path directory() {
        return directory;
    }

    public PartitionValues parsePartition(String spec) {
        return PartitionValues.parse(spec, partitionColumns());
    }

    public Partition partition(PartitionValues values) {
        Partition partition = partitions.get(values.spec());
        if (partition == null) {
            throw ServiceException.notFound("NoSuchPartition",
                    "ODPS-0130131:Table or partition not found - partition " + values.quotedSpec()
                            + " of table " + project + "." + name() + " does not exist");
        }
        return partition;
    }

    /** Adds a partition; with {@code ifNotExists} an existing one is returned instead of an error. */
    public synchronized Partition addPartition(PartitionValues values, boolean ifNotExists) {
        Partition existing = partitions.get(values.spec());
        if (existing != null) {
            if (ifNotExists) {
                return existing;
            }
            throw ServiceException.conflict("PartitionAlreadyExists",
                    "ODPS-0130111:Partition already exists - " + values.quotedSpec() + " in " + project + "." + name());
        }
        long now = System.currentTimeMillis();
        Path dir = directory.resolve("partitions").resolve(values.directoryName());
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put("spec", values.spec());
        marker.put("createdAt", now);
        try {
            Durable.write(dir.resolve("partition.json"), JSON.writeValueAsBytes(marker));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Partition partition = newPartition(values, now, dir);
        partitions.put(values.spec(), partition);
        return partition;
    }

    private Partition newPartition(PartitionValues values, long createdAtMillis, Path dir) {
        return new Partition(values, createdAtMillis, dir, store, definition.tableId());
    }

    public synchronized void dropPartition(PartitionValues values, boolean ifExists) {
        Partition partition = partitions.remove(values.spec());
        if (partition == null) {
            if (ifExists) {
                return;
            }
            partition(values);
        }
        deleteRecords(List.of(partition));
        Durable.deleteQuietly(partition.directory().resolve("partition.json"));
        Durable.forceDirectory(partition.directory());
        Durable.deleteRecursively(partition.directory());
    }

    /** Deletes the commits and records of {@code dropped}, in one durable write. */
    static void deleteRecords(List<Partition> dropped, DataStore store) {
        try (org.rocksdb.WriteBatch batch = new org.rocksdb.WriteBatch()) {
            for (Partition partition : dropped) {
                partition.deleteAll(batch);
            }
            store.writeDurably(batch);
        } catch (org.rocksdb.RocksDBException e) {
            throw DataStore.failed(e);
        }
    }

    private void deleteRecords(List<Partition> dropped) {
        deleteRecords(dropped, store);
    }

    /** Deletes every partition's records (the table is being dropped). */
    void deleteAllRecords() {
        deleteRecords(partitions());
    }

    /** Partitions in spec order. */
    public List<Partition> partitions() {
        return new ArrayList<>(partitions.values());
    }

    /** The JSON the REST API embeds in a table's {@code <Schema>} element. */
    public Map<String, Object> schemaJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        long seconds = definition.createdAtMillis() / 1000;
        json.put("tableName", name());
        json.put("comment", definition.comment());
        json.put("owner", "ALIYUN$emulator");
        json.put("createTime", seconds);
        json.put("lastDDLTime", seconds);
        json.put("lastModifiedTime", seconds);
        json.put("lastAccessTime", 0);
        json.put("lifecycle", -1);
        json.put("isVirtualView", false);
        json.put("isExternal", false);
        json.put("columns", columnsJson(columns()));
        json.put("partitionKeys", columnsJson(partitionColumns()));
        return json;
    }

    /** The JSON the tunnel returns as a session's {@code Schema}. */
    public Map<String, Object> tunnelSchemaJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("columns", columnsJson(columns()));
        json.put("partitionKeys", columnsJson(partitionColumns()));
        return json;
    }

    /** Columns as both the REST schema and the tunnel schema describe them. */
    public static List<Map<String, Object>> columnsJson(List<Column> columns) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", column.name());
            c.put("type", column.declaredType());
            c.put("comment", column.comment());
            c.put("nullable", "true");
            c.put("column_id", String.valueOf(i));
            list.add(c);
        }
        return list;
    }
}
