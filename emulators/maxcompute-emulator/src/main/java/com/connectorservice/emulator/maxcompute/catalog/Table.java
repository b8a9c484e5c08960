package com.connectorservice.emulator.maxcompute.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.stream.Stream;

import com.connectorservice.emulator.maxcompute.ServiceException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A table's definition and its partitions. Partition DDL on one table is serialised; tables are independent. */
public final class Table {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String project;
    private volatile Definition definition;
    private final Path directory;
    private final DataStore store;
    private final ConcurrentSkipListMap<String, Partition> partitions = new ConcurrentSkipListMap<>();

    /**
     * What CREATE TABLE declared and ALTER TABLE changed; persisted as {@code table.json}. A transactional table with
     * a primary key is a Delta table: written through upsert sessions, read as the latest row per key. Each schema
     * change keeps the columns before it in {@code olderSchemas}: the schema version of a commit is the index of the
     * columns its records were written with ({@code olderSchemas.size()} = the current columns).
     */
    public record Definition(String name, String tableId, String comment, long createdAtMillis,
                             List<Column> columns, List<Column> partitionColumns, List<String> primaryKey,
                             boolean transactional, int buckets, List<List<Column>> olderSchemas) {
        public Definition {
            primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
            olderSchemas = olderSchemas == null ? List.of() : List.copyOf(olderSchemas);
        }

        public int schemaVersion() {
            return olderSchemas.size();
        }

        public List<Column> columnsAt(int version) {
            return version == olderSchemas.size() ? columns : olderSchemas.get(version);
        }

        Definition withColumns(List<Column> changed) {
            List<List<Column>> older = new ArrayList<>(olderSchemas);
            older.add(columns);
            return new Definition(name, tableId, comment, createdAtMillis, List.copyOf(changed), partitionColumns,
                    primaryKey, transactional, buckets, older);
        }
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

    /** A Delta table: transactional with a primary key, written by upserts and deletes. */
    public boolean isDelta() {
        return definition.transactional() && !definition.primaryKey().isEmpty();
    }

    /** {@code ALTER TABLE ADD COLUMNS}: the new columns go at the end; older records read them as NULL. */
    public synchronized void addColumns(List<Column> added) {
        List<Column> columns = new ArrayList<>(columns());
        for (Column column : added) {
            boolean taken = columns.stream().anyMatch(c -> c.name().equals(column.name()))
                    || partitionColumns().stream().anyMatch(c -> c.name().equals(column.name()));
            if (taken) {
                throw ServiceException.badRequest("InvalidArgument", "ODPS-0130071:Semantic analysis exception - "
                        + "column '" + column.name() + "' already exists in " + project + "." + name());
            }
            columns.add(column);
        }
        changeDefinition(definition.withColumns(columns));
    }

    /** {@code ALTER TABLE CHANGE COLUMN}: a rename and/or a change to a compatible type (older records widen). */
    public synchronized void changeColumn(String name, Column changed) {
        List<Column> columns = new ArrayList<>(columns());
        int index = -1;
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name.toLowerCase(Locale.ROOT))) {
                index = i;
            }
        }
        if (index < 0) {
            throw ServiceException.badRequest("InvalidArgument", "ODPS-0130071:Semantic analysis exception - "
                    + "column '" + name + "' cannot be resolved in " + project + "." + name());
        }
        Column old = columns.get(index);
        DataType from = old.dataType();
        DataType to = changed.dataType();
        boolean compatible = from.equals(to) ? true
                : from.children().isEmpty() && to.children().isEmpty() && from.base().widensTo(to.base())
                        && from.base() != to.base();
        if (!compatible && !(from.base() == ColumnType.DECIMAL && to.base() == ColumnType.DECIMAL)) {
            throw ServiceException.badRequest("InvalidArgument", "ODPS-0130071:Semantic analysis exception - "
                    + "cannot change column '" + old.name() + "' from " + old.declaredType() + " to "
                    + changed.declaredType() + ": incompatible types");
        }
        if (!old.name().equals(changed.name()) && definition.primaryKey().contains(old.name())) {
            throw ServiceException.badRequest("InvalidArgument", "ODPS-0130071:Semantic analysis exception - "
                    + "primary key column '" + old.name() + "' cannot be renamed");
        }
        columns.set(index, new Column(changed.name(), changed.declaredType(),
                changed.comment().isEmpty() ? old.comment() : changed.comment()));
        changeDefinition(definition.withColumns(columns));
    }

    private void changeDefinition(Definition changed) {
        try {
            Durable.write(directory.resolve("table.json"), JSON.writeValueAsBytes(changed));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        definition = changed;
    }

    /**
     * The committed rows of a partition in the current columns: appended rows in commit order, or for a Delta
     * table the latest row of each primary key (deleted keys left out).
     */
    public java.util.Iterator<Object[]> rows(Partition partition) {
        return partition.rows(definition);
    }

    /** What a download session of {@code partition} reads: its rows as they are now. */
    public RowSnapshot snapshot(Partition partition) {
        return partition.snapshot(definition);
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
        if (definition.transactional()) {
            // the SDK reads transactional tables' properties from the "Reserved" JSON text
            Map<String, Object> reserved = new LinkedHashMap<>();
            reserved.put("Transactional", "true");
            if (isDelta()) {
                reserved.put("PrimaryKey", definition.primaryKey());
                reserved.put("ClusterType", "hash");
                reserved.put("BucketNum", definition.buckets());
                reserved.put("ClusterCols", definition.primaryKey());
                reserved.put("SortCols", List.of());
            }
            try {
                json.put("Reserved", JSON.writeValueAsString(reserved));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
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
