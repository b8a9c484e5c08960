package com.connectorservice.sink.maxcompute;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.zip.CRC32C;

import org.xerial.snappy.SnappyFramedOutputStream;

import com.aliyun.odps.Column;
import com.aliyun.odps.OdpsType;
import com.aliyun.odps.TableSchema;
import com.aliyun.odps.tunnel.io.CompressOption;
import com.aliyun.odps.tunnel.io.ProtobufRecordPack;

/**
 * Encodes a block of rows of STRING and BIGINT columns (the TEXT, BINARY-into-STRING and JSON-into-STRING shapes) in
 * the tunnel's record stream, byte for byte what the SDK's {@code ProtobufRecordStreamWriter} writes, snappy framed
 * as {@link MaxComputeTable#COMPRESSION}: per non-null column its tag and checksum, per row the CRC32C of its fields,
 * then the row count and the CRC32C of the row checksums. The SDK's writer was the sink's largest cost per record
 * (a pure-Java CRC32C, a charset looked up by name per string, protobuf's byte-at-a-time varints); this one uses the
 * JDK's CRC32C intrinsic and writes into one buffer.
 *
 * <p>The block is handed to {@code UploadSession.writeBlock} (batch tunnel) or {@code StreamUploadSessionImpl.writeBlock}
 * (streaming tunnel) as a {@link ProtobufRecordPack} whose stream is the encoded block, so the SDK still signs, sends
 * and checks the answer. Both send it before they return, so the caller closes the block then and its buffers serve
 * the next one: growing a fresh buffer to a block's size was a seventh of the worker's allocation, and the young
 * collections it caused stop the whole worker.
 */
final class RecordBlockEncoder {

    private static final int END_RECORD = 33553408;
    private static final int META_COUNT = 33554430;
    private static final int META_CHECKSUM = 33554431;
    private static final int WIRE_VARINT = 0;
    private static final int WIRE_LENGTH_DELIMITED = 2;
    private static final int BUFFER_BYTES = 64 * 1024;
    /** Buffers a task keeps for its next blocks, each as large as a compressed block: gone when the task stops. */
    private static final int SPARE_BUFFERS = 2;

    private final TableSchema schema;
    private final boolean[] text;
    /** At most as many blocks are encoded at once as writer threads run; a pool of many threads keeps only a few. */
    private final ArrayBlockingQueue<Buffers> spare = new ArrayBlockingQueue<>(SPARE_BUFFERS);

    private RecordBlockEncoder(TableSchema schema, boolean[] text) {
        this.schema = schema;
        this.text = text;
    }

    /** An encoder for tables whose columns are all STRING or BIGINT, otherwise null (the SDK's writer is used). */
    static RecordBlockEncoder forColumns(Column[] columns) {
        boolean[] text = new boolean[columns.length];
        TableSchema schema = new TableSchema();
        for (int i = 0; i < columns.length; i++) {
            OdpsType type = columns[i].getTypeInfo().getOdpsType();
            if (type != OdpsType.STRING && type != OdpsType.BIGINT) {
                return null;
            }
            text[i] = type == OdpsType.STRING;
            schema.addColumn(columns[i]);
        }
        return new RecordBlockEncoder(schema, text);
    }

