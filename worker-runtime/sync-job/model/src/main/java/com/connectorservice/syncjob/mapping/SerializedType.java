package com.connectorservice.syncjob.mapping;

import java.nio.ByteBuffer;
import java.nio.charset.Charset;

/**
 * How a record's key or value is serialized (DataWorks Kafka Reader's keyType / valueType), with Kafka's own
 * serializers' byte layouts for the numeric types. STRING uses the job's encoding.
 */
public enum SerializedType {
    BYTEARRAY(-1), STRING(-1), LONG(8), INTEGER(4), SHORT(2), DOUBLE(8), FLOAT(4);

    private final int size;

    SerializedType(int size) {
        this.size = size;
    }

    /**
     * @return byte[] for BYTEARRAY, String, Long, Integer, Short, Double or Float; null for null
     * @throws IllegalArgumentException when the bytes do not have this type's length
     */
    public Object decode(byte[] bytes, Charset encoding) {
        if (bytes == null) {
            return null;
        }
        if (size > 0 && bytes.length != size) {
            throw new IllegalArgumentException(bytes.length + " bytes are not a " + name() + " (" + size + " bytes as Kafka's "
                    + name().charAt(0) + name().substring(1).toLowerCase(java.util.Locale.ROOT) + "Serializer writes it)");
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return switch (this) {
            case BYTEARRAY -> bytes;
            case STRING -> new String(bytes, encoding);
            case LONG -> buffer.getLong();
            case INTEGER -> buffer.getInt();
            case SHORT -> buffer.getShort();
            case DOUBLE -> buffer.getDouble();
            case FLOAT -> buffer.getFloat();
        };
    }
}
