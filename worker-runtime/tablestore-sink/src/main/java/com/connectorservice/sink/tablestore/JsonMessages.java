package com.connectorservice.sink.tablestore;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.PrimaryKeyValue;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;

/**
 * Reads a record's key or value, whatever converter produced it (string, byte array, schemaless JSON map or Struct),
 * as a JSON object's fields or as text.
 *
 * <p>The rules are those of the Gson tree this replaced, which users' tables already hold: a number keeps its digits
 * as written, a name repeated in an object keeps its first place and its last value, and an object or array inside
 * the record's object is written as compact JSON text with Gson's escapes (quote, backslash, control characters,
 * U+2028 and U+2029; nothing HTML-escaped).
 */
public final class JsonMessages {

    /**
     * Jackson's streaming parser reads the record's bytes as they are, with buffers it recycles per thread. Gson's
     * parser needed the bytes decoded into a String first and allocated a 2 KiB buffer per document (a quarter of the
     * worker's allocation in the JSON benchmark), and its tree was half the cost of a row. The features accept what
     * Gson's lenient parsing accepted of the forms people write by hand: comments, single quotes, unquoted names,
     * NaN (an unquoted string to Gson, and so kept as text).
     */
    private static final JsonFactory PARSERS = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_YAML_COMMENTS,
                    JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
                    JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    /** Names an object inside the record holds before they are looked up in a set rather than a list. */
    private static final int FEW_NAMES = 8;

    private JsonMessages() {
    }

    /**
     * The key or value as a JSON object's fields, in order; {@code what} ("key", "value") names it in the error.
     *
     * @throws UnwritableRecordException when it is not valid JSON or not an object
     */
    public static Map<String, JsonField> object(Object connectValue, String what) {
        if (connectValue instanceof String || connectValue instanceof byte[] || connectValue instanceof ByteBuffer) {
            try {
                return parse(connectValue, what, false);
            } catch (RepeatedName e) {
                return parse(connectValue, what, true);
            }
        }
        if (connectValue instanceof Struct || connectValue instanceof Map<?, ?>) {
            Map<String, JsonField> fields = new LinkedHashMap<>();
            if (connectValue instanceof Struct struct) {
                for (Field field : struct.schema().fields()) {
                    fields.put(field.name(), field(struct.get(field)));
                }
            } else {
                ((Map<?, ?>) connectValue).forEach((name, value) -> fields.put(String.valueOf(name), field(value)));
            }
            return fields;
        }
        throw notAnObject(what, field(connectValue));
    }

