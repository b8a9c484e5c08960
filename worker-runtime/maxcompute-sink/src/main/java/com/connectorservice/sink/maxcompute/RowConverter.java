package com.connectorservice.sink.maxcompute;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.sink.SinkRecord;

import com.aliyun.odps.Column;
import com.aliyun.odps.OdpsType;
import com.aliyun.odps.TableSchema;
import com.aliyun.odps.data.ArrayRecord;
import com.aliyun.odps.data.Record;
import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec.Format;
import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec.Mode;
import com.connectorservice.sink.common.RecordBytes;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns a Kafka record into a MaxCompute row of the target table, following seed 001's table shapes:
 * fixed columns {@code topic}, {@code partition}, {@code offset} (and the official 2.1.0 connector's
 * {@code insert_time}, the record timestamp, when the table has it); then {@code key}/{@code value} for
 * TEXT, BINARY and JSON; the table's own columns by position for CSV and by name for FLATTEN.
 *
 * <p>The constructor checks the table against the format and mode, so a missing column or a wrong type
 * is reported when the task starts, naming the column. {@link #convert} throws {@link BadRecordException}
 * for a record that can never be written into this table.
 */
final class RowConverter {

    static final String TOPIC = "topic";
    static final String PARTITION = "partition";
    static final String OFFSET = "offset";
    static final String KEY = "key";
    static final String VALUE = "value";
    static final String PT = "pt";
    /** The official 2.1.0 connector's column: the record's timestamp (epoch ms). Optional here, filled when present. */
    static final String INSERT_TIME = "insert_time";
    private static final Set<String> FIXED = Set.of(TOPIC, PARTITION, OFFSET, INSERT_TIME);

    private final Format format;
    private final Mode mode;
    private final String table;
    private final Column[] columns;
    private final int topicIndex;
    private final int partitionIndex;
    private final int offsetIndex;
    private final int insertTimeIndex;
    private final int keyIndex;
    private final int valueIndex;
    /** CSV and FLATTEN: indexes of the table's own columns, in table order. */
    private final int[] userColumns;
    /** FLATTEN: lower-case column name to index. */
    private final Map<String, Integer> userColumnsByName = new HashMap<>();
    private final ColumnValues values;
    private final ArrayRecord scratch;
    /** The last topic and its UTF-8 bytes: the tunnel writes a STRING given as bytes without encoding it per row. */
    private String topic;
    private byte[] topicBytes;

    RowConverter(TableSchema schema, String table, Format format, Mode mode, ColumnValues values) {
        this.format = format;
        this.mode = mode;
        this.table = table;
        this.values = values;
        this.columns = schema.getColumns().toArray(new Column[0]);
        this.scratch = new ArrayRecord(columns);
        Column pt = schema.getPartitionColumns().stream().filter(c -> c.getName().equalsIgnoreCase(PT)).findFirst()
                .orElseThrow(() -> mismatch(PT, "is missing: the table must be PARTITIONED BY (pt STRING)"));
        if (pt.getTypeInfo().getOdpsType() != OdpsType.STRING) {
            throw mismatch(PT, "has type " + pt.getTypeInfo().getTypeName() + "; the partition column must be STRING");
        }
        if (schema.getPartitionColumns().size() != 1) {
            throw mismatch(PT, "must be the only partition column; the table has " + schema.getPartitionColumns().size());
        }
        topicIndex = requiredColumn(TOPIC, Set.of(OdpsType.STRING));
        partitionIndex = requiredColumn(PARTITION, Set.of(OdpsType.BIGINT));
        offsetIndex = requiredColumn(OFFSET, Set.of(OdpsType.BIGINT));
        insertTimeIndex = optionalColumn(INSERT_TIME, Set.of(OdpsType.BIGINT));
        if (format == Format.CSV || format == Format.FLATTEN) {
            keyIndex = -1;
            valueIndex = -1;
            List<Integer> own = new ArrayList<>();
            for (int i = 0; i < columns.length; i++) {
                String name = columns[i].getName().toLowerCase(Locale.ROOT);
                if (FIXED.contains(name)) {
                    continue;
                }
                if (!values.supports(columns[i].getTypeInfo())) {
                    throw mismatch(columns[i].getName(), "has type " + columns[i].getTypeInfo().getTypeName()
                            + ", which format " + format + " cannot fill; supported: " + ColumnValues.SUPPORTED);
                }
                own.add(i);
                userColumnsByName.put(name, i);
            }
            if (own.isEmpty()) {
                throw mismatch("(none)", "format " + format + " needs at least one column besides topic, partition and offset");
            }
            userColumns = own.stream().mapToInt(Integer::intValue).toArray();
        } else {
            userColumns = new int[0];
            Set<OdpsType> allowed = switch (format) {
                case TEXT -> Set.of(OdpsType.STRING);
                case BINARY -> Set.of(OdpsType.BINARY, OdpsType.STRING);
                default -> Set.of(OdpsType.STRING, OdpsType.JSON);
            };
            keyIndex = mode == Mode.VALUE ? optionalColumn(KEY, allowed) : requiredColumn(KEY, allowed);
            valueIndex = mode == Mode.KEY ? optionalColumn(VALUE, allowed) : requiredColumn(VALUE, allowed);
        }
    }

    /** Columns of the target row; the partition column is not among them. */
    Column[] columns() {
        return columns;
    }

    /** A new row for {@code record}; the task uses {@link #values}, which builds no row object per record. */
    Record convert(SinkRecord record) {
        ArrayRecord row = new ArrayRecord(columns);
        Object[] values = values(record);
        System.arraycopy(values, 0, row.toArray(), 0, values.length);
        return row;
    }

    /**
     * The column values of {@code record}'s row, checked and converted as the SDK does when a value is set. One row
     * object is reused for that (the SDK's rows each carry a name-to-index map), so only the values are kept.
     */
    Object[] values(SinkRecord record) {
        ArrayRecord row = scratch;
        Arrays.fill(row.toArray(), null);
        fill(row, record);
        return row.toArray().clone();
    }

    private void fill(ArrayRecord row, SinkRecord record) {
        if (!record.topic().equals(topic)) {
            topic = record.topic();
            topicBytes = topic.getBytes(StandardCharsets.UTF_8);
        }
        // The fixed columns' types were checked at construction (STRING, BIGINT): their values are stored as the
        // SDK's set would store them, without its per-value type lookup (a sampled cost of every record).
        Object[] slots = row.toArray();
        slots[topicIndex] = topicBytes;
        slots[partitionIndex] = record.kafkaPartition() == null ? null : record.kafkaPartition().longValue();
        slots[offsetIndex] = record.kafkaOffset();
        if (insertTimeIndex >= 0) {
            slots[insertTimeIndex] = record.timestamp();
        }
        try {
            switch (format) {
                case TEXT, BINARY, JSON -> {
                    if (mode != Mode.VALUE) {
                        setWhole(row, keyIndex, record.key(), KEY);
                    }
                    if (mode != Mode.KEY) {
                        setWhole(row, valueIndex, record.value(), VALUE);
                    }
                }
                case CSV -> setCsv(row, text(selected(record), selectedName()));
                case FLATTEN -> setFlatten(row, text(selected(record), selectedName()));
            }
        } catch (BadRecordException e) {
            throw e;
        } catch (RuntimeException e) {
            // The SDK validates sizes and ranges when a value is set (e.g. a string over 8 MiB).
            throw new BadRecordException("cannot be written into " + table + ": " + e.getMessage(), e);
        }
    }

    private Object selected(SinkRecord record) {
        return mode == Mode.KEY ? record.key() : record.value();
    }

    /** What {@link #selected} is called in a bad record's reason. */
    private String selectedName() {
        return mode == Mode.KEY ? KEY : VALUE;
    }

    private void setWhole(ArrayRecord row, int index, Object part, String what) {
        if (index < 0 || part == null) {
            return;
        }
        OdpsType type = columns[index].getTypeInfo().getOdpsType();
        if (format == Format.BINARY) {
            byte[] bytes = RecordBytes.toBytes("", null, part);
            row.set(index, type == OdpsType.BINARY ? new com.aliyun.odps.data.Binary(bytes) : bytes);
        } else if (format == Format.JSON) {
            String text = text(part, what);
            JsonNode json = values.parseJson(text, what);
            row.set(index, type == OdpsType.JSON ? new com.aliyun.odps.data.SimpleJsonValue(json) : text);
        } else if (part instanceof byte[] bytes) {
            row.set(index, bytes); // a STRING column takes UTF-8 bytes as they are: no decoding and encoding again
        } else {
            row.set(index, text(part, what));
        }
    }

    private static String text(Object part, String what) {
        try {
            return RecordBytes.text(part);
        } catch (DataException e) {
            throw new BadRecordException("has a " + what + " that is " + e.getMessage(), e);
        }
    }

    private void setCsv(ArrayRecord row, String line) {
        if (line == null) {
            throw new BadRecordException("has no " + selectedName() + " to split into columns (CSV)");
        }
        List<String> fields = Csv.split(line);
        if (fields.size() != userColumns.length) {
            throw new BadRecordException("has " + fields.size() + " CSV fields but table " + table + " has "
                    + userColumns.length + " columns after topic, partition, offset");
        }
        for (int i = 0; i < userColumns.length; i++) {
            Column column = columns[userColumns[i]];
            row.set(userColumns[i], values.fromText(fields.get(i), column));
        }
    }

    private void setFlatten(ArrayRecord row, String text) {
        if (text == null) {
            throw new BadRecordException("has no " + selectedName() + " to flatten");
        }
        JsonNode json = values.parseJson(text, selectedName());
        if (!json.isObject()) {
            throw new BadRecordException("is not a JSON object (FLATTEN needs {\"column\": value, ...}), but " + json.getNodeType());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Integer index = userColumnsByName.get(field.getKey().toLowerCase(Locale.ROOT));
            if (index == null) {
                throw new BadRecordException("has field '" + field.getKey() + "' but table " + table
                        + " has no such column (FLATTEN matches fields to columns by name)");
            }
            row.set(index, values.fromJson(field.getValue(), columns[index]));
        }
    }

    private int requiredColumn(String name, Set<OdpsType> allowed) {
        int index = optionalColumn(name, allowed);
        if (index < 0) {
            throw mismatch(name, "is missing; format " + format + " with mode " + mode + " needs it (" + describe(allowed) + ")");
        }
        return index;
    }

    private int optionalColumn(String name, Set<OdpsType> allowed) {
        for (int i = 0; i < columns.length; i++) {
            if (columns[i].getName().equalsIgnoreCase(name)) {
                if (!allowed.contains(columns[i].getTypeInfo().getOdpsType())) {
                    throw mismatch(name, "has type " + columns[i].getTypeInfo().getTypeName() + " but format " + format
                            + " needs " + describe(allowed));
                }
                return i;
            }
        }
        return -1;
    }

    private static String describe(Set<OdpsType> types) {
        return types.stream().map(Enum::name).sorted().reduce((a, b) -> a + " or " + b).orElse("");
    }

    private ConnectException mismatch(String column, String problem) {
        return new ConnectException("Table " + table + ": column '" + column + "' " + problem);
    }
}
