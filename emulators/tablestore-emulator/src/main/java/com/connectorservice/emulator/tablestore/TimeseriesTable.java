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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One time series table: timelines keyed by (measurement, data source, tags), each holding rows keyed by time in
 * microseconds. A row written again at the same time replaces the earlier one.
 */
final class TimeseriesTable extends JournaledTable {
    static final String MEASUREMENT = "_m_name";
    static final String DATA_SOURCE = "_data_source";
    static final String TAGS = "_tags";
    static final String TIME = "_time";
    private static final String ATTRIBUTES = "attributes";
    private static final String META_DELETED = "meta_deleted";

    /** The identity of a timeline; {@code tags} is the SDK's canonical {@code ["k=v",...]} string. */
    record TimelineKey(String measurement, String dataSource, String tags) {
        static final Comparator<TimelineKey> ORDER = Comparator.comparing(TimelineKey::measurement)
                .thenComparing(TimelineKey::dataSource).thenComparing(TimelineKey::tags);
    }

    /** A timeline's meta (attributes, update time, deleted by DeleteTimeseriesMeta) and its rows. */
    static final class Timeline {
        final SortedMap<String, String> tags;
        volatile long updateTimeMicros;
        volatile SortedMap<String, String> attributes = new TreeMap<>();
        volatile boolean metaDeleted;
        /** Time → the row in its journal (PlainBuffer) form, far smaller than maps of SDK values. */
        final TreeMap<Long, byte[]> rows = new TreeMap<>();

        Timeline(SortedMap<String, String> tags, long updateTimeMicros) {
            this.tags = tags;
            this.updateTimeMicros = updateTimeMicros;
        }
    }

    /** A row to write, already decoded and validated. */
    record Point(TimelineKey key, long timeMicros, TreeMap<String, ColumnValue> fields) {
    }

    private final Timeseries.TimeseriesTableMeta meta;
    private final TreeMap<TimelineKey, Timeline> timelines = new TreeMap<>(TimelineKey.ORDER);

    TimeseriesTable(String instance, Timeseries.TimeseriesTableMeta meta) {
        super(instance);
        this.meta = meta;
    }

    String name() {
        return meta.getTableName();
    }

    Timeseries.TimeseriesTableMeta meta() {
        return meta;
    }

