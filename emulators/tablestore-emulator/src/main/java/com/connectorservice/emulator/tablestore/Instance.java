package com.connectorservice.emulator.tablestore;

import com.alicloud.openservices.tablestore.core.protocol.OtsInternalApi;
import com.alicloud.openservices.tablestore.core.protocol.timeseries.Timeseries;
import com.aliyun.ots.thirdparty.com.google.protobuf.InvalidProtocolBufferException;
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
    private final Map<String, TimeseriesTable> timeseriesTables = new ConcurrentHashMap<>();
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
        timeseriesTables.values().forEach(table -> table.journalTo(journal));
    }

    // ---------------------------------------------------------------- wide column tables

    synchronized void createTable(OtsInternalApi.CreateTableRequest definition) {
        String tableName = definition.getTableMeta().getTableName();
        requireFreeName(tableName);
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

    private void requireFreeName(String tableName) {
        if (tables.containsKey(tableName) || timeseriesTables.containsKey(tableName)) {
            throw OtsException.objectAlreadyExist("Requested table already exists.");
        }
    }

    // ---------------------------------------------------------------- time series tables

    synchronized void createTimeseriesTable(Timeseries.TimeseriesTableMeta meta) {
        requireFreeName(meta.getTableName());
        journal.append(Store.CREATE_TIMESERIES_TABLE, Store.utf8(name), meta.toByteArray());
        TimeseriesTable table = new TimeseriesTable(name, meta);
        table.journalTo(journal);
        timeseriesTables.put(meta.getTableName(), table);
    }

    TimeseriesTable timeseriesTable(String tableName) {
        TimeseriesTable table = timeseriesTables.get(tableName);
        if (table == null) {
            throw OtsException.tableNotExist();
        }
        return table;
    }

    List<TimeseriesTable> timeseriesTables() {
        List<TimeseriesTable> sorted = new ArrayList<>(timeseriesTables.values());
        sorted.sort(java.util.Comparator.comparing(TimeseriesTable::name));
        return sorted;
    }

    synchronized void deleteTimeseriesTable(String tableName) {
        TimeseriesTable table = timeseriesTable(tableName);
        table.drop();
        journal.append(Store.DELETE_TIMESERIES_TABLE, Store.utf8(name), Store.utf8(tableName));
        timeseriesTables.remove(tableName);
    }

    void restoreTimeseriesTable(byte[] meta) throws InvalidProtocolBufferException {
        Timeseries.TimeseriesTableMeta parsed = Timeseries.TimeseriesTableMeta.parseFrom(meta);
        timeseriesTables.put(parsed.getTableName(), new TimeseriesTable(name, parsed));
    }

    void restoreTimeseriesTableDeletion(String tableName) {
        timeseriesTables.remove(tableName);
    }

    void restoreTimeseriesRow(String tableName, byte[] state, byte[] updateTimeMicros) {
        TimeseriesTable table = timeseriesTables.get(tableName);
        if (table != null) {
            table.restore(state, updateTimeMicros);
        }
    }

    void restoreTimeseriesMeta(String tableName, byte[] record) {
        TimeseriesTable table = timeseriesTables.get(tableName);
        if (table != null) {
            table.restoreMeta(record);
        }
    }

    synchronized void snapshotTo(Journal target) {
        for (TimeseriesTable table : timeseriesTables.values()) {
            target.append(Store.CREATE_TIMESERIES_TABLE, Store.utf8(name), table.meta().toByteArray());
            table.snapshotTo(target);
        }
        for (WideColumnTable table : tables.values()) {
            target.append(Store.CREATE_TABLE, Store.utf8(name), table.definition().toByteArray(),
                    ByteBuffer.allocate(8).putLong(table.creationTimeMicros()).array());
            table.snapshotTo(target);
        }
    }
}
