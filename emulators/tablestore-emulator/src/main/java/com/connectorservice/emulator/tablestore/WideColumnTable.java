package com.connectorservice.emulator.tablestore;

import com.alicloud.openservices.tablestore.core.protocol.OtsInternalApi;
import com.alicloud.openservices.tablestore.core.protocol.PlainBufferCell;
import com.alicloud.openservices.tablestore.core.protocol.PlainBufferConsts;
import com.alicloud.openservices.tablestore.core.protocol.PlainBufferConversion;
import com.alicloud.openservices.tablestore.core.protocol.PlainBufferRow;
import com.alicloud.openservices.tablestore.model.Column;
import com.alicloud.openservices.tablestore.model.ColumnType;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.PrimaryKey;
import com.alicloud.openservices.tablestore.model.PrimaryKeyColumn;
import com.alicloud.openservices.tablestore.model.PrimaryKeyType;
import com.alicloud.openservices.tablestore.model.PrimaryKeyValue;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One wide-column table: its definition and its rows in Tablestore's primary key order. Writers hold the write lock
 * while they check conditions, journal the row's new state and install it, so the journal's order per row is the
 * order in which changes became visible.
 */
final class WideColumnTable extends JournaledTable {
    static final int MAX_PRIMARY_KEY_VALUE_BYTES = 1024;
    static final int MAX_COLUMN_VALUE_BYTES = 2 * 1024 * 1024;

    /** The row after a successful change; {@code row} is null when the change deleted it. */
    record Change(PrimaryKey primaryKey, StoredRow row) {
    }

    private final OtsInternalApi.CreateTableRequest definition;
    private final long creationTimeMicros;
    private final List<OtsInternalApi.PrimaryKeySchema> primaryKeySchema;
    private final int maxVersions;
    private final long maxTimeDeviationMillis;
    private final long timeToLiveMillis;
    /** Each row's state in PlainBuffer form (primary key and every version): a third of the memory of objects. */
    private final TreeMap<PrimaryKey, byte[]> rows = new TreeMap<>(PrimaryKeyOrder.INSTANCE);

    WideColumnTable(String instance, OtsInternalApi.CreateTableRequest definition, long creationTimeMicros) {
        super(instance);
        this.definition = definition;
        this.creationTimeMicros = creationTimeMicros;
        this.primaryKeySchema = definition.getTableMeta().getPrimaryKeyList();
        this.maxVersions = definition.getTableOptions().getMaxVersions();
        this.maxTimeDeviationMillis = definition.getTableOptions().getDeviationCellVersionInSec() * 1000;
        int ttl = definition.getTableOptions().getTimeToLive();
        this.timeToLiveMillis = ttl < 0 ? Long.MAX_VALUE : ttl * 1000L;
    }

    String name() {
        return definition.getTableMeta().getTableName();
    }

    OtsInternalApi.CreateTableRequest definition() {
        return definition;
    }

    long creationTimeMicros() {
        return creationTimeMicros;
    }

    // ---------------------------------------------------------------- primary keys

    PrimaryKey primaryKey(List<PlainBufferCell> cells, boolean allowInfinity) {
        if (cells.size() != primaryKeySchema.size()) {
            throw OtsException.parameterInvalid("Validate PK size fail. Input: " + cells.size()
                    + ", Meta: " + primaryKeySchema.size() + ".");
        }
        List<PrimaryKeyColumn> columns = new ArrayList<>(cells.size());
        for (int i = 0; i < cells.size(); i++) {
            PlainBufferCell cell = cells.get(i);
            OtsInternalApi.PrimaryKeySchema schema = primaryKeySchema.get(i);
            if (!schema.getName().equals(cell.getCellName())) {
                throw OtsException.parameterInvalid("Validate PK name fail. Input: " + cell.getCellName()
                        + ", Meta: " + schema.getName() + ".");
            }
            PrimaryKeyValue value = cell.getPkCellValue();
            if (value == null) {
                throw OtsException.parameterInvalid("The primary key column '" + schema.getName() + "' has no value.");
            }
            if (value.isInfMin() || value.isInfMax()) {
                if (!allowInfinity) {
                    throw OtsException.parameterInvalid("INF_MIN or INF_MAX is not allowed in the primary key column '"
                            + schema.getName() + "' of a single row operation.");
                }
            } else {
                if (value.getType() != sdkType(schema.getType())) {
                    throw OtsException.parameterInvalid("Validate PK type fail. Input: VT_" + value.getType()
                            + ", Meta: VT_" + sdkType(schema.getType()) + ".");
                }
                int size = value.getType() == PrimaryKeyType.INTEGER ? 8
                        : value.getType() == PrimaryKeyType.STRING
                                ? value.asString().getBytes(StandardCharsets.UTF_8).length : value.asBinary().length;
                if (size > MAX_PRIMARY_KEY_VALUE_BYTES) {
                    throw OtsException.parameterInvalid("The length of primary key column: '" + schema.getName()
                            + "' exceeded the MaxLength:" + MAX_PRIMARY_KEY_VALUE_BYTES + " with CurrentLength:" + size
                            + ".");
                }
            }
            columns.add(new PrimaryKeyColumn(schema.getName(), compact(value)));
        }
        return new PrimaryKey(columns);
    }

