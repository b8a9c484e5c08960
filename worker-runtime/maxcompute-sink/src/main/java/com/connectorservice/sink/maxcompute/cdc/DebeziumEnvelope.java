package com.connectorservice.sink.maxcompute.cdc;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.connect.data.Date;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Time;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.sink.SinkRecord;

import com.aliyun.odps.data.Binary;
import com.aliyun.odps.data.SimpleStruct;
import com.aliyun.odps.type.StructTypeInfo;
import com.aliyun.odps.type.TypeInfoParser;
import com.connectorservice.sink.maxcompute.BadRecordException;
import com.connectorservice.sink.maxcompute.cdc.ChangeEvent.Cell;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads Debezium's change-event envelope ({@code op}, {@code before}, {@code after}, {@code source}) from a record: a
 * Connect {@link Struct} (JsonConverter with schemas), a {@link Map} (schemaless JsonConverter), or JSON text or bytes
 * (StringConverter / ByteArrayConverter, as the service configures) with or without the embedded
 * {@code schema}/{@code payload}. Column types follow seed 004's mapping from the schema (Debezium's logical types
 * included) or, without a schema, from the JSON values. A record that is not a usable change event is a
 * {@link BadRecordException} naming what is wrong.
 */
final class DebeziumEnvelope {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonConverter withSchema = new JsonConverter();

