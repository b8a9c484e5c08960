package com.connectorservice.emulator.tablestore;

import com.alicloud.openservices.tablestore.core.protocol.PlainBufferCell;
import com.alicloud.openservices.tablestore.core.protocol.PlainBufferConversion;
import com.alicloud.openservices.tablestore.core.protocol.PlainBufferRow;
import com.alicloud.openservices.tablestore.core.protocol.timeseries.Timeseries;
import com.alicloud.openservices.tablestore.model.Column;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.PrimaryKeyColumn;
import com.alicloud.openservices.tablestore.model.PrimaryKeyValue;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * One time series table in the {@link Store}: per timeline (measurement, data source, tags) its meta under
 * {@code 0x12} and its rows under {@code 0x11}, keyed by time in microseconds. A row written again at the same time
 * replaces the earlier one.
 */
final class TimeseriesTable extends StoredTable {
    static final String MEASUREMENT = "_m_name";
    static final String DATA_SOURCE = "_data_source";
    static final String TAGS = "_tags";
    static final String TIME = "_time";
    private static final String ATTRIBUTES = "attributes";
    private static final String META_DELETED = "meta_deleted";

    /** The identity of a timeline; {@code tags} is the SDK's canonical {@code ["k=v",...]} string. */
    record TimelineKey(String measurement, String dataSource, String tags) {
    }

    /** A timeline's meta: tags, attributes, update time, deleted by DeleteTimeseriesMeta. */
    static final class Timeline {
        final SortedMap<String, String> tags;
        final long updateTimeMicros;
        final SortedMap<String, String> attributes;
        final boolean metaDeleted;

        Timeline(SortedMap<String, String> tags, long updateTimeMicros, SortedMap<String, String> attributes,
                 boolean metaDeleted) {
            this.tags = tags;
            this.updateTimeMicros = updateTimeMicros;
            this.attributes = attributes;
            this.metaDeleted = metaDeleted;
        }
    }

    /** A row to write, already decoded and validated. */
    record Point(TimelineKey key, long timeMicros, TreeMap<String, ColumnValue> fields) {
    }

    private final Timeseries.TimeseriesTableMeta meta;

    TimeseriesTable(Store store, long id, Timeseries.TimeseriesTableMeta meta) {
        super(store, id);
        this.meta = meta;
    }

    String name() {
        return meta.getTableName();
    }

    Timeseries.TimeseriesTableMeta meta() {
        return meta;
    }

    private OrderedKeys.Builder timelineKey(byte kind, TimelineKey key) {
        return new OrderedKeys.Builder(kind, id()).putString(key.measurement()).putString(key.dataSource())
                .putString(key.tags());
    }

    /** Writes the rows of one request; a timeline without meta (or whose meta was deleted) gets it anew. */
    void putAll(List<Point> points) {
        if (points.isEmpty()) {
            return;
        }
        List<byte[]> metaKeys = new ArrayList<>();
        points.forEach(point -> metaKeys.add(timelineKey(Store.TIMELINE, point.key()).build()));
        whileExists(() -> {
            int[] locks = store.lock(id(), metaKeys);
            try (WriteBatch batch = new WriteBatch()) {
                long now = System.currentTimeMillis() * 1000;
                Map<TimelineKey, Boolean> live = new HashMap<>();
                for (int i = 0; i < points.size(); i++) {
                    Point point = points.get(i);
                    byte[] metaKey = metaKeys.get(i);
                    if (!live.computeIfAbsent(point.key(), key -> {
                        Timeline timeline = timeline(store.get(metaKey));
                        return timeline != null && !timeline.metaDeleted;
                    })) {
                        Timeline existing = timeline(store.get(metaKey));
                        batch.put(metaKey, metaRecord(point.key(), existing == null ? new TreeMap<>()
                                : existing.attributes, now, false));
                        live.put(point.key(), true);
                    }
                    batch.put(timelineKey(Store.TIMESERIES_ROW, point.key()).putLong(point.timeMicros()).build(),
                            PlainBuffers.writeRows(List.of(toRow(point.key(), point.timeMicros(), point.fields(),
                                    false))).toByteArray());
                }
                store.write(batch);
            } catch (RocksDBException e) {
                throw Store.storeFailed(e);
            } finally {
                store.unlock(locks);
            }
            return null;
        });
    }

