package com.connectorservice.emulator.maxcompute.tunnel;

import java.io.IOException;
import java.io.OutputStream;

/** Writes protobuf wire primitives; the mirror of {@link ProtoInput}. */
final class ProtoOutput {

    private final OutputStream out;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;

    ProtoOutput(OutputStream out) {
        this.out = out;
    }

    void writeByte(int b) throws IOException {
        if (position == buffer.length) {
            flushBuffer();
        }
        buffer[position++] = (byte) b;
    }

    void writeVarint64(long value) throws IOException {
        while ((value & ~0x7fL) != 0) {
            writeByte((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        writeByte((int) value);
    }

    void writeUInt32(int value) throws IOException {
        writeVarint64(value & 0xffffffffL);
    }

    void writeTag(int field, int wireType) throws IOException {
        writeUInt32((field << 3) | wireType);
    }

    void writeSInt64(long value) throws IOException {
        writeVarint64((value << 1) ^ (value >> 63));
    }

    void writeSInt32(int value) throws IOException {
        writeUInt32((value << 1) ^ (value >> 31));
    }

    void writeFixed32(int value) throws IOException {
        for (int i = 0; i < 4; i++) {
            writeByte(value >>> (8 * i));
        }
    }

    void writeFixed64(long value) throws IOException {
        for (int i = 0; i < 8; i++) {
            writeByte((int) (value >>> (8 * i)));
        }
    }

    void writeBytes(byte[] bytes) throws IOException {
        writeUInt32(bytes.length);
        for (byte b : bytes) {
            writeByte(b);
        }
    }

    private void flushBuffer() throws IOException {
        out.write(buffer, 0, position);
        position = 0;
    }

    void flush() throws IOException {
        flushBuffer();
        out.flush();
    }
}
