package com.connectorservice.sink.tablestore;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.Date;
import java.util.Locale;
import java.util.Map;

import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.PrimaryKeyValue;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.internal.LazilyParsedNumber;

/**
 * Reads a record's key or value, whatever converter produced it (string, byte array, schemaless
 * JSON map or Struct), as JSON or as text.
 */
public final class JsonMessages {

    /**
     * Jackson's streaming parser reads the record's bytes as they are, with buffers it recycles per thread. Gson's
     * parser, which this replaced, needed the bytes decoded into a String first and allocated a 2 KiB buffer per
     * document: a quarter of all the worker's allocation in the JSON benchmark. The features accept what Gson's
     * lenient parsing accepted of the forms people write by hand: comments, single quotes, unquoted names, NaN.
     */
    private static final JsonFactory PARSERS = JsonFactory.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_YAML_COMMENTS,
                    JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES,
                    JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private JsonMessages() {
    }

    /** The key or value as a JSON object; {@code what} ("key", "value") names it in the error. */
    public static JsonObject object(Object connectValue, String what) {
        JsonElement json = connectValue instanceof String || connectValue instanceof byte[]
                || connectValue instanceof ByteBuffer ? parse(connectValue, what) : toJson(connectValue);
        if (!json.isJsonObject()) {
            throw new UnwritableRecordException("The message " + what + " is not a JSON object: " + abbreviate(json.toString()));
        }
        return json.getAsJsonObject();
    }

    /** The key or value as text: strings and bytes (UTF-8) as they are, structured values as JSON. */
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
        return text(toJson(connectValue));
    }

    /**
     * A field as text: a JSON string without quotes, any other JSON value as compact JSON text, exactly as Gson's
     * {@code toString} writes it. A number or boolean is its own JSON text ({@code getAsString} gives the parsed digits
     * as they were). Objects and arrays are written here rather than by Gson's writer, which (a JsonWriter over a
     * synchronized StringWriter) was a tenth of the worker's CPU for JSON rows with one nested object.
     */
    public static String text(JsonElement field) {
        if (field.isJsonPrimitive()) {
            return field.getAsString();
        }
        StringBuilder json = new StringBuilder(64);
        writeCompact(field, json);
        return json.toString();
    }

    private static void writeCompact(JsonElement element, StringBuilder json) {
        if (element.isJsonObject()) {
            json.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonElement> member : element.getAsJsonObject().entrySet()) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                writeString(member.getKey(), json);
                json.append(':');
                writeCompact(member.getValue(), json);
            }
            json.append('}');
        } else if (element.isJsonArray()) {
            json.append('[');
            boolean first = true;
            for (JsonElement item : element.getAsJsonArray()) {
                if (!first) {
                    json.append(',');
                }
                first = false;
                writeCompact(item, json);
            }
            json.append(']');
        } else if (element.isJsonNull()) {
            json.append("null");
        } else if (element.getAsJsonPrimitive().isString()) {
            writeString(element.getAsString(), json);
        } else {
            json.append(element.getAsString());
        }
    }

    /** A JSON string with Gson's escapes (not HTML-safe): quote, backslash, control characters, U+2028 and U+2029. */
    private static void writeString(String value, StringBuilder json) {
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
    public static ColumnValue autoTyped(JsonElement field) {
        if (field.isJsonPrimitive()) {
            JsonPrimitive primitive = field.getAsJsonPrimitive();
            if (primitive.isNumber()) {
                return ColumnValue.fromDouble(primitive.getAsDouble());
            }
            if (primitive.isBoolean()) {
                return ColumnValue.fromBoolean(primitive.getAsBoolean());
            }
        }
        return stringValue(text(field));
    }

    public static boolean isNull(JsonElement field) {
        return field == null || field.isJsonNull();
    }

    /** An integral JSON number or numeric string as a long; anything else is not an integer. */
    public static long integer(JsonElement field, String fieldName) {
        try {
            if (field.isJsonPrimitive() && !field.getAsJsonPrimitive().isBoolean()) {
                return new BigDecimal(field.getAsString().trim()).longValueExact();
            }
        } catch (ArithmeticException | NumberFormatException e) {
            // reported below
        }
        throw new UnwritableRecordException("Field '" + fieldName + "' is not an integer: " + abbreviate(field.toString()));
    }

    static JsonElement toJson(Object value) {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        if (value instanceof Struct struct) {
            JsonObject object = new JsonObject();
            for (Field field : struct.schema().fields()) {
                object.add(field.name(), toJson(struct.get(field)));
            }
            return object;
        }
        if (value instanceof Map<?, ?> map) {
            JsonObject object = new JsonObject();
            map.forEach((k, v) -> object.add(String.valueOf(k), toJson(v)));
            return object;
        }
        if (value instanceof Collection<?> list) {
            JsonArray array = new JsonArray();
            list.forEach(item -> array.add(toJson(item)));
            return array;
        }
        if (value instanceof Number number) {
            return new JsonPrimitive(number);
        }
        if (value instanceof Boolean bool) {
            return new JsonPrimitive(bool);
        }
        if (value instanceof byte[] bytes) {
            return new JsonPrimitive(Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return new JsonPrimitive(Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof Date date) {
            return new JsonPrimitive(date.getTime());
        }
        return new JsonPrimitive(value.toString());
    }

    /**
     * A JSON document as Gson's tree, as Gson's own parser builds it: numbers keep their text as written, a repeated
     * name keeps its first place and its last value, and nothing may follow the document. Empty input is JSON null.
     */
    static JsonElement parse(Object document, String what) {
        try (JsonParser parser = parser(document)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return JsonNull.INSTANCE;
            }
            JsonElement json = read(parser, first);
            if (parser.nextToken() != null) {
                throw new UnwritableRecordException("The message " + what + " is not valid JSON: more follows the"
                        + " document at " + parser.currentLocation().offsetDescription() + ": " + abbreviate(text(document)));
            }
            return json;
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

    private static JsonElement read(JsonParser parser, JsonToken token) throws IOException {
        return switch (token) {
            case START_OBJECT -> {
                JsonObject object = new JsonObject();
                for (String name = parser.nextFieldName(); name != null; name = parser.nextFieldName()) {
                    object.add(name, read(parser, parser.nextToken()));
                }
                yield object;
            }
            case START_ARRAY -> {
                JsonArray array = new JsonArray();
                for (JsonToken item = parser.nextToken(); item != JsonToken.END_ARRAY; item = parser.nextToken()) {
                    array.add(read(parser, item));
                }
                yield array;
            }
            case VALUE_STRING -> new JsonPrimitive(parser.getText());
            // the digits as written, as Gson keeps them: "1.50" stays 1.50 in a text column; an unquoted NaN or
            // Infinity was an unquoted string to Gson, and stays one
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> parser.isNaN() ? new JsonPrimitive(parser.getText())
                    : new JsonPrimitive(new LazilyParsedNumber(parser.getText()));
            case VALUE_TRUE -> new JsonPrimitive(true);
            case VALUE_FALSE -> new JsonPrimitive(false);
            case VALUE_NULL -> JsonNull.INSTANCE;
            default -> throw new IllegalStateException("Unexpected JSON token " + token);
        };
    }

    static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
