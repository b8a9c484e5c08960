package com.connectorservice.sink.maxcompute;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.storage.ConverterType;

/**
 * A record key or value as text or bytes, whatever converter produced it: StringConverter gives a
 * String, ByteArrayConverter bytes, JsonConverter maps, lists and structs (written back as JSON).
 */
final class MessagePart {

    private static final ThreadLocal<JsonConverter> JSON = ThreadLocal.withInitial(() -> {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false",
                "converter.type", ConverterType.VALUE.getName()));
        return converter;
    });

    private MessagePart() {
    }

    static String text(Object part) {
        if (part == null || part instanceof String) {
            return (String) part;
        }
        if (part instanceof byte[] || part instanceof ByteBuffer) {
            return new String(bytes(part), StandardCharsets.UTF_8);
        }
        if (part instanceof Map || part instanceof Iterable || part instanceof Struct) {
            return new String(JSON.get().fromConnectData("", part instanceof Struct s ? s.schema() : null, part),
                    StandardCharsets.UTF_8);
        }
        return String.valueOf(part);
    }

    static byte[] bytes(Object part) {
        if (part instanceof byte[] bytes) {
            return bytes;
        }
        if (part instanceof ByteBuffer buffer) {
            ByteBuffer copy = buffer.duplicate();
            byte[] bytes = new byte[copy.remaining()];
            copy.get(bytes);
            return bytes;
        }
        String text = text(part);
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /** Approximate heap held for a record, for the buffer bound. */
    static long sizeOf(Object part) {
        if (part == null) {
            return 0;
        }
        if (part instanceof byte[] bytes) {
            return bytes.length;
        }
        if (part instanceof String text) {
            return text.length() * 2L;
        }
        if (part instanceof ByteBuffer buffer) {
            return buffer.remaining();
        }
        return 64;
    }
}