    /** UpdateTimeseriesMeta: sets a timeline's attributes, creating the timeline's meta when it has none. */
    void updateMeta(TimelineKey key, SortedMap<String, String> attributes) {
        writeMeta(key, attributes, false);
    }

    /** DeleteTimeseriesMeta: hides the timeline from QueryTimeseriesMeta; its data stays readable. */
    void deleteMeta(TimelineKey key) {
        writeMeta(key, new TreeMap<>(), true);
    }

    private void writeMeta(TimelineKey key, SortedMap<String, String> attributes, boolean deleted) {
        byte[] metaKey = timelineKey(Store.TIMELINE, key).build();
        whileExists(() -> {
            int[] locks = store.lock(id(), List.of(metaKey));
            try (WriteBatch batch = new WriteBatch()) {
                if (deleted && store.get(metaKey) == null) {
                    return null;
                }
                batch.put(metaKey, metaRecord(key, attributes, System.currentTimeMillis() * 1000, deleted));
                store.write(batch);
            } catch (RocksDBException e) {
                throw Store.storeFailed(e);
            } finally {
                store.unlock(locks);
            }
            return null;
        });
    }

    private static byte[] metaRecord(TimelineKey key, SortedMap<String, String> attributes, long updateTimeMicros,
                                     boolean deleted) {
        return PlainBuffers.writeRows(List.of(toRow(key, updateTimeMicros,
                Map.of(ATTRIBUTES, ColumnValue.fromString(TimeseriesApi.tagsString(attributes)),
                        META_DELETED, ColumnValue.fromBoolean(deleted)), false))).toByteArray();
    }

    private static Timeline timeline(byte[] record) {
        return record == null ? null : timelineEntry(record).getValue();
    }

    private static Map.Entry<TimelineKey, Timeline> timelineEntry(byte[] record) {
        PlainBufferRow row = PlainBuffers.readRows(ByteBuffer.wrap(record), "timeline").get(0);
        TimelineKey key = keyOf(row);
        SortedMap<String, String> attributes = new TreeMap<>();
        boolean deleted = false;
        for (PlainBufferCell cell : row.getCells()) {
            if (cell.getCellName().equals(ATTRIBUTES)) {
                attributes = TimeseriesApi.parseTags(cell.getCellValue().asString());
            } else if (cell.getCellName().equals(META_DELETED)) {
                deleted = cell.getCellValue().asBoolean();
            }
        }
        return Map.entry(key, new Timeline(TimeseriesApi.parseTags(key.tags()), timeOf(row), attributes, deleted));
    }

    private static TimelineKey keyOf(PlainBufferRow row) {
        List<PlainBufferCell> pk = row.getPrimaryKey();
        return new TimelineKey(pk.get(0).getPkCellValue().asString(), pk.get(1).getPkCellValue().asString(),
                pk.get(2).getPkCellValue().asString());
    }

    private static long timeOf(PlainBufferRow row) {
        return row.getPrimaryKey().get(3).getPkCellValue().asLong();
    }

    /** Rows of one timeline with {@code begin <= time < end}, in time order (or reverse), at most {@code limit}. */
    record Slice(List<PlainBufferRow> rows, Long nextTime) {
    }

    Slice read(TimelineKey key, long begin, long end, boolean backward, int limit, Map<String, Byte> fieldsToGet) {
        if (begin >= end) {
            return new Slice(List.of(), null);
        }
        return whileExists(() -> {
            try (Store.Scan scan = store.scan(timelineKey(Store.TIMESERIES_ROW, key).putLong(begin).build(),
                    timelineKey(Store.TIMESERIES_ROW, key).putLong(end).build())) {
                List<PlainBufferRow> rows = new ArrayList<>();
                if (backward) {
                    scan.iterator.seekToLast();
                } else {
                    scan.iterator.seekToFirst();
                }
                for (; scan.iterator.isValid(); advance(scan, backward)) {
                    PlainBufferRow row = PlainBuffers.readRows(ByteBuffer.wrap(scan.iterator.value()), "row").get(0);
                    if (rows.size() >= limit) {
                        return new Slice(rows, timeOf(row));
                    }
                    TreeMap<String, ColumnValue> fields = fields(row);
                    if (!fieldsToGet.isEmpty()) {
                        fields.entrySet().removeIf(field -> !fieldsToGet.containsKey(field.getKey())
                                || fieldsToGet.get(field.getKey()) != TimeseriesApi.dataType(field.getValue()));
                    }
                    rows.add(toRow(key, timeOf(row), fields, true));
                }
                return new Slice(rows, null);
            }
        });
    }

