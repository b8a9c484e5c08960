package com.connectorservice.emulator.tablestore;

import com.alicloud.openservices.tablestore.core.protocol.OtsInternalApi;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The tables of one Tablestore instance. Creating and dropping tables is serialized per instance. */
final class Instance {
    private final String name;
    private final Map<String, WideColumnTable> tables = new ConcurrentHashMap<>();
    private volatile Journal journal;

    Instance(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    synchronized void journalTo(Journal journal) {
        this.journal = journal;
        tables.values().forEach(table -> table.journalTo(journal));
    }

    // ---------------------------------------------------------------- wide column tables

    synchronized void createTable(OtsInternalApi.CreateTableRequest definition) {
        String tableName = definition.getTableMeta().getTableName();
        if (tables.containsKey(tableName)) {
            throw OtsException.objectAlreadyExist("Requested table already exists.");
        }
        long creationTimeMicros = System.currentTimeMillis() * 1000;
        journal.append(Store.CREATE_TABLE, Store.utf8(name), definition.toByteArray(),
                ByteBuffer.allocate(8).putLong(creationTimeMicros).array());
        WideColumnTable table = new WideColumnTable(name, definition, creationTimeMicros);
        table.journalTo(journal);
        tables.put(tableName, table);
    }

    WideColumnTable table(String tableName) {
        WideColumnTable table = tables.get(tableName);
        if (table == null) {
            throw OtsException.tableNotExist();
        }
        return table;
    }

    List<String> tableNames() {
        List<String> names = new ArrayList<>(tables.keySet());
        Collections.sort(names);
        return names;
    }

    synchronized void deleteTable(String tableName) {
        WideColumnTable table = table(tableName);
        table.drop();
        journal.append(Store.DELETE_TABLE, Store.utf8(name), Store.utf8(tableName));
        tables.remove(tableName);
    }

    void restoreTable(OtsInternalApi.CreateTableRequest definition, long creationTimeMicros) {
        tables.put(definition.getTableMeta().getTableName(), new WideColumnTable(name, definition, creationTimeMicros));
    }

    void restoreTableDeletion(String tableName) {
        tables.remove(tableName);
    }

    void restoreRow(String tableName, byte[] state) {
        WideColumnTable table = tables.get(tableName);
        if (table != null) {
            table.restore(state);
        }
    }

    synchronized void snapshotTo(Journal target) {
        for (WideColumnTable table : tables.values()) {
            target.append(Store.CREATE_TABLE, Store.utf8(name), table.definition().toByteArray(),
                    ByteBuffer.allocate(8).putLong(table.creationTimeMicros()).array());
            table.snapshotTo(target);
        }
    }
}
