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
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * One wide-column table: its definition, and its rows in the {@link Store} under keys in Tablestore's primary key
 * order, each row's state (primary key and every kept version of every column) in PlainBuffer form. A request's
 * changes go to the store in one write; writers hold the locks of their rows while they check conditions, take the
 * server time for versions and write, so changes of one row apply in the order of their versions.
 */
final class WideColumnTable extends StoredTable {
    static final int MAX_PRIMARY_KEY_VALUE_BYTES = 1024;
    static final int MAX_COLUMN_VALUE_BYTES = 2 * 1024 * 1024;

    /**
     * The row after a successful change: its stored state, null when the change deleted it. The row model is built
     * only when a request asks for the row back (RT_AFTER_MODIFY), not for every written row.
     */
    static final class Change {
        private final PrimaryKey primaryKey;
        private final byte[] state;
        private StoredRow row;

        Change(PrimaryKey primaryKey, byte[] state, StoredRow row) {
            this.primaryKey = primaryKey;
            this.state = state;
            this.row = row;
        }

        PrimaryKey primaryKey() {
            return primaryKey;
        }

        /** The row after the change (every kept version), or null when it was deleted. */
        StoredRow row() {
            if (row == null && state != null) {
                row = decode(state);
            }
            return row;
        }
    }

    /** One row change of a request: PUT, UPDATE or DELETE with its condition. */
    record Mutation(OtsInternalApi.OperationType type, PlainBufferRow change, OtsInternalApi.Condition condition) {
    }

    private final OtsInternalApi.CreateTableRequest definition;
    private final long creationTimeMicros;
    private final List<OtsInternalApi.PrimaryKeySchema> primaryKeySchema;
    private final int maxVersions;
    private final long maxTimeDeviationMillis;
    private final long timeToLiveMillis;

