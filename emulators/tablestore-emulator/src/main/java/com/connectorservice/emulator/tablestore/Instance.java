package com.connectorservice.emulator.tablestore;

import com.alicloud.openservices.tablestore.core.protocol.OtsInternalApi;
import com.alicloud.openservices.tablestore.core.protocol.timeseries.Timeseries;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The tables of one Tablestore instance. Creating and dropping tables is serialized per instance. */
final class Instance {
    private final String name;
    private final Store store;
    private final Map<String, WideColumnTable> tables = new ConcurrentHashMap<>();
    private final Map<String, TimeseriesTable> timeseriesTables = new ConcurrentHashMap<>();

    Instance(String name, Store store) {
        this.name = name;
        this.store = store;
    }

    String name() {
        return name;
    }

    // ---------------------------------------------------------------- wide column tables

    synchronized void createTable(OtsInternalApi.CreateTableRequest definition) {
        String tableName = definition.getTableMeta().getTableName();
        requireFreeName(tableName);
        long creationTimeMicros = System.currentTimeMillis() * 1000;
        long id = store.createTable(name, tableName, Store.WIDE_COLUMN_TABLE, creationTimeMicros,
                definition.toByteArray());
        tables.put(tableName, new WideColumnTable(store, id, definition, creationTimeMicros));
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
        table.drop(() -> store.deleteTable(name, tableName, table.id()));
        tables.remove(tableName);
    }

    void restoreTable(long id, OtsInternalApi.CreateTableRequest definition, long creationTimeMicros) {
        tables.put(definition.getTableMeta().getTableName(),
                new WideColumnTable(store, id, definition, creationTimeMicros));
    }

    private void requireFreeName(String tableName) {
        if (tables.containsKey(tableName) || timeseriesTables.containsKey(tableName)) {
            throw OtsException.objectAlreadyExist("Requested table already exists.");
        }
    }

    // ---------------------------------------------------------------- time series tables

    synchronized void createTimeseriesTable(Timeseries.TimeseriesTableMeta meta) {
        requireFreeName(meta.getTableName());
        long id = store.createTable(name, meta.getTableName(), Store.TIMESERIES_TABLE, System.currentTimeMillis() * 1000,
                meta.toByteArray());
        timeseriesTables.put(meta.getTableName(), new TimeseriesTable(store, id, meta));
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
        table.drop(() -> store.deleteTable(name, tableName, table.id()));
        timeseriesTables.remove(tableName);
    }

    void restoreTimeseriesTable(long id, Timeseries.TimeseriesTableMeta meta) {
        timeseriesTables.put(meta.getTableName(), new TimeseriesTable(store, id, meta));
    }
}
