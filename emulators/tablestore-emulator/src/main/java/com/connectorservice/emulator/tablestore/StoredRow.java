package com.connectorservice.emulator.tablestore;

import com.alicloud.openservices.tablestore.model.ColumnValue;
import java.util.Collections;
import java.util.Comparator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The attribute columns of one row: column name → (timestamp, newest first → value). A row with no attribute column
 * still exists (Tablestore: deleting every attribute column is not deleting the row).
 */
final class StoredRow {
    private final TreeMap<String, TreeMap<Long, ColumnValue>> columns = new TreeMap<>();

    NavigableMap<String, TreeMap<Long, ColumnValue>> columns() {
        return Collections.unmodifiableNavigableMap(columns);
    }

    void put(String column, long timestamp, ColumnValue value, int maxVersions) {
        TreeMap<Long, ColumnValue> versions =
                columns.computeIfAbsent(column, name -> new TreeMap<>(Comparator.reverseOrder()));
        versions.put(timestamp, value);
        while (versions.size() > maxVersions) {
            versions.pollLastEntry();
        }
    }

    void deleteVersion(String column, long timestamp) {
        TreeMap<Long, ColumnValue> versions = columns.get(column);
        if (versions != null) {
            versions.remove(timestamp);
            if (versions.isEmpty()) {
                columns.remove(column);
            }
        }
    }

    /** Drops the versions older than {@code timestamp}, and the columns left without one. */
    void dropVersionsBefore(long timestamp) {
        columns.values().forEach(versions -> versions.tailMap(timestamp, false).clear());
        columns.values().removeIf(TreeMap::isEmpty);
    }

    void deleteColumn(String column) {
        columns.remove(column);
    }

    Map.Entry<Long, ColumnValue> latest(String column) {
        TreeMap<Long, ColumnValue> versions = columns.get(column);
        return versions == null ? null : versions.firstEntry();
    }
}