    /** The key or value as text: strings and bytes (UTF-8) as they are, structured values as compact JSON. */
    public static String text(Object connectValue) {
        if (connectValue instanceof String text) {
            return text;
        }
        if (connectValue instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (connectValue instanceof ByteBuffer buffer) {
            return StandardCharsets.UTF_8.decode(buffer.duplicate()).toString();
        }
        return field(connectValue).text();
    }

    /**
     * A string column value with its UTF-8 bytes attached. Left to the SDK, the bytes are made by looking the charset
     * up by name, under two spellings that evict each other from the JDK's charset cache (7% of the worker's CPU in
     * the JSON benchmark, with the same lookups for primary keys and sizes).
     */
    public static ColumnValue stringValue(String text) {
        return ColumnValue.fromString(text, text.getBytes(StandardCharsets.UTF_8));
    }

    /** A string primary key value with its UTF-8 bytes attached (see {@link #stringValue}). */
    public static PrimaryKeyValue stringKey(String text) {
        return PrimaryKeyValue.fromString(text, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Seed 003's "identify types": strings and booleans kept, every number as double, anything else as JSON text. */
    public static ColumnValue autoTyped(JsonField field) {
        if (field instanceof JsonField.Number number) {
            return ColumnValue.fromDouble(Double.parseDouble(number.literal()));
        }
        if (field instanceof JsonField.Bool bool) {
            return ColumnValue.fromBoolean(bool.value());
        }
        return stringValue(field.text());
    }

    public static boolean isNull(JsonField field) {
        return field == null || field == JsonField.Null.INSTANCE;
    }

    /** An integral JSON number or numeric string as a long; anything else is not an integer. */
    public static long integer(JsonField field, String fieldName) {
        if (field instanceof JsonField.Number || field instanceof JsonField.Text) {
            try {
                return new BigDecimal(field.text().trim()).longValueExact();
            } catch (ArithmeticException | NumberFormatException e) {
                // reported below
            }
        }
        throw new UnwritableRecordException("Field '" + fieldName + "' is not an integer: " + abbreviate(field.json()));
    }

    /** A Connect value (of a schemaless map or a Struct) as a field: maps, structs and lists as compact JSON. */
    static JsonField field(Object value) {
        if (value == null) {
            return JsonField.Null.INSTANCE;
        }
        if (value instanceof Struct || value instanceof Map<?, ?> || value instanceof Collection<?>) {
            StringBuilder json = new StringBuilder(64);
            writeCompact(value, json);
            return new JsonField.Nested(json.toString());
        }
        if (value instanceof Number number) {
            return new JsonField.Number(number.toString());
        }
        if (value instanceof Boolean bool) {
            return JsonField.Bool.of(bool);
        }
        if (value instanceof byte[] bytes) {
            return new JsonField.Text(Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return new JsonField.Text(Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof Date date) {
            return new JsonField.Number(Long.toString(date.getTime()));
        }
        return new JsonField.Text(value.toString());
    }

    /**
     * Reads a document that should be an object. With {@code repeatedNames} false, objects inside it are written out
     * token by token, and a name repeated in one of them throws {@link RepeatedName}: the caller reads the document
     * again with {@code repeatedNames} true, which collects such objects first so that the name keeps its first place
     * and its last value.
     */
    private static Map<String, JsonField> parse(Object document, String what, boolean repeatedNames) {
        try (JsonParser parser = parser(document)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                JsonField other = first == null ? JsonField.Null.INSTANCE : read(parser, first, true);
                requireEnd(parser, document, what);
                throw notAnObject(what, other);
            }
            Map<String, JsonField> fields = new LinkedHashMap<>();
            for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                fields.put(name, read(parser, parser.nextToken(), repeatedNames));
            }
            requireEnd(parser, document, what);
            return fields;
        } catch (JsonProcessingException e) {
            throw new UnwritableRecordException("The message " + what + " is not valid JSON: " + e.getOriginalMessage()
                    + ": " + abbreviate(text(document)), e);
        } catch (IOException e) {
            throw new UnwritableRecordException("The message " + what + " could not be read: " + e, e);
        }
    }

    private static JsonParser parser(Object document) throws IOException {
        if (document instanceof byte[] bytes) {
            return PARSERS.createParser(bytes);
        }
        if (document instanceof ByteBuffer buffer && buffer.hasArray()) {
            return PARSERS.createParser(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
        }
        return PARSERS.createParser(text(document));
    }

    private static void requireEnd(JsonParser parser, Object document, String what) throws IOException {
        if (parser.nextToken() != null) {
            throw new UnwritableRecordException("The message " + what + " is not valid JSON: more follows the document"
                    + " at " + parser.currentLocation().offsetDescription() + ": " + abbreviate(text(document)));
        }
    }

    private static JsonField read(JsonParser parser, JsonToken token, boolean repeatedNames) throws IOException {
        return switch (token) {
            case START_OBJECT, START_ARRAY -> {
                StringBuilder json = new StringBuilder(64);
                if (repeatedNames) {
                    writeCompact(collect(parser, token), json);
                } else {
                    writeTokens(parser, token, json);
                }
                yield new JsonField.Nested(json.toString());
            }
            case VALUE_STRING -> new JsonField.Text(parser.getText());
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.isNaN() ? new JsonField.Text(parser.getText())
                    : new JsonField.Number(parser.getText());
            case VALUE_TRUE -> JsonField.Bool.TRUE;
            case VALUE_FALSE -> JsonField.Bool.FALSE;
            case VALUE_NULL -> JsonField.Null.INSTANCE;
            default -> throw new IllegalStateException("Unexpected JSON token " + token);
        };
    }

    /** Writes the object or array starting at {@code token} as compact JSON, straight from the parser. */
    private static void writeTokens(JsonParser parser, JsonToken token, StringBuilder json) throws IOException {
        switch (token) {
            case START_OBJECT -> {
                json.append('{');
                List<String> few = new ArrayList<>(FEW_NAMES);
                Set<String> many = null;
                boolean first = true;
                for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                    if (many == null && few.size() == FEW_NAMES) {
                        many = new HashSet<>(few);
                    }
                    if (many != null ? !many.add(name) : few.contains(name)) {
                        throw new RepeatedName();
                    }
                    if (many == null) {
                        few.add(name);
                    }
                    if (!first) {
                        json.append(',');
                    }
                    first = false;
                    writeString(name, json);
                    json.append(':');
                    writeTokens(parser, parser.nextToken(), json);
                }
                json.append('}');
            }
            case START_ARRAY -> {
                json.append('[');
                boolean first = true;
                for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
                    if (!first) {
                        json.append(',');
                    }
                    first = false;
                    writeTokens(parser, item, json);
                }
                json.append(']');
            }
            case VALUE_STRING -> writeString(parser.getText(), json);
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                if (parser.isNaN()) {
                    writeString(parser.getText(), json);
                } else {
                    json.append(parser.getText());
                }
            }
            case VALUE_TRUE -> json.append("true");
            case VALUE_FALSE -> json.append("false");
            case VALUE_NULL -> json.append("null");
            default -> throw new IllegalStateException("Unexpected JSON token " + token);
        }
    }

    /** The object or array starting at {@code token} as maps, lists and fields, a repeated name keeping its first place. */
    private static Object collect(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.START_OBJECT) {
            Map<String, Object> object = new LinkedHashMap<>();
            for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                object.put(name, collect(parser, parser.nextToken()));
            }
            return object;
        }
        if (token == JsonToken.START_ARRAY) {
            List<Object> array = new ArrayList<>();
            for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
                array.add(collect(parser, item));
            }
            return array;
        }
        return read(parser, token, true);
    }

    /** Writes a field, a Connect struct, map or list, or what {@link #collect} made, as compact JSON. */
    private static void writeCompact(Object value, StringBuilder json) {
        if (value instanceof JsonField field) {
            if (field instanceof JsonField.Text text) {
                writeString(text.value(), json);
            } else {
                json.append(field.text());
            }
        } else if (value instanceof Struct struct) {
            json.append('{');
            boolean first = true;
            for (Field field : struct.schema().fields()) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                writeString(field.name(), json);
                json.append(':');
                writeCompact(struct.get(field), json);
            }
            json.append('}');
        } else if (value instanceof Map<?, ?> map) {
            json.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> member : map.entrySet()) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                writeString(String.valueOf(member.getKey()), json);
                json.append(':');
                writeCompact(member.getValue(), json);
            }
            json.append('}');
        } else if (value instanceof Collection<?> list) {
            json.append('[');
            boolean first = true;
            for (Object item : list) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                writeCompact(item, json);
            }
            json.append(']');
        } else {
            writeCompact(field(value), json);
        }
    }

    /** A JSON string with Gson's escapes (not HTML-safe): quote, backslash, control characters, U+2028 and U+2029. */
    static void writeString(String value, StringBuilder json) {
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\f' -> json.append("\\f");
                case '\u2028' -> json.append("\\u2028");
                case '\u2029' -> json.append("\\u2029");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }

    private static UnwritableRecordException notAnObject(String what, JsonField value) {
        return new UnwritableRecordException("The message " + what + " is not a JSON object: " + abbreviate(value.json()));
    }

    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    /** An object inside the record repeats a name: read the document again, collecting such objects first. */
    private static final class RepeatedName extends RuntimeException {
        RepeatedName() {
            super(null, null, false, false);
        }
    }
}