    DebeziumEnvelope() {
        withSchema.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "true",
                JsonConverterConfig.DECIMAL_FORMAT_CONFIG, "BASE64"), false);
    }

    /** The change, or null for a tombstone (a deleted row's compaction marker: nothing to do). */
    ChangeEvent parse(SinkRecord record) {
        Object value = normalize(record.topic(), record.value(), record.valueSchema());
        if (value == null) {
            return null;
        }
        Object key = normalize(record.topic(), record.key(), record.keySchema());
        Envelope envelope = value instanceof Struct struct ? fromStruct(struct) : fromMap(asMap(value, "value"));
        String op = envelope.op;
        if (op == null) {
            throw new BadRecordException("not a Debezium change event: the value has no 'op' field");
        }
        ChangeEvent.Operation operation = switch (op) {
            case "c", "r", "u" -> ChangeEvent.Operation.UPSERT;
            case "d" -> ChangeEvent.Operation.DELETE;
            default -> throw new BadRecordException("unknown op '" + op + "' (Debezium's are c, r, u and d)");
        };
        LinkedHashMap<String, Cell> image = operation == ChangeEvent.Operation.DELETE ? envelope.before : envelope.after;
        if (operation == ChangeEvent.Operation.UPSERT && image == null) {
            throw new BadRecordException("op=" + op + " without 'after': the row's new image is missing");
        }
        LinkedHashMap<String, Cell> keyColumns = key == null ? new LinkedHashMap<>()
                : key instanceof Struct struct ? cells(struct) : cells(asMap(key, "key"), null);
        if (image == null) {
            // a delete without the before image (REPLICA IDENTITY DEFAULT still sends the key): the key is enough
            image = new LinkedHashMap<>(keyColumns);
        }
        for (Map.Entry<String, Cell> keyColumn : keyColumns.entrySet()) {
            Cell cell = image.get(keyColumn.getKey());
            if (cell == null) {
                throw new BadRecordException("the record key's field '" + keyColumn.getKey() + "' is not a column of"
                        + " the row image " + image.keySet());
            }
            if (cell.value() == null || !String.valueOf(cell.value()).equals(String.valueOf(keyColumn.getValue().value()))) {
                throw new BadRecordException("the record key's '" + keyColumn.getKey() + "' = "
                        + keyColumn.getValue().value() + " differs from the row's " + cell.value());
            }
        }
        String table = envelope.table != null ? envelope.table : lastSegment(record.topic());
        return new ChangeEvent(envelope.db, envelope.schema, table, operation, List.copyOf(keyColumns.keySet()), image);
    }

    private static String lastSegment(String topic) {
        return topic.substring(topic.lastIndexOf('.') + 1);
    }

    private record Envelope(String op, LinkedHashMap<String, Cell> before, LinkedHashMap<String, Cell> after,
                            String db, String schema, String table) {
    }

    /** Text or bytes become a Struct (with an embedded schema) or a Map (without); Structs and Maps stay. */
    private Object normalize(String topic, Object value, Schema schema) {
        if (value == null || value instanceof Struct || value instanceof Map) {
            return value;
        }
        byte[] bytes;
        if (value instanceof byte[] b) {
            bytes = b;
        } else if (value instanceof ByteBuffer buffer) {
            bytes = new byte[buffer.remaining()];
            buffer.duplicate().get(bytes);
        } else if (value instanceof String text) {
            bytes = text.getBytes(StandardCharsets.UTF_8);
        } else {
            // a primitive key (e.g. a single-column key with a schemaless converter) has no field name to map
            throw new BadRecordException("expected a JSON object, a Struct or a Map, got " + value.getClass().getSimpleName());
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(bytes);
        } catch (java.io.IOException e) {
            throw new BadRecordException("not JSON: " + e.getMessage(), e);
        }
        if (tree == null || tree.isNull()) {
            return null;
        }
        if (tree.isObject() && tree.has("schema") && tree.has("payload")) {
            try {
                SchemaAndValue converted = withSchema.toConnectData(topic, bytes);
                return converted.value();
            } catch (RuntimeException e) {
                throw new BadRecordException("the embedded schema does not describe the payload: " + e.getMessage(), e);
            }
        }
        if (!tree.isObject()) {
            throw new BadRecordException("expected a JSON object, got " + tree.getNodeType());
        }
        return JSON.convertValue(tree, Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new BadRecordException("the record " + what + " is not a JSON object");
    }

    private static Envelope fromStruct(Struct value) {
        Schema schema = value.schema();
        Struct source = schema.field("source") != null ? value.getStruct("source") : null;
        return new Envelope(schema.field("op") != null ? value.getString("op") : null,
                schema.field("before") != null && value.getStruct("before") != null ? cells(value.getStruct("before")) : null,
                schema.field("after") != null && value.getStruct("after") != null ? cells(value.getStruct("after")) : null,
                source == null ? null : text(source, "db"), source == null ? null : text(source, "schema"),
                source == null ? null : text(source, "table"));
    }

    private static String text(Struct struct, String field) {
        return struct.schema().field(field) == null ? null : struct.getString(field);
    }

    @SuppressWarnings("unchecked")
    private static Envelope fromMap(Map<String, Object> value) {
        Map<String, Object> source = value.get("source") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        return new Envelope(value.get("op") == null ? null : String.valueOf(value.get("op")),
                value.get("before") == null ? null : cells(asMap(value.get("before"), "before"), null),
                value.get("after") == null ? null : cells(asMap(value.get("after"), "after"), null),
                (String) source.get("db"), (String) source.get("schema"), (String) source.get("table"));
    }

    private static LinkedHashMap<String, Cell> cells(Struct struct) {
        LinkedHashMap<String, Cell> cells = new LinkedHashMap<>();
        for (Field field : struct.schema().fields()) {
            cells.put(field.name().toLowerCase(Locale.ROOT),
                    new Cell(ChangeDataTypes.typeOf(field.schema()), ChangeDataTypes.valueOf(struct.get(field), field.schema())));
        }
        return cells;
    }

    private static LinkedHashMap<String, Cell> cells(Map<String, Object> map, String unused) {
        LinkedHashMap<String, Cell> cells = new LinkedHashMap<>();
        map.forEach((name, value) -> cells.put(name.toLowerCase(Locale.ROOT),
                new Cell(ChangeDataTypes.typeOf(value), ChangeDataTypes.valueOf(value))));
        return cells;
    }

    /** Seed 004's type mapping and the values the SDK takes for each type. */
    static final class ChangeDataTypes {

        private ChangeDataTypes() {
        }

        static String typeOf(Schema schema) {
            String name = schema.name() == null ? "" : schema.name();
            switch (name) {
                case Decimal.LOGICAL_NAME -> {
                    Map<String, String> parameters = schema.parameters() == null ? Map.of() : schema.parameters();
                    int scale = Integer.parseInt(parameters.getOrDefault(Decimal.SCALE_FIELD, "0"));
                    int precision = Integer.parseInt(parameters.getOrDefault("connect.decimal.precision", "38"));
                    precision = Math.min(38, Math.max(precision, scale));
                    return "decimal(" + precision + "," + Math.min(scale, 18) + ")";
                }
                case "io.debezium.time.Date", Date.LOGICAL_NAME -> {
                    return "date";
                }
                case "io.debezium.time.Time", "io.debezium.time.MicroTime", "io.debezium.time.NanoTime",
                        "io.debezium.time.ZonedTime", Time.LOGICAL_NAME -> {
                    return "string";
                }
                case "io.debezium.time.Timestamp", "io.debezium.time.MicroTimestamp", "io.debezium.time.NanoTimestamp",
                        Timestamp.LOGICAL_NAME -> {
                    return "timestamp_ntz";
                }
                case "io.debezium.time.ZonedTimestamp" -> {
                    return "timestamp";
                }
                case "io.debezium.data.VariableScaleDecimal" -> {
                    return "decimal(38,18)";
                }
                default -> {
                }
            }
            return switch (schema.type()) {
                case INT8 -> "tinyint";
                case INT16 -> "smallint";
                case INT32 -> "int";
                case INT64 -> "bigint";
                case FLOAT32 -> "float";
                case FLOAT64 -> "double";
                case BOOLEAN -> "boolean";
                case STRING -> "string";
                case BYTES -> "binary";
                case ARRAY -> "array<" + typeOf(schema.valueSchema()) + ">";
                case MAP -> "map<" + typeOf(schema.keySchema()) + "," + typeOf(schema.valueSchema()) + ">";
                case STRUCT -> {
                    List<String> fields = new ArrayList<>();
                    for (Field field : schema.fields()) {
                        fields.add(field.name().toLowerCase(Locale.ROOT) + ":" + typeOf(field.schema()));
                    }
                    yield "struct<" + String.join(",", fields) + ">";
                }
            };
        }

        static Object valueOf(Object value, Schema schema) {
            if (value == null) {
                return null;
            }
            String name = schema.name() == null ? "" : schema.name();
            switch (name) {
                case Decimal.LOGICAL_NAME -> {
                    return value instanceof BigDecimal decimal ? decimal
                            : Decimal.toLogical(schema, value instanceof ByteBuffer b ? b.array() : (byte[]) value);
                }
                case "io.debezium.time.Date" -> {
                    return LocalDate.ofEpochDay(((Number) value).longValue());
                }
                case Date.LOGICAL_NAME -> {
                    return LocalDate.ofEpochDay(Math.floorDiv(((java.util.Date) value).getTime(), 86_400_000L));
                }
                case "io.debezium.time.Time" -> {
                    return LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000_000L).toString();
                }
                case "io.debezium.time.MicroTime" -> {
                    return LocalTime.ofNanoOfDay(((Number) value).longValue() * 1_000L).toString();
                }
                case "io.debezium.time.NanoTime" -> {
                    return LocalTime.ofNanoOfDay(((Number) value).longValue()).toString();
                }
                case Time.LOGICAL_NAME -> {
                    return LocalTime.ofNanoOfDay(((java.util.Date) value).getTime() * 1_000_000L).toString();
                }
                case "io.debezium.time.Timestamp" -> {
                    return ntz(((Number) value).longValue(), 1_000_000L);
                }
                case "io.debezium.time.MicroTimestamp" -> {
                    return ntz(((Number) value).longValue(), 1_000L);
                }
                case "io.debezium.time.NanoTimestamp" -> {
                    return ntz(((Number) value).longValue(), 1L);
                }
                case Timestamp.LOGICAL_NAME -> {
                    return ntz(((java.util.Date) value).getTime(), 1_000_000L);
                }
                case "io.debezium.time.ZonedTimestamp" -> {
                    return OffsetDateTime.parse(value.toString()).toInstant();
                }
                case "io.debezium.data.VariableScaleDecimal" -> {
                    Struct struct = (Struct) value;
                    return new BigDecimal(new java.math.BigInteger(bytes(struct.get("value"))), struct.getInt32("scale"));
                }
                default -> {
                }
            }
            return switch (schema.type()) {
                case BYTES -> new Binary(bytes(value));
                case ARRAY -> {
                    List<Object> list = new ArrayList<>();
                    for (Object element : (Collection<?>) value) {
                        list.add(valueOf(element, schema.valueSchema()));
                    }
                    yield list;
                }
                case MAP -> {
                    Map<Object, Object> map = new LinkedHashMap<>();
                    ((Map<?, ?>) value).forEach((k, v) -> map.put(valueOf(k, schema.keySchema()),
                            valueOf(v, schema.valueSchema())));
                    yield map;
                }
                case STRUCT -> {
                    Struct struct = (Struct) value;
                    List<Object> fields = new ArrayList<>();
                    for (Field field : schema.fields()) {
                        fields.add(valueOf(struct.get(field), field.schema()));
                    }
                    yield new SimpleStruct((StructTypeInfo) TypeInfoParser.getTypeInfoFromTypeString(typeOf(schema)),
                            fields);
                }
                default -> value;
            };
        }

        private static byte[] bytes(Object value) {
            if (value instanceof ByteBuffer buffer) {
                byte[] bytes = new byte[buffer.remaining()];
                buffer.duplicate().get(bytes);
                return bytes;
            }
            return (byte[]) value;
        }

        private static LocalDateTime ntz(long amount, long nanosPerUnit) {
            long unitsPerSecond = 1_000_000_000L / nanosPerUnit;
            long seconds = Math.floorDiv(amount, unitsPerSecond);
            long nanos = Math.floorMod(amount, unitsPerSecond) * nanosPerUnit;
            return LocalDateTime.ofEpochSecond(seconds, (int) nanos, ZoneOffset.UTC);
        }

        /** Without a schema, JSON's own types: whole numbers BIGINT, other numbers DOUBLE, objects as JSON text. */
        static String typeOf(Object value) {
            if (value == null) {
                return null;
            }
            if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                    || value instanceof java.math.BigInteger) {
                return "bigint";
            }
            if (value instanceof Number) {
                return "double";
            }
            if (value instanceof Boolean) {
                return "boolean";
            }
            if (value instanceof List<?> list) {
                String element = list.stream().map(ChangeDataTypes::typeOf).filter(t -> t != null).findFirst()
                        .orElse("string");
                return "array<" + element + ">";
            }
            return "string";
        }

        static Object valueOf(Object value) {
            if (value == null) {
                return null;
            }
            if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                    || value instanceof java.math.BigInteger) {
                return ((Number) value).longValue();
            }
            if (value instanceof Number number) {
                return number.doubleValue();
            }
            if (value instanceof Boolean) {
                return value;
            }
            if (value instanceof List<?> list) {
                String element = typeOf(value);
                List<Object> converted = new ArrayList<>();
                for (Object item : list) {
                    converted.add(element.equals("array<string>") && item != null && !(item instanceof String)
                            ? json(item) : valueOf(item));
                }
                return converted;
            }
            if (value instanceof Map<?, ?>) {
                return json(value);
            }
            return String.valueOf(value);
        }

        private static String json(Object value) {
            try {
                return value instanceof String s ? s : JSON.writeValueAsString(value);
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return String.valueOf(value);
            }
        }
    }
}
