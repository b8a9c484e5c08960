package com.connectorservice.syncjob.mapping;

import java.io.IOException;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Takes the mapped fields out of a record, in mapping order. Kafka fields give String / Long / byte[] values
 * (the key and value as their {@link SerializedType} decodes them); a JSON path gives the member's text, number
 * or boolean, an object or array as JSON text, and null when the path does not reach anything (or the value
 * is not JSON), as seed 002's {@code a.b} example shows.
 */
public final class FieldExtractor {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<FieldMapping.Entry> entries;
    private final SerializedType keyType;
    private final SerializedType valueType;
    private final Charset encoding;
    private final boolean needsJson;

    public FieldExtractor(FieldMapping mapping, SerializedType keyType, SerializedType valueType, Charset encoding) {
        this.entries = mapping.entries();
        this.keyType = keyType;
        this.valueType = valueType;
        this.encoding = encoding;
        this.needsJson = entries.stream().anyMatch(e -> e.source() instanceof SourceField.ValuePath);
    }

    /**
     * @throws IllegalArgumentException when the key or value does not decode as its declared type
     */
    public Object[] extract(KafkaRecord record) {
        Object[] values = new Object[entries.size()];
        JsonNode json = needsJson ? parse(record.value()) : null;
        for (int i = 0; i < values.length; i++) {
            SourceField source = entries.get(i).source();
            if (source instanceof SourceField.Kafka kafka) {
                values[i] = switch (kafka.field()) {
                    case KEY -> decode(keyType, record.key(), "key", record);
                    case VALUE -> decode(valueType, record.value(), "value", record);
                    case PARTITION -> (long) record.partition();
                    case OFFSET -> record.offset();
                    case TIMESTAMP -> record.timestamp();
                    case HEADERS -> headers(record.headers());
                };
            } else {
                values[i] = json == null ? null : valueAt(json, ((SourceField.ValuePath) source).steps());
            }
        }
        return values;
    }

    /** Evaluates a path on a parsed value: text, number, boolean, JSON text of an object or array, or null. */
    public static Object valueAt(JsonNode root, List<SourceField.Step> steps) {
        JsonNode node = root;
        for (SourceField.Step step : steps) {
            if (node == null) {
                return null;
            }
            node = step instanceof SourceField.Member member ? (node.isObject() ? node.get(member.name()) : null)
                    : node.isArray() ? node.get(((SourceField.Element) step).index()) : null;
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return node.longValue();
        }
        if (node.isNumber()) {
            return node.isBigDecimal() ? node.decimalValue() : node.doubleValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        return node.toString();
    }

    private JsonNode parse(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return JSON.readTree(new String(value, encoding));
        } catch (IOException e) { // not JSON: every path gives NULL
            return null;
        }
    }

    private Object decode(SerializedType type, byte[] bytes, String part, KafkaRecord record) {
        try {
            return type.decode(bytes, encoding);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the " + part + " of partition " + record.partition() + " offset "
                    + record.offset() + " is not a " + type + ": " + e.getMessage(), e);
        }
    }

    private String headers(List<Map.Entry<String, byte[]>> headers) {
        if (headers == null || headers.isEmpty()) {
            return "{}";
        }
        ObjectNode object = JSON.createObjectNode();
        for (Map.Entry<String, byte[]> header : headers) {
            object.put(header.getKey(), header.getValue() == null ? null : new String(header.getValue(), encoding));
        }
        return object.toString();
    }
}
