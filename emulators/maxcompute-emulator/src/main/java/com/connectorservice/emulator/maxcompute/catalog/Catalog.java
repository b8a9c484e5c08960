package com.connectorservice.emulator.maxcompute.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import com.connectorservice.emulator.maxcompute.ServiceException;

/**
 * Projects and their tables, kept under {@code <dataDirectory>/projects/<project>/tables/<table>}. Everything
 * acknowledged is on disk first; the in-memory maps are rebuilt from disk on start.
 */
public final class Catalog {

    private final Path root;
    private final DataStore store;
    private final Map<String, Map<String, Table>> tablesByProject = new ConcurrentHashMap<>();

    public Catalog(Path dataDirectory, Collection<String> projects, DataStore store) {
        this.root = dataDirectory;
        this.store = store;
        for (String project : projects) {
            String name = project.toLowerCase(Locale.ROOT);
            tablesByProject.put(name, loadTables(name));
        }
    }

    private Map<String, Table> loadTables(String project) {
        Map<String, Table> tables = new ConcurrentHashMap<>();
        Path tablesDirectory = tablesDirectory(project);
        try {
            Files.createDirectories(tablesDirectory);
            try (Stream<Path> dirs = Files.list(tablesDirectory)) {
                for (Path dir : dirs.toList()) {
                    if (Files.exists(dir.resolve("table.json"))) {
                        Table table = Table.load(project, dir, store);
                        tables.put(table.name(), table);
                    } else {
                        Durable.deleteRecursively(dir);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load project " + project + " from " + root, e);
        }
        return tables;
    }

    private Path tablesDirectory(String project) {
        return root.resolve("projects").resolve(project).resolve("tables");
    }

    /** The projects' names. */
    public List<String> projects() {
        return new ArrayList<>(tablesByProject.keySet());
    }

    public void requireProject(String project) {
        tables(project);
    }

    private Map<String, Table> tables(String project) {
        Map<String, Table> tables = tablesByProject.get(project.toLowerCase(Locale.ROOT));
        if (tables == null) {
            throw ServiceException.notFound("NoSuchProject", "ODPS-0420111:Project not found - '" + project + "'");
        }
        return tables;
    }

    public Table table(String project, String name) {
        Table table = tables(project).get(name.toLowerCase(Locale.ROOT));
        if (table == null) {
            throw ServiceException.notFound("NoSuchTable",
                    "ODPS-0130131:Table not found - table " + project + "." + name + " cannot be resolved");
        }
        return table;
    }

    public List<Table> tablesOf(String project) {
        return new ArrayList<>(tables(project).values());
    }

    /** Creates a table; returns false when it existed and {@code ifNotExists} was given. */
    public boolean createTable(String project, String name, String comment, List<Column> columns,
                               List<Column> partitionColumns, boolean ifNotExists) {
        return createTable(project, name, comment, columns, partitionColumns, List.of(), Map.of(), ifNotExists);
    }

    /**
     * Creates a table; {@code properties} {@code transactional=true} with a {@code primaryKey} makes a Delta table of
     * {@code write.bucket.num} buckets (16 by default).
     */
    public boolean createTable(String project, String name, String comment, List<Column> columns,
                               List<Column> partitionColumns, List<String> primaryKey, Map<String, String> properties,
                               boolean ifNotExists) {
        boolean transactional = "true".equalsIgnoreCase(properties.getOrDefault("transactional", "false"));
        if (!primaryKey.isEmpty() && !transactional) {
            throw ServiceException.badRequest("InvalidArgument", "ODPS-0130071:Semantic analysis exception - "
                    + "a table with a PRIMARY KEY must be transactional: add TBLPROPERTIES (\"transactional\"=\"true\")");
        }
        int buckets;
        try {
            buckets = Integer.parseInt(properties.getOrDefault("write.bucket.num", "16"));
        } catch (NumberFormatException e) {
            buckets = -1;
        }
        if (buckets < 1 || buckets > 4096) {
            throw ServiceException.badRequest("InvalidArgument", "ODPS-0130071:Semantic analysis exception - "
                    + "write.bucket.num must be a number from 1 to 4096, got '" + properties.get("write.bucket.num") + "'");
        }
        List<String> key = primaryKey.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        for (String column : key) {
            if (columns.stream().noneMatch(c -> c.name().equals(column))) {
                throw ServiceException.badRequest("InvalidArgument", "ODPS-0130071:Semantic analysis exception - "
                        + "primary key column '" + column + "' is not a column of " + name);
            }
        }
        Map<String, Table> tables = tables(project);
        String tableKey = name.toLowerCase(Locale.ROOT);
        synchronized (tables) {
            if (tables.containsKey(tableKey)) {
                if (ifNotExists) {
                    return false;
                }
                throw ServiceException.conflict("TableAlreadyExists",
                        "ODPS-0110061:Table already exists - " + project + "." + name);
            }
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (Column column : concat(columns, partitionColumns)) {
                if (!seen.add(column.name())) {
                    throw ServiceException.badRequest("InvalidArgument",
                            "ODPS-0130071:Semantic analysis exception - column '" + column.name() + "' is defined twice");
                }
            }
            if (columns.isEmpty()) {
                throw ServiceException.badRequest("InvalidArgument",
                        "ODPS-0130071:Semantic analysis exception - table " + name + " needs at least one column");
            }
            Path dir = tablesDirectory(project.toLowerCase(Locale.ROOT))
                    .resolve(tableKey + "." + UUID.randomUUID().toString().substring(0, 8));
            Table.Definition definition = new Table.Definition(tableKey, UUID.randomUUID().toString().replace("-", ""),
                    comment, System.currentTimeMillis(), List.copyOf(columns), List.copyOf(partitionColumns), key,
                    transactional, transactional ? buckets : 0, List.of());
            tables.put(tableKey, Table.create(project.toLowerCase(Locale.ROOT), definition, dir, store));
            return true;
        }
    }

    private static List<Column> concat(List<Column> a, List<Column> b) {
        List<Column> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    public void dropTable(String project, String name, boolean ifExists) {
        Map<String, Table> tables = tables(project);
        synchronized (tables) {
            Table table = tables.remove(name.toLowerCase(Locale.ROOT));
            if (table == null) {
                if (ifExists) {
                    return;
                }
                table(project, name);
            }
            // Removing table.json first makes the drop durable even if deleting the data is interrupted.
            Durable.deleteQuietly(table.directory().resolve("table.json"));
            table.deleteAllRecords();
            Durable.forceDirectory(table.directory());
            Durable.deleteRecursively(table.directory());
        }
    }

    /** Appends an ADD USER / GRANT / REVOKE statement to the project's security log (enforced by the Authorizer). */
    public void recordSecurityStatement(String project, String statement) {
        requireProject(project);
        Path log = root.resolve("projects").resolve(project.toLowerCase(Locale.ROOT)).resolve("security.log");
        synchronized (this) {
            try {
                Files.writeString(log, statement.strip() + "\n", StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    public DataStore store() {
        return store;
    }

    public List<String> securityStatements(String project) {
        requireProject(project);
        Path log = root.resolve("projects").resolve(project.toLowerCase(Locale.ROOT)).resolve("security.log");
        try {
            return Files.exists(log) ? Files.readAllLines(log, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