    WideColumnTable(Store store, long id, OtsInternalApi.CreateTableRequest definition, long creationTimeMicros) {
        super(store, id);
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
            columns.add(new PrimaryKeyColumn(schema.getName(), value));
        }
        return new PrimaryKey(columns);
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
        Object result = applyAll(List.of(new Mutation(type, change, condition))).get(0);
        if (result instanceof OtsException e) {
            throw e;
        }
        return (Change) result;
    }

    /**
     * Applies the changes of one request in order, in one write to the store; per change its {@link Change} or the
     * {@link OtsException} that refused it (the others still apply).
     */
    List<Object> applyAll(List<Mutation> mutations) {
        int count = mutations.size();
        Object[] results = new Object[count];
        PrimaryKey[] primaryKeys = new PrimaryKey[count];
        byte[][] keys = new byte[count][];
        ColumnCondition[] columnConditions = new ColumnCondition[count];
        long now = System.currentTimeMillis();
        List<byte[]> valid = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Mutation mutation = mutations.get(i);
            try {
                primaryKeys[i] = primaryKey(mutation.change().getPrimaryKey(), false);
                validateCells(mutation.type(), mutation.change(), now);
                OtsInternalApi.Condition condition = mutation.condition();
                if (mutation.type() == OtsInternalApi.OperationType.DELETE
                        && condition.getRowExistence() == OtsInternalApi.RowExistenceExpectation.EXPECT_NOT_EXIST) {
                    throw OtsException.parameterInvalid("Invalid condition: EXPECT_NOT_EXIST while deleting row.");
                }
                columnConditions[i] = condition.hasColumnCondition() && !condition.getColumnCondition().isEmpty()
                        ? ColumnCondition.parse(condition.getColumnCondition()) : null;
                keys[i] = OrderedKeys.row(Store.ROW, id(), primaryKeys[i]);
                valid.add(keys[i]);
            } catch (OtsException e) {
                results[i] = e;
            }
        }
        if (valid.isEmpty()) {
            return Arrays.asList(results);
        }
        return whileExists(() -> {
            int[] locks = store.lock(id(), valid);
            try {
                // Server-side versions are taken under the row locks, so they follow the order in which changes apply.
                long writeTime = System.currentTimeMillis();
                List<byte[]> toRead = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    if (results[i] == null && needsExistingRow(mutations.get(i), columnConditions[i])) {
                        toRead.add(keys[i]);
                    }
                }
                List<byte[]> stored = toRead.isEmpty() ? List.of() : store.getAll(toRead);
                // What earlier changes of this request wrote, for later ones that read the row: none when none reads.
                Map<ByteBuffer, Optional<byte[]>> written = toRead.isEmpty() ? null : new HashMap<>();
                int read = 0;
                try (WriteBatch batch = new WriteBatch()) {
                    for (int i = 0; i < count; i++) {
                        if (results[i] != null) {
                            continue;
                        }
                        Mutation mutation = mutations.get(i);
                        ByteBuffer key = written == null ? null : ByteBuffer.wrap(keys[i]);
                        StoredRow existing = null;
                        if (needsExistingRow(mutation, columnConditions[i])) {
                            byte[] state = stored.get(read++);
                            Optional<byte[]> earlier = written.get(key);
                            existing = live(earlier != null ? earlier.orElse(null) : state, writeTime);
                        }
                        try {
                            byte[] state;
                            StoredRow after = null;
                            if (isBlindPut(mutation, columnConditions[i])) {
                                // the common write of a sink: the row as it arrived, no row model in between
                                state = PlainBuffers.writeStoredPut(primaryKeys[i], mutation.change().getCells(),
                                        writeTime);
                            } else {
                                after = change(mutation, columnConditions[i], existing, writeTime);
                                state = after == null ? null : encodeState(primaryKeys[i], after);
                            }
                            if (state == null) {
                                batch.delete(keys[i]);
                            } else {
                                batch.put(keys[i], state);
                            }
                            if (written != null) {
                                written.put(key, Optional.ofNullable(state));
                            }
                            results[i] = new Change(primaryKeys[i], state, after);
                        } catch (OtsException e) {
                            results[i] = e;
                        }
                    }
                    store.write(batch);
                } catch (RocksDBException e) {
                    throw Store.storeFailed(e);
                }
            } finally {
                store.unlock(locks);
            }
            return Arrays.asList(results);
        });
    }

    /** A PUT that ignores whether the row exists replaces it blindly; everything else reads it first. */
    private static boolean needsExistingRow(Mutation mutation, ColumnCondition columnCondition) {
        return mutation.type() != OtsInternalApi.OperationType.PUT && mutation.type()
                != OtsInternalApi.OperationType.DELETE
                || mutation.condition().getRowExistence() != OtsInternalApi.RowExistenceExpectation.IGNORE
                || columnCondition != null;
    }

    /**
     * A PUT that replaces the row whatever it held, and names each column once (so no version has to give way to
     * another under the table's max versions): its cells are the stored row.
     */
    private static boolean isBlindPut(Mutation mutation, ColumnCondition columnCondition) {
        if (mutation.type() != OtsInternalApi.OperationType.PUT || needsExistingRow(mutation, columnCondition)) {
            return false;
        }
        List<PlainBufferCell> cells = mutation.change().getCells();
        for (int i = 1; i < cells.size(); i++) {
            String name = cells.get(i).getCellName();
            for (int j = 0; j < i; j++) {
                if (name.equals(cells.get(j).getCellName())) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The row after {@code mutation}, or null when it deletes the row; checks the conditions first. */
    private StoredRow change(Mutation mutation, ColumnCondition columnCondition, StoredRow existing, long writeTime) {
        if (needsExistingRow(mutation, columnCondition)) {
            checkCondition(mutation.condition().getRowExistence(), existing != null);
            if (columnCondition != null && !columnCondition.matches(existing)) {
                throw OtsException.conditionCheckFail();
            }
        }
        switch (mutation.type()) {
            case PUT: {
                StoredRow after = new StoredRow();
                for (PlainBufferCell cell : mutation.change().getCells()) {
                    after.put(cell.getCellName(), timestamp(cell, writeTime), cell.getCellValue(), maxVersions);
                }
                return after;
            }
            case UPDATE: {
                StoredRow after = existing == null ? new StoredRow() : existing;
                for (PlainBufferCell cell : mutation.change().getCells()) {
                    applyUpdate(after, cell, writeTime);
                }
                return after;
            }
            case DELETE:
                return null;
            default:
                throw OtsException.parameterInvalid("Unknown operation type " + mutation.type());
        }
    }

    /**
     * A stored row without its versions past the table's time to live; null when there is no row, or when every
     * column it had expired (Tablestore deletes such data, so the row no longer exists).
     */
    private StoredRow live(byte[] state, long now) {
        StoredRow row = decode(state);
        if (row == null || timeToLiveMillis == Long.MAX_VALUE || row.columns().isEmpty()) {
            return row;
        }
        row.dropVersionsBefore(now - timeToLiveMillis);
        return row.columns().isEmpty() ? null : row;
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
            int size = cell.hasCellValue() ? valueSize(cell.getCellValue()) : 0;
            if (size > MAX_COLUMN_VALUE_BYTES) {
                throw OtsException.parameterInvalid("The length of attribute column: '" + name
                        + "' exceeds the MaxLength:" + MAX_COLUMN_VALUE_BYTES + " with CurrentLength:" + size + ".");
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

    /** The value's size in bytes; a string's from the UTF-8 bytes it arrived as (the SDK's size re-encodes it). */
    private static int valueSize(ColumnValue value) {
        switch (value.getType()) {
            case STRING:
                return value.asStringInBytes().length;
            case BINARY:
                return value.asBinary().length;
            default:
                return (int) value.getDataSize();
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

    private static StoredRow decode(byte[] state) {
        if (state == null) {
            return null;
        }
        return decode(PlainBuffers.readStoredRow(state));
    }

    private static StoredRow decode(PlainBufferRow stored) {
        StoredRow row = new StoredRow();
        for (PlainBufferCell cell : stored.getCells()) {
            row.put(cell.getCellName(), cell.getCellTimestamp(), cell.getCellValue(), Integer.MAX_VALUE);
        }
        return row;
    }

    private static byte[] encodeState(PrimaryKey primaryKey, StoredRow row) {
        return PlainBuffers.writeStoredRow(toPlainBufferRow(primaryKey, row, ReadOptions.ALL_VERSIONS, 0));
    }

    // ---------------------------------------------------------------- reads

    /** The row as the SDK receives it, or null when it does not exist or nothing of it is selected. */
    PlainBufferRow read(PrimaryKey primaryKey, ReadOptions options) {
        return whileExists(() -> {
            StoredRow row = decode(store.get(OrderedKeys.row(Store.ROW, id(), primaryKey)));
            return row == null ? null : project(primaryKey, row, options);
        });
    }

    /** One page of a range scan, and the key where the next page starts (null when the range is exhausted). */
    record Page(List<PlainBufferRow> rows, PrimaryKey nextStart) {
    }

    /**
     * Rows from {@code start} (inclusive) towards {@code end} (exclusive), forward or backward, until {@code limit}
     * rows or {@code maxBytes} of stored state.
     */
    Page range(PrimaryKey start, PrimaryKey end, boolean forward, int limit, int maxBytes, ReadOptions options) {
        byte[] startBound = OrderedKeys.bound(Store.ROW, id(), start);
        byte[] endBound = OrderedKeys.bound(Store.ROW, id(), end);
        // Store bounds are [lower, upper): an exact start is included, an exact end of a backward range is not.
        byte[] lower = forward ? startBound : OrderedKeys.hasInfinity(end) ? endBound : afterKey(endBound);
        byte[] upper = forward ? endBound : OrderedKeys.hasInfinity(start) ? startBound : afterKey(startBound);
        if (Arrays.compareUnsigned(lower, upper) >= 0) {
            return new Page(List.of(), null);
        }
        return whileExists(() -> {
            try (Store.Scan scan = store.scan(lower, upper)) {
                List<PlainBufferRow> page = new ArrayList<>();
                int bytes = 0;
                if (forward) {
                    scan.iterator.seekToFirst();
                } else {
                    scan.iterator.seekToLast();
                }
                for (; scan.iterator.isValid(); advance(scan, forward)) {
                    byte[] state = scan.iterator.value();
                    PlainBufferRow stored = PlainBuffers.readStoredRow(state);
                    PrimaryKey primaryKey = toPrimaryKey(stored);
                    if (page.size() >= limit || bytes >= maxBytes) {
                        return new Page(page, primaryKey);
                    }
                    PlainBufferRow row = project(primaryKey, decode(stored), options);
                    if (row != null) {
                        page.add(row);
                        bytes += state.length;
                    }
                }
                return new Page(page, null);
            }
        });
    }

    private static void advance(Store.Scan scan, boolean forward) {
        if (forward) {
            scan.iterator.next();
        } else {
            scan.iterator.prev();
        }
    }

    /** The smallest key after {@code key} (the next one in byte order). */
    private static byte[] afterKey(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }

    private static PrimaryKey toPrimaryKey(PlainBufferRow row) {
        try {
            return PlainBufferConversion.toPrimaryKey(row.getPrimaryKey());
        } catch (IOException e) {
            throw OtsException.internal("Corrupt stored row: " + e.getMessage());
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
                cells.add(PlainBufferConversion.toPlainBufferCell(column));
            }
        } catch (IOException e) {
            throw OtsException.internal("Cannot encode primary key: " + e.getMessage());
        }
        return cells;
    }

    /** Every row in primary key order with its newest versions, for the test accessors. */
    void forEach(Consumer<Map.Entry<PrimaryKey, StoredRow>> consumer) {
        whileExists(() -> {
            try (Store.Scan scan = store.scan(OrderedKeys.tableStart(Store.ROW, id()),
                    OrderedKeys.tableEnd(Store.ROW, id()))) {
                for (scan.iterator.seekToFirst(); scan.iterator.isValid(); scan.iterator.next()) {
                    PlainBufferRow stored = PlainBuffers.readStoredRow(scan.iterator.value());
                    consumer.accept(Map.entry(toPrimaryKey(stored), decode(stored)));
                }
            }
            return null;
        });
    }
}