    /** A copy without the SDK's cached UTF-8 bytes, so that stored keys hold each string once. */
    private static PrimaryKeyValue compact(PrimaryKeyValue value) {
        if (value.isInfMin() || value.isInfMax() || value.getType() != PrimaryKeyType.STRING) {
            return value;
        }
        return PrimaryKeyValue.fromString(value.asString());
    }

    static PrimaryKeyType sdkType(OtsInternalApi.PrimaryKeyType type) {
        switch (type) {
            case INTEGER:
                return PrimaryKeyType.INTEGER;
            case STRING:
                return PrimaryKeyType.STRING;
            case BINARY:
                return PrimaryKeyType.BINARY;
            default:
                throw OtsException.parameterInvalid("Unsupported primary key type " + type);
        }
    }

    // ---------------------------------------------------------------- writes

    /**
     * Applies one PUT, UPDATE or DELETE row change. Fails with OTSConditionCheckFail when the row existence
     * expectation or the column condition does not hold, and with OTSParameterInvalid for malformed changes.
     */
    Change apply(OtsInternalApi.OperationType type, PlainBufferRow change, OtsInternalApi.Condition condition) {
        PrimaryKey primaryKey = primaryKey(change.getPrimaryKey(), false);
        long now = System.currentTimeMillis();
        validateCells(type, change, now);
        if (type == OtsInternalApi.OperationType.DELETE
                && condition.getRowExistence() == OtsInternalApi.RowExistenceExpectation.EXPECT_NOT_EXIST) {
            throw OtsException.parameterInvalid("Invalid condition: EXPECT_NOT_EXIST while deleting row.");
        }
        ColumnCondition columnCondition = condition.hasColumnCondition() && !condition.getColumnCondition().isEmpty()
                ? ColumnCondition.parse(condition.getColumnCondition()) : null;
        lock.writeLock().lock();
        try {
            requireNotDropped();
            // Server-side versions are taken under the lock, so they follow the order in which changes apply.
            long writeTime = System.currentTimeMillis();
            StoredRow existing = decode(rows.get(primaryKey));
            checkCondition(condition.getRowExistence(), existing != null);
            if (columnCondition != null && !columnCondition.matches(existing)) {
                throw OtsException.conditionCheckFail();
            }
            StoredRow after;
            switch (type) {
                case PUT:
                    after = new StoredRow();
                    for (PlainBufferCell cell : change.getCells()) {
                        after.put(cell.getCellName(), timestamp(cell, writeTime), cell.getCellValue(), maxVersions);
                    }
                    break;
                case UPDATE:
                    after = existing == null ? new StoredRow() : existing;
                    for (PlainBufferCell cell : change.getCells()) {
                        applyUpdate(after, cell, writeTime);
                    }
                    break;
                case DELETE:
                    after = null;
                    break;
                default:
                    throw OtsException.parameterInvalid("Unknown operation type " + type);
            }
            if (existing == null && after == null) {
                return new Change(primaryKey, null);
            }
            byte[] state = encodeState(primaryKey, after);
            journalRow(Store.ROW, state);
            if (after == null) {
                rows.remove(primaryKey);
            } else {
                rows.put(primaryKey, state);
            }
            return new Change(primaryKey, after);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private static void checkCondition(OtsInternalApi.RowExistenceExpectation expectation, boolean exists) {
        if ((expectation == OtsInternalApi.RowExistenceExpectation.EXPECT_EXIST && !exists)
                || (expectation == OtsInternalApi.RowExistenceExpectation.EXPECT_NOT_EXIST && exists)) {
            throw OtsException.conditionCheckFail();
        }
    }

    private void validateCells(OtsInternalApi.OperationType type, PlainBufferRow change, long now) {
        if (type == OtsInternalApi.OperationType.DELETE) {
            if (!change.getCells().isEmpty()) {
                throw OtsException.parameterInvalid("A delete row change must not carry attribute columns.");
            }
            return;
        }
        if (change.hasDeleteMarker()) {
            throw OtsException.parameterInvalid("Only a DeleteRow change may carry the delete row marker.");
        }
        for (PlainBufferCell cell : change.getCells()) {
            String name = cell.getCellName();
            WideColumnApi.checkName("column name", name);
            for (OtsInternalApi.PrimaryKeySchema pk : primaryKeySchema) {
                if (pk.getName().equals(name)) {
                    throw OtsException.parameterInvalid("The attribute column '" + name
                            + "' has the name of a primary key column.");
                }
            }
            if (type == OtsInternalApi.OperationType.PUT && cell.hasCellType()) {
                throw OtsException.parameterInvalid("A put row change must not carry cell operations.");
            }
            boolean needsValue = !cell.hasCellType() || cell.getCellType() == PlainBufferConsts.INCREMENT;
            if (needsValue && !cell.hasCellValue()) {
                throw OtsException.parameterInvalid("The attribute column '" + name + "' has no value.");
            }
            if (cell.hasCellValue() && cell.getCellValue().getDataSize() > MAX_COLUMN_VALUE_BYTES) {
                throw OtsException.parameterInvalid("The length of attribute column: '" + name
                        + "' exceeds the MaxLength:" + MAX_COLUMN_VALUE_BYTES + " with CurrentLength:"
                        + cell.getCellValue().getDataSize() + ".");
            }
            if (!cell.hasCellType() && cell.hasCellTimestamp()
                    && Math.abs(cell.getCellTimestamp() - now) > maxTimeDeviationMillis) {
                throw OtsException.parameterInvalid("The timestamp " + cell.getCellTimestamp() + " of column '" + name
                        + "' deviates from the server time by more than the table's max time deviation of "
                        + maxTimeDeviationMillis / 1000 + " seconds.");
            }
            if (cell.hasCellType() && cell.getCellType() == PlainBufferConsts.DELETE_ONE_VERSION
                    && !cell.hasCellTimestamp()) {
                throw OtsException.parameterInvalid("Deleting one version of column '" + name
                        + "' requires its timestamp.");
            }
        }
    }

    private void applyUpdate(StoredRow row, PlainBufferCell cell, long now) {
        String name = cell.getCellName();
        if (!cell.hasCellType()) {
            row.put(name, timestamp(cell, now), cell.getCellValue(), maxVersions);
            return;
        }
        switch (cell.getCellType()) {
            case PlainBufferConsts.DELETE_ONE_VERSION:
                row.deleteVersion(name, cell.getCellTimestamp());
                break;
            case PlainBufferConsts.DELETE_ALL_VERSION:
                row.deleteColumn(name);
                break;
            case PlainBufferConsts.INCREMENT: {
                ColumnValue delta = cell.getCellValue();
                Map.Entry<Long, ColumnValue> current = row.latest(name);
                if (delta.getType() != ColumnType.INTEGER
                        || (current != null && current.getValue().getType() != ColumnType.INTEGER)) {
                    throw OtsException.parameterInvalid("Increment is only supported on integer columns: '" + name
                            + "'.");
                }
                long base = current == null ? 0 : current.getValue().asLong();
                long version = current == null ? now : Math.max(now, current.getKey());
                row.put(name, version, ColumnValue.fromLong(base + delta.asLong()), maxVersions);
                break;
            }
            default:
                throw OtsException.parameterInvalid("Unknown cell operation " + cell.getCellType() + " on column '"
                        + name + "'.");
        }
    }

    private static long timestamp(PlainBufferCell cell, long now) {
        return cell.hasCellTimestamp() ? cell.getCellTimestamp() : now;
    }

    /** Replays a journaled row state (no lock needed: replay runs before the server starts). */
    void restore(byte[] state) {
        PlainBufferRow row = PlainBuffers.readRows(java.nio.ByteBuffer.wrap(state), "journal").get(0);
        PrimaryKey primaryKey = primaryKey(row.getPrimaryKey(), false);
        if (row.hasDeleteMarker()) {
            rows.remove(primaryKey);
        } else {
            rows.put(primaryKey, state);
        }
    }

    private static StoredRow decode(byte[] state) {
        if (state == null) {
            return null;
        }
        StoredRow row = new StoredRow();
        for (PlainBufferCell cell : PlainBuffers.readRows(java.nio.ByteBuffer.wrap(state), "row").get(0).getCells()) {
            row.put(cell.getCellName(), cell.getCellTimestamp(), cell.getCellValue(), Integer.MAX_VALUE);
        }
        return row;
    }

    /** Writes every row's state into a fresh journal (compaction at startup). */
    void snapshotTo(Journal target) {
        lock.readLock().lock();
        try {
            for (byte[] state : rows.values()) {
                target.append(Store.ROW, Store.utf8(instance), Store.utf8(name()), state);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    private static byte[] encodeState(PrimaryKey primaryKey, StoredRow row) {
        PlainBufferRow encoded = row == null
                ? new PlainBufferRow(primaryKeyCells(primaryKey), new ArrayList<>(), true)
                : toPlainBufferRow(primaryKey, row, ReadOptions.ALL_VERSIONS, 0);
        return PlainBuffers.writeRows(List.of(encoded)).toByteArray();
    }

    // ---------------------------------------------------------------- reads

    /** The row as the SDK receives it, or null when it does not exist or nothing of it is selected. */
    PlainBufferRow read(PrimaryKey primaryKey, ReadOptions options) {
        lock.readLock().lock();
        try {
            requireNotDropped();
            StoredRow row = decode(rows.get(primaryKey));
            return row == null ? null : project(primaryKey, row, options);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** One page of a range scan, and the key where the next page starts (null when the range is exhausted). */
    record Page(List<PlainBufferRow> rows, PrimaryKey nextStart) {
    }

    Page range(PrimaryKey start, PrimaryKey end, boolean forward, int limit, int maxBytes, ReadOptions options) {
        lock.readLock().lock();
        try {
            requireNotDropped();
            NavigableMap<PrimaryKey, byte[]> slice = forward
                    ? rows.subMap(start, true, end, false)
                    : rows.descendingMap().subMap(start, true, end, false);
            List<PlainBufferRow> page = new ArrayList<>();
            int bytes = 0;
            for (Map.Entry<PrimaryKey, byte[]> entry : slice.entrySet()) {
                if (page.size() >= limit || bytes >= maxBytes) {
                    return new Page(page, entry.getKey());
                }
                PlainBufferRow row = project(entry.getKey(), decode(entry.getValue()), options);
                if (row != null) {
                    page.add(row);
                    bytes += entry.getValue().length;
                }
            }
            return new Page(page, null);
        } finally {
            lock.readLock().unlock();
        }
    }

    private PlainBufferRow project(PrimaryKey primaryKey, StoredRow row, ReadOptions options) {
        if (options.filter() != null && !options.filter().matches(row)) {
            return null;
        }
        long expiredBefore = timeToLiveMillis == Long.MAX_VALUE ? 0 : System.currentTimeMillis() - timeToLiveMillis;
        PlainBufferRow projected = toPlainBufferRow(primaryKey, row, options, expiredBefore);
        if (projected.getCells().isEmpty()) {
            boolean asksForPrimaryKey = primaryKeySchema.stream()
                    .anyMatch(column -> options.columnsToGet().contains(column.getName()));
            // Tablestore answers "no row" when none of the selected attribute columns exists.
            if (!asksForPrimaryKey && (!options.columnsToGet().isEmpty() || !row.columns().isEmpty())) {
                return null;
            }
        }
        return projected;
    }

    private static PlainBufferRow toPlainBufferRow(PrimaryKey primaryKey, StoredRow row, ReadOptions options,
                                                   long expiredBefore) {
        List<PlainBufferCell> cells = new ArrayList<>();
        try {
            for (Map.Entry<String, TreeMap<Long, ColumnValue>> column : row.columns().entrySet()) {
                if (!options.wants(column.getKey())) {
                    continue;
                }
                int versions = 0;
                for (Map.Entry<Long, ColumnValue> version : column.getValue().entrySet()) {
                    if (versions >= options.maxVersions()) {
                        break;
                    }
                    if (options.inTimeRange(version.getKey()) && version.getKey() >= expiredBefore) {
                        cells.add(PlainBufferConversion.toPlainBufferCell(
                                new Column(column.getKey(), version.getValue(), version.getKey()),
                                false, false, false, (byte) 0));
                        versions++;
                    }
                }
            }
            return new PlainBufferRow(primaryKeyCells(primaryKey), cells, false);
        } catch (IOException e) {
            throw OtsException.internal("Cannot encode row: " + e.getMessage());
        }
    }

    static List<PlainBufferCell> primaryKeyCells(PrimaryKey primaryKey) {
        List<PlainBufferCell> cells = new ArrayList<>();
        try {
            for (PrimaryKeyColumn column : primaryKey.getPrimaryKeyColumns()) {
                // A fresh value: encoding caches UTF-8 bytes in the value, which must not pile up in stored keys.
                PrimaryKeyValue value = column.getValue();
                cells.add(PlainBufferConversion.toPlainBufferCell(new PrimaryKeyColumn(column.getName(),
                        value.getType() == PrimaryKeyType.STRING && !value.isInfMin() && !value.isInfMax()
                                ? PrimaryKeyValue.fromString(value.asString()) : value)));
            }
        } catch (IOException e) {
            throw OtsException.internal("Cannot encode primary key: " + e.getMessage());
        }
        return cells;
    }

    /** A consistent copy of every row for the test accessors. */
    List<Map.Entry<PrimaryKey, StoredRow>> snapshot() {
        lock.readLock().lock();
        try {
            List<Map.Entry<PrimaryKey, StoredRow>> copy = new ArrayList<>(rows.size());
            rows.forEach((key, state) -> copy.add(Map.entry(key, decode(state))));
            return copy;
        } finally {
            lock.readLock().unlock();
        }
    }

}
