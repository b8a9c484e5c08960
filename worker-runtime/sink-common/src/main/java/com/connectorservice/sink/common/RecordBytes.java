package com.connectorservice.sink.common;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;
import org.apache.kafka.connect.storage.ConverterType;

/**
 * Turns a converted key, value or header back into bytes for an error topic. With the byte-array or
 * string converters these are the original bytes; structured values are written as JSON.
 */
final class RecordBytes {

    private final JsonConverter json = new JsonConverter();

    RecordBytes() {
        json.configure(Map.of(
                JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, "false",
                "converter.type", ConverterType.VALUE.getName()));
    }

    byte[] toBytes(String topic, Schema schema, Object value) {
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
        return json.fromConnectData(topic, schema, value);
    }
}