    /**
     * The rows (column values as the converter checked them: byte[] or String, Long) as one compressed block, to be
     * closed once sent.
     */
    EncodedBlock encode(List<Object[]> rows) throws IOException {
        Buffers buffers = spare.poll();
        if (buffers == null) {
            buffers = new Buffers();
        }
        buffers.compressed.reset();
        try (Stream out = new Stream(new SnappyFramedOutputStream(buffers.compressed), buffers.uncompressed)) {
            CRC32C rowCrc = new CRC32C();
            CRC32C crcOfCrcs = new CRC32C();
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    Object value = row[i];
                    if (value == null) {
                        continue;
                    }
                    int field = i + 1;
                    out.updateInt(rowCrc, field);
                    if (text[i]) {
                        byte[] bytes = value instanceof byte[] b ? b : ((String) value).getBytes(StandardCharsets.UTF_8);
                        out.varint32(field << 3 | WIRE_LENGTH_DELIMITED);
                        rowCrc.update(bytes, 0, bytes.length);
                        out.varint32(bytes.length);
                        out.bytes(bytes);
                    } else {
                        long number = (Long) value;
                        out.varint32(field << 3 | WIRE_VARINT);
                        out.updateLong(rowCrc, number);
                        out.varint64((number << 1) ^ (number >> 63));
                    }
                }
                int checksum = (int) rowCrc.getValue();
                out.varint32(END_RECORD << 3 | WIRE_VARINT);
                out.varint32(checksum);
                rowCrc.reset();
                out.updateInt(crcOfCrcs, checksum);
            }
            long count = rows.size();
            out.varint32(META_COUNT << 3 | WIRE_VARINT);
            out.varint64((count << 1) ^ (count >> 63));
            out.varint32(META_CHECKSUM << 3 | WIRE_VARINT);
            out.varint32((int) crcOfCrcs.getValue());
        }
        return new EncodedBlock(schema, buffers, spare, rows.size());
    }

    /** A block's compressed bytes and the buffer in front of the compressor. */
    private static final class Buffers {
        final ByteArrayOutputStream compressed = new ByteArrayOutputStream(BUFFER_BYTES);
        final byte[] uncompressed = new byte[BUFFER_BYTES];
    }

    /** A buffer in front of the compressor, with the protobuf primitives the record stream needs. */
    private static final class Stream implements AutoCloseable {
        private final OutputStream target;
        private final byte[] buffer;
        private final byte[] scratch = new byte[8];
        private int position;

        Stream(OutputStream target, byte[] buffer) {
            this.target = target;
            this.buffer = buffer;
        }

        void varint32(int value) throws IOException {
            ensure(5);
            while ((value & ~0x7F) != 0) {
                buffer[position++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            buffer[position++] = (byte) value;
        }

        void varint64(long value) throws IOException {
            ensure(10);
            while ((value & ~0x7FL) != 0) {
                buffer[position++] = (byte) ((value & 0x7F) | 0x80);
                value >>>= 7;
            }
            buffer[position++] = (byte) value;
        }

        void bytes(byte[] bytes) throws IOException {
            if (bytes.length > buffer.length - position) {
                flush();
                if (bytes.length > buffer.length) {
                    target.write(bytes);
                    return;
                }
            }
            System.arraycopy(bytes, 0, buffer, position, bytes.length);
            position += bytes.length;
        }

        /** The SDK's checksum takes numbers as little-endian bytes. */
        void updateInt(CRC32C crc, int value) {
            for (int i = 0; i < 4; i++) {
                scratch[i] = (byte) (value >>> (8 * i));
            }
            crc.update(scratch, 0, 4);
        }

        void updateLong(CRC32C crc, long value) {
            for (int i = 0; i < 8; i++) {
                scratch[i] = (byte) (value >>> (8 * i));
            }
            crc.update(scratch, 0, 8);
        }

        private void ensure(int bytes) throws IOException {
            if (buffer.length - position < bytes) {
                flush();
            }
        }

        private void flush() throws IOException {
            target.write(buffer, 0, position);
            position = 0;
        }

        @Override
        public void close() throws IOException {
            flush();
            target.close();
        }
    }

    /**
     * A record pack that is already encoded and complete: the batch tunnel's {@code UploadSession.writeBlock} and the
     * streaming tunnel's {@code StreamUploadSessionImpl.writeBlock} send its stream (again on a retry) with its
     * compression; the streaming tunnel also sends its size (the request's length) and its row count.
     */
    static final class EncodedBlock extends ProtobufRecordPack implements AutoCloseable {
        private final Buffers buffers;
        private final ArrayBlockingQueue<Buffers> spare;
        private final long rows;

        private EncodedBlock(TableSchema schema, Buffers buffers, ArrayBlockingQueue<Buffers> spare, long rows)
                throws IOException {
            super(schema, null, MaxComputeTable.COMPRESSION);
            this.buffers = buffers;
            this.spare = spare;
            this.rows = rows;
        }

        /** After the SDK sent the block: its buffers go to the next one. */
        @Override
        public void close() {
            spare.offer(buffers);
        }

        @Override
        public long getTotalBytes() {
            return buffers.compressed.size();
        }

        @Override
        public long getSize() {
            return rows;
        }

        @Override
        public void checkTransConsistency(boolean expectTransform) {
        }

        @Override
        public void complete() {
        }

        @Override
        public ByteArrayOutputStream getProtobufStream() {
            return buffers.compressed;
        }

        @Override
        public CompressOption getCompressOption() {
            return MaxComputeTable.COMPRESSION;
        }
    }
}