    private static void advance(Store.Scan scan, boolean backward) {
        if (backward) {
            scan.iterator.prev();
        } else {
            scan.iterator.next();
        }
    }

    private static TreeMap<String, ColumnValue> fields(PlainBufferRow row) {
        TreeMap<String, ColumnValue> fields = new TreeMap<>();
        for (PlainBufferCell cell : row.getCells()) {
            fields.put(cell.getCellName(), cell.getCellValue());
        }
        return fields;
    }

    /** The timelines that pass {@code filter}, in key order. */
    List<Map.Entry<TimelineKey, Timeline>> timelines(Predicate<Map.Entry<TimelineKey, Timeline>> filter) {
        return whileExists(() -> {
            List<Map.Entry<TimelineKey, Timeline>> matching = new ArrayList<>();
            try (Store.Scan scan = store.scan(OrderedKeys.tableStart(Store.TIMELINE, id()),
                    OrderedKeys.tableEnd(Store.TIMELINE, id()))) {
                for (scan.iterator.seekToFirst(); scan.iterator.isValid(); scan.iterator.next()) {
                    Map.Entry<TimelineKey, Timeline> entry = timelineEntry(scan.iterator.value());
                    if (filter.test(entry)) {
                        matching.add(entry);
                    }
                }
            }
            return matching;
        });
    }

    /** Every row as (timeline, time, fields) for the test accessors. */
    List<EmulatedTimeseriesRow> snapshot() {
        return whileExists(() -> {
            List<EmulatedTimeseriesRow> rows = new ArrayList<>();
            try (Store.Scan scan = store.scan(OrderedKeys.tableStart(Store.TIMESERIES_ROW, id()),
                    OrderedKeys.tableEnd(Store.TIMESERIES_ROW, id()))) {
                for (scan.iterator.seekToFirst(); scan.iterator.isValid(); scan.iterator.next()) {
                    PlainBufferRow row = PlainBuffers.readRows(ByteBuffer.wrap(scan.iterator.value()), "row").get(0);
                    TimelineKey key = keyOf(row);
                    Map<String, Object> values = new java.util.LinkedHashMap<>();
                    fields(row).forEach((name, value) -> values.put(name, TablestoreEmulator.javaValue(value)));
                    rows.add(new EmulatedTimeseriesRow(key.measurement(), key.dataSource(),
                            Map.copyOf(TimeseriesApi.parseTags(key.tags())), timeOf(row),
                            java.util.Collections.unmodifiableMap(values)));
                }
            }
            return rows;
        });
    }

    /**
     * A time series row in the PlainBuffer layout the SDK parses: primary key {@code _m_name, _data_source, _tags,
     * _time}, one cell per field. In responses the cell names carry a {@code :type} suffix, which the SDK strips.
     */
    static PlainBufferRow toRow(TimelineKey key, long time, Map<String, ColumnValue> fields, boolean typedNames) {
        try {
            List<PlainBufferCell> primaryKey = List.of(
                    PlainBufferConversion.toPlainBufferCell(new PrimaryKeyColumn(MEASUREMENT,
                            PrimaryKeyValue.fromString(key.measurement()))),
                    PlainBufferConversion.toPlainBufferCell(new PrimaryKeyColumn(DATA_SOURCE,
                            PrimaryKeyValue.fromString(key.dataSource()))),
                    PlainBufferConversion.toPlainBufferCell(new PrimaryKeyColumn(TAGS,
                            PrimaryKeyValue.fromString(key.tags()))),
                    PlainBufferConversion.toPlainBufferCell(new PrimaryKeyColumn(TIME, PrimaryKeyValue.fromLong(time))));
            List<PlainBufferCell> cells = new ArrayList<>();
            for (Map.Entry<String, ColumnValue> field : fields.entrySet()) {
                String name = typedNames ? field.getKey() + ":" + TimeseriesApi.dataType(field.getValue())
                        : field.getKey();
                cells.add(PlainBufferConversion.toPlainBufferCell(new Column(name, field.getValue()), false, true,
                        false, (byte) 0));
            }
            return new PlainBufferRow(new ArrayList<>(primaryKey), cells, false);
        } catch (IOException e) {
            throw OtsException.internal("Cannot encode time series row: " + e.getMessage());
        }
    }
}
