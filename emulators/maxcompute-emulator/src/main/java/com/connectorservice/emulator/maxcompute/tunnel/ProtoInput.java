package com.connectorservice.emulator.maxcompute.tunnel;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads protobuf wire primitives from a stream. Optionally copies every byte it consumes to {@code copyTo},
 * so a block can be validated and written to disk in one pass without holding it in memory.
 */
final class ProtoInput {

    private final InputStream in;
    private final OutputStream copyTo;
    private final byte[] buffer = new byte[64 * 1024];
    private int position;
    private int limit;
    private long consumedBeforeBuffer;

    ProtoInput(InputStream in, OutputStream copyTo) {
        this.in = in;
        this.copyTo = copyTo;
    }

    long bytesRead() {
        return consumedBeforeBuffer + position;
    }

    boolean isAtEnd() throws IOException {
        return position == limit && !refill();
    }

    private boolean refill() throws IOException {
        consumedBeforeBuffer += limit;
        position = 0;
        limit = 0;
        int n;
        do {
            n = in.read(buffer, 0, buffer.length);
        } while (n == 0);
        if (n < 0) {
            return false;
        }
        if (copyTo != null) {
            copyTo.write(buffer, 0, n);
        }
        limit = n;
        return true;
    }

    int readByte() throws IOException {
        if (position == limit && !refill()) {
            throw new EOFException("record stream ends in the middle of a value, after " + bytesRead() + " bytes");
        }
        return buffer[position++] & 0xff;
    }

    long readVarint64() throws IOException {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = readByte();
            result |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IOException("malformed varint in record stream");
    }

    int readVarint32() throws IOException {
        return (int) readVarint64();
    }

    long readSInt64() throws IOException {
        long n = readVarint64();
        return (n >>> 1) ^ -(n & 1);
    }

    int readSInt32() throws IOException {
        int n = readVarint32();
        return (n >>> 1) ^ -(n & 1);
    }

    int readFixed32() throws IOException {
        int result = 0;
        for (int i = 0; i < 4; i++) {
            result |= readByte() << (8 * i);
        }
        return result;
    }

    long readFixed64() throws IOException {
        long result = 0;
        for (int i = 0; i < 8; i++) {
            result |= (long) readByte() << (8 * i);
        }
        return result;
    }

    /** Consumes {@code length} bytes, feeding them to {@code checksum} without copying them out. */
    void skipBytes(int length, java.util.zip.Checksum checksum) throws IOException {
        if (length < 0) {
            throw new IOException("negative length in record stream");
        }
        int remaining = length;
        while (remaining > 0) {
            if (position == limit && !refill()) {
                throw new EOFException("record stream ends in the middle of a value, after " + bytesRead() + " bytes");
            }
            int n = Math.min(remaining, limit - position);
            checksum.update(buffer, position, n);
            position += n;
            remaining -= n;
        }
    }

    byte[] readBytes(int length) throws IOException {
        if (length < 0) {
            throw new IOException("negative length in record stream");
        }
        byte[] out = new byte[length];
        int copied = 0;
        while (copied < length) {
            if (position == limit && !refill()) {
                throw new EOFException("record stream ends in the middle of a value, after " + bytesRead() + " bytes");
            }
            int n = Math.min(length - copied, limit - position);
            System.arraycopy(buffer, position, out, copied, n);
            position += n;
            copied += n;
        }
        return out;
    }
}
