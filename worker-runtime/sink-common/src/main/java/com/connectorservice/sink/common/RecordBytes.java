package com.connectorservice.sink.common;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.storage.ConverterType;

/**
 * A converted key, value or header as bytes or text, whatever converter produced it: with the byte-array or
 * string converters these are the original bytes or text; structured values (maps, lists, structs, as
 * JsonConverter gives them) are written back as JSON.
 */
public final class RecordBytes {

    private static final ThreadLocal<JsonConverter> JSON = ThreadLocal.withInitial(() -> {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false",
                "converter.type", ConverterType.VALUE.getName()));
        return converter;
    });

    private RecordBytes() {
    }

    /** The bytes of {@code value}: bytes as they are, text in UTF-8, anything else as JSON. */
    public static byte[] toBytes(String topic, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return bytes;
        }
        if (value instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return bytes;
        }
        if (value instanceof String text) {
            return text.getBytes(StandardCharsets.UTF_8);
        }
        Schema effective = schema == null && value instanceof Struct struct ? struct.schema() : schema;
        return JSON.get().fromConnectData(topic, effective, value);
    }

    /**
     * The text of {@code value}: text as it is, bytes decoded as UTF-8, structured values as JSON, others as
     * {@code toString}.
     *
     * @throws DataException when the bytes are not UTF-8: decoded with replacement characters, the text written would
     *                       not be the record's
     */
    public static String text(Object value) {
        if (value == null || value instanceof String) {
            return (String) value;
        }
        if (value instanceof byte[] || value instanceof ByteBuffer || value instanceof Map || value instanceof Iterable
                || value instanceof Struct) {
            byte[] bytes = toBytes("", null, value);
            String text = new String(bytes, StandardCharsets.UTF_8);
            // the JDK's decoding is the fast path; a replacement character may also be one the bytes hold, so only
            // then are they decoded again, strictly
            if (text.indexOf('\uFFFD') >= 0) {
                try {
                    StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes));
                } catch (CharacterCodingException e) {
                    throw new DataException("not valid UTF-8 text (" + e.getMessage() + ")");
                }
            }
            return text;
        }
        return String.valueOf(value);
    }

    /** Approximate heap a converted key or value holds, to bound what a task buffers. */
    public static long heapSize(Object value) {
        if (value == null) {
            return 0;
        }
        if (value instanceof byte[] bytes) {
            return bytes.length;
        }
        if (value instanceof String text) {
            return text.length() * 2L;
        }
        if (value instanceof ByteBuffer buffer) {
            return buffer.remaining();
        }
        return 64;
    }
}