    void put(Point point) {
        lock.writeLock().lock();
        try {
            requireNotDropped();
            Timeline existing = timelines.get(point.key());
            // Writing to a timeline whose meta was deleted creates the meta again.
            long updateTime = existing == null || existing.metaDeleted ? System.currentTimeMillis() * 1000
                    : existing.updateTimeMicros;
            byte[] state = encode(point);
            journalRow(Store.TIMESERIES_ROW, state, longBytes(updateTime));
            install(point.key(), point.timeMicros(), state, updateTime);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void install(TimelineKey key, long timeMicros, byte[] state, long updateTimeMicros) {
        Timeline timeline = timelines.computeIfAbsent(key,
                k -> new Timeline(TimeseriesApi.parseTags(k.tags()), updateTimeMicros));
        timeline.updateTimeMicros = updateTimeMicros;
        timeline.metaDeleted = false;
        timeline.rows.put(timeMicros, state);
    }

    private static TreeMap<String, ColumnValue> fields(byte[] state) {
        TreeMap<String, ColumnValue> fields = new TreeMap<>();
        for (PlainBufferCell cell : PlainBuffers.readRows(ByteBuffer.wrap(state), "row").get(0).getCells()) {
            fields.put(cell.getCellName(), cell.getCellValue());
        }
        return fields;
    }

    /** UpdateTimeseriesMeta: sets a timeline's attributes, creating the timeline's meta when it has none. */
    void updateMeta(TimelineKey key, SortedMap<String, String> tags, SortedMap<String, String> attributes) {
        writeMeta(key, tags, attributes, false);
    }

    /** DeleteTimeseriesMeta: hides the timeline from QueryTimeseriesMeta; its data stays readable. */
    void deleteMeta(TimelineKey key) {
        writeMeta(key, TimeseriesApi.parseTags(key.tags()), new TreeMap<>(), true);
    }

    private void writeMeta(TimelineKey key, SortedMap<String, String> tags, SortedMap<String, String> attributes,
                           boolean deleted) {
        lock.writeLock().lock();
        try {
            requireNotDropped();
            if (deleted && !timelines.containsKey(key)) {
                return;
            }
            long updateTime = System.currentTimeMillis() * 1000;
            journalRow(Store.TIMESERIES_META, metaRecord(key, attributes, updateTime, deleted));
            installMeta(key, tags, attributes, updateTime, deleted);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void installMeta(TimelineKey key, SortedMap<String, String> tags, SortedMap<String, String> attributes,
                             long updateTimeMicros, boolean deleted) {
        Timeline timeline = timelines.computeIfAbsent(key, k -> new Timeline(tags, updateTimeMicros));
        timeline.updateTimeMicros = updateTimeMicros;
        timeline.attributes = attributes;
        timeline.metaDeleted = deleted;
    }

    private static byte[] metaRecord(TimelineKey key, SortedMap<String, String> attributes, long updateTimeMicros,
                                     boolean deleted) {
        return PlainBuffers.writeRows(List.of(toRow(key, updateTimeMicros,
                Map.of(ATTRIBUTES, ColumnValue.fromString(TimeseriesApi.tagsString(attributes)),
                        META_DELETED, ColumnValue.fromBoolean(deleted)), false))).toByteArray();
    }

    void restoreMeta(byte[] record) {
        PlainBufferRow row = PlainBuffers.readRows(ByteBuffer.wrap(record), "journal").get(0);
        List<PlainBufferCell> pk = row.getPrimaryKey();
        TimelineKey key = new TimelineKey(pk.get(0).getPkCellValue().asString(), pk.get(1).getPkCellValue().asString(),
                pk.get(2).getPkCellValue().asString());
        SortedMap<String, String> attributes = new TreeMap<>();
        boolean deleted = false;
        for (PlainBufferCell cell : row.getCells()) {
            if (cell.getCellName().equals(ATTRIBUTES)) {
                attributes = TimeseriesApi.parseTags(cell.getCellValue().asString());
            } else if (cell.getCellName().equals(META_DELETED)) {
                deleted = cell.getCellValue().asBoolean();
            }
        }
        installMeta(key, TimeseriesApi.parseTags(key.tags()), attributes, pk.get(3).getPkCellValue().asLong(),
                deleted);
    }

    /** Rows of one timeline with {@code begin <= time < end}, in time order (or reverse), at most {@code limit}. */
    record Slice(List<PlainBufferRow> rows, Long nextTime) {
    }

    Slice read(TimelineKey key, long begin, long end, boolean backward, int limit,
               Map<String, Byte> fieldsToGet) {
        lock.readLock().lock();
        try {
            requireNotDropped();
            Timeline timeline = timelines.get(key);
            if (timeline == null || begin >= end) {
                return new Slice(List.of(), null);
            }
            NavigableMap<Long, byte[]> range = timeline.rows.subMap(begin, true, end, false);
            if (backward) {
                range = range.descendingMap();
            }
            List<PlainBufferRow> rows = new ArrayList<>();
            for (Map.Entry<Long, byte[]> row : range.entrySet()) {
                if (rows.size() >= limit) {
                    return new Slice(rows, row.getKey());
                }
                TreeMap<String, ColumnValue> fields = fields(row.getValue());
                if (!fieldsToGet.isEmpty()) {
                    fields.entrySet().removeIf(field -> !fieldsToGet.containsKey(field.getKey())
                            || fieldsToGet.get(field.getKey()) != TimeseriesApi.dataType(field.getValue()));
                }
                rows.add(toRow(key, row.getKey(), fields, true));
            }
            return new Slice(rows, null);
        } finally {
            lock.readLock().unlock();
        }
    }

    List<Map.Entry<TimelineKey, Timeline>> timelines(Predicate<Map.Entry<TimelineKey, Timeline>> filter) {
        lock.readLock().lock();
        try {
            requireNotDropped();
            List<Map.Entry<TimelineKey, Timeline>> matching = new ArrayList<>();
            for (Map.Entry<TimelineKey, Timeline> entry : timelines.entrySet()) {
                if (filter.test(entry)) {
                    matching.add(Map.entry(entry.getKey(), entry.getValue()));
                }
            }
            return matching;
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Every row as (timeline, time, fields) for the test accessors. */
    List<EmulatedTimeseriesRow> snapshot() {
        lock.readLock().lock();
        try {
            List<EmulatedTimeseriesRow> rows = new ArrayList<>();
            timelines.forEach((key, timeline) -> timeline.rows.forEach((time, state) -> {
                Map<String, Object> values = new java.util.LinkedHashMap<>();
                fields(state).forEach((name, value) -> values.put(name, TablestoreEmulator.javaValue(value)));
                rows.add(new EmulatedTimeseriesRow(key.measurement(), key.dataSource(), Map.copyOf(timeline.tags),
                        time, java.util.Collections.unmodifiableMap(values)));
            }));
            return rows;
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---------------------------------------------------------------- encoding (journal and responses)

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

    private static byte[] encode(Point point) {
        return PlainBuffers.writeRows(List.of(toRow(point.key(), point.timeMicros(), point.fields(), false)))
                .toByteArray();
    }

    private static byte[] longBytes(long value) {
        return ByteBuffer.allocate(Long.BYTES).putLong(value).array();
    }

    /** Replays a journaled row together with the update time of its timeline. */
    void restore(byte[] state, byte[] updateTimeMicros) {
        long updateTime = ByteBuffer.wrap(updateTimeMicros).getLong();
        PlainBufferRow row = PlainBuffers.readRows(ByteBuffer.wrap(state), "journal").get(0);
        List<PlainBufferCell> pk = row.getPrimaryKey();
        TimelineKey key = new TimelineKey(pk.get(0).getPkCellValue().asString(), pk.get(1).getPkCellValue().asString(),
                pk.get(2).getPkCellValue().asString());
        install(key, pk.get(3).getPkCellValue().asLong(), state, updateTime);
    }

    void snapshotTo(Journal target) {
        lock.readLock().lock();
        try {
            timelines.forEach((key, timeline) -> {
                timeline.rows.forEach((time, state) -> target.append(Store.TIMESERIES_ROW, Store.utf8(instance),
                        Store.utf8(name()), state, longBytes(timeline.updateTimeMicros)));
                target.append(Store.TIMESERIES_META, Store.utf8(instance), Store.utf8(name()),
                        metaRecord(key, timeline.attributes, timeline.updateTimeMicros, timeline.metaDeleted));
            });
        } finally {
            lock.readLock().unlock();
        }
    }
}
