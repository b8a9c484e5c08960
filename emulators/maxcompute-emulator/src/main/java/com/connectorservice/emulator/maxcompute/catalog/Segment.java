package com.connectorservice.emulator.maxcompute.catalog;

import java.nio.ByteBuffer;

/**
 * A verified record stream in the {@link DataStore}: the records of one tunnel block or pack, held in {@code chunks}
 * values of whole records under its {@code dataId}.
 */
public record Segment(long dataId, int chunks, long recordCount, long bytes) {

    static final int ENCODED_BYTES = 28;

    public void writeTo(ByteBuffer out) {
        out.putLong(dataId).putInt(chunks).putLong(recordCount).putLong(bytes);
    }

    public static Segment readFrom(ByteBuffer in) {
        return new Segment(in.getLong(), in.getInt(), in.getLong(), in.getLong());
    }

    public byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(ENCODED_BYTES);
        writeTo(out);
        return out.array();
    }

    public static Segment decode(byte[] bytes) {
        return readFrom(ByteBuffer.wrap(bytes));
    }
}
