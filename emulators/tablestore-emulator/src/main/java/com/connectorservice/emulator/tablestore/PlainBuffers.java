package com.connectorservice.emulator.tablestore;

import static com.alicloud.openservices.tablestore.core.protocol.PlainBufferConsts.*;

import com.alicloud.openservices.tablestore.core.protocol.PlainBufferCell;
import com.alicloud.openservices.tablestore.core.protocol.PlainBufferConversion;
import com.alicloud.openservices.tablestore.core.protocol.PlainBufferCrc8;
import com.alicloud.openservices.tablestore.core.protocol.PlainBufferRow;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.PrimaryKey;
import com.alicloud.openservices.tablestore.model.PrimaryKeyValue;
import com.aliyun.ots.thirdparty.com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads and writes the SDK's PlainBuffer row encoding (into and from the SDK's own row and cell classes), checksums
 * included. Done here rather than with the SDK's codec because that one turns every name and string back into bytes
 * through a charset lookup to checksum it, which made it the emulator's largest cost; here the checksums come from
 * the bytes as they are.
 */
final class PlainBuffers {
    /** Column names repeat from row to row: their UTF-8 bytes are kept. */
    private static final ConcurrentHashMap<String, byte[]> NAME_BYTES = new ConcurrentHashMap<>();
    private static final int MAX_CACHED_NAMES = 100_000;

    private PlainBuffers() {
    }

    static List<PlainBufferRow> readRows(ByteString bytes, String field) {
        return readRows(bytes.asReadOnlyByteBuffer(), field);
    }

    static List<PlainBufferRow> readRows(ByteBuffer bytes, String field) {
        try {
            return new Reader(bytes.order(ByteOrder.LITTLE_ENDIAN), true).rows();
        } catch (IOException | RuntimeException e) {
            throw OtsException.parameterInvalid("Invalid PlainBuffer in " + field + ": " + e.getMessage());
        }
    }

    static PlainBufferRow readSingleRow(ByteString bytes, String field) {
        List<PlainBufferRow> rows = readRows(bytes, field);
        if (rows.size() != 1) {
            throw OtsException.parameterInvalid(field + " must hold exactly one row, it holds " + rows.size());
        }
        return rows.get(0);
    }

    static PrimaryKey readPrimaryKey(ByteString bytes, String field) {
        PlainBufferRow row = readSingleRow(bytes, field);
        try {
            return PlainBufferConversion.toPrimaryKey(row.getPrimaryKey());
        } catch (IOException | RuntimeException e) {
            throw OtsException.parameterInvalid("Invalid primary key in " + field + ": " + e.getMessage());
        }
    }

    static ByteString writeRows(List<PlainBufferRow> rows) {
        return rows.isEmpty() ? ByteString.EMPTY : ByteString.copyFrom(writeRowsToBytes(rows));
    }

    static byte[] writeRowsToBytes(List<PlainBufferRow> rows) {
        Writer writer = new Writer();
        writer.int32(HEADER);
        for (PlainBufferRow row : rows) {
            writer.row(row);
        }
        return writer.toByteArray();
    }

    /**
     * A row as the store keeps it: PlainBuffer without checksums (written as 0), since RocksDB checksums its blocks
     * and the rows were checked when they arrived; the checksums the SDK verifies are computed when rows are answered.
     */
    static byte[] writeStoredRow(PlainBufferRow row) {
        Writer writer = new Writer(false, 256);
        writer.int32(HEADER);
        writer.row(row);
        return writer.toByteArray();
    }

    /**
     * The stored form of a PUT's row straight from the request's cells: the primary key, then each cell with its
     * version ({@code writeTime} where the request set none), with no intermediate row model.
     */
    static byte[] writeStoredPut(PrimaryKey primaryKey, List<PlainBufferCell> cells, long writeTime) {
        Writer writer = new Writer(false, 64 + 48 * cells.size());
        writer.int32(HEADER);
        writer.write(TAG_ROW_PK);
        for (com.alicloud.openservices.tablestore.model.PrimaryKeyColumn column : primaryKey.getPrimaryKeyColumns()) {
            writer.write(TAG_CELL);
            writer.name(column.getName());
            writer.primaryKeyValue(column.getValue(), (byte) 0);
            writer.write(TAG_CELL_CHECKSUM);
            writer.write(0);
        }
        if (!cells.isEmpty()) {
            writer.write(TAG_ROW_DATA);
            for (PlainBufferCell cell : cells) {
                writer.write(TAG_CELL);
                writer.name(cell.getCellName());
                writer.value(cell.getCellValue(), (byte) 0);
                writer.write(TAG_CELL_TIMESTAMP);
                writer.int64(cell.hasCellTimestamp() ? cell.getCellTimestamp() : writeTime);
                writer.write(TAG_CELL_CHECKSUM);
                writer.write(0);
            }
        }
        writer.write(TAG_ROW_CHECKSUM);
        writer.write(0);
        return writer.toByteArray();
    }

    /** Reads a row written by {@link #writeStoredRow} or {@link #writeStoredPut} (or with checksums, by older versions). */
    static PlainBufferRow readStoredRow(byte[] state) {
        try {
            List<PlainBufferRow> rows = new Reader(ByteBuffer.wrap(state).order(ByteOrder.LITTLE_ENDIAN), false).rows();
            return rows.get(0);
        } catch (IOException | RuntimeException e) {
            throw OtsException.internal("Corrupt stored row: " + e.getMessage());
        }
    }

    static ByteString writePrimaryKey(PrimaryKey primaryKey) {
        return writeRows(List.of(new PlainBufferRow(WideColumnTable.primaryKeyCells(primaryKey), new ArrayList<>(),
                false)));
    }

    static byte[] nameBytes(String name) {
        byte[] bytes = NAME_BYTES.get(name);
        if (bytes == null) {
            bytes = name.getBytes(StandardCharsets.UTF_8);
            if (NAME_BYTES.size() < MAX_CACHED_NAMES) {
                NAME_BYTES.put(name, bytes);
            }
        }
        return bytes;
    }

    /** Parses rows, checking each cell's and row's checksum. */
    /** The checksum with {@code value} added, or 0 when checksums are off (stored rows). */
    private static byte crc(boolean on, byte checksum, byte value) {
        return on ? PlainBufferCrc8.crc8(checksum, value) : 0;
    }

    private static byte crc(boolean on, byte checksum, long value) {
        return on ? PlainBufferCrc8.crc8(checksum, value) : 0;
    }

    private static byte crc(boolean on, byte checksum, int value) {
        return on ? PlainBufferCrc8.crc8(checksum, value) : 0;
    }

    private static byte crc(boolean on, byte checksum, byte[] value) {
        return on ? PlainBufferCrc8.crc8(checksum, value) : 0;
    }

    private static final class Reader {
        private final ByteBuffer in;
        private final boolean verify;
        private int tag;

        Reader(ByteBuffer in, boolean verify) {
            this.in = in;
            this.verify = verify;
        }

        private int nextTag() {
            tag = in.hasRemaining() ? in.get() : 0;
            return tag;
        }

        private byte[] bytes(int length) throws IOException {
            if (length < 0 || length > in.remaining()) {
                throw new IOException("a length of " + length + " runs past the end");
            }
            byte[] bytes = new byte[length];
            in.get(bytes);
            return bytes;
        }

        List<PlainBufferRow> rows() throws IOException {
            try {
                if (in.getInt() != HEADER) {
                    throw new IOException("Invalid header from plain buffer.");
                }
                List<PlainBufferRow> rows = new ArrayList<>();
                nextTag();
                while (tag != 0 || in.hasRemaining()) {
                    rows.add(row());
                }
                return rows;
            } catch (BufferUnderflowException e) {
                throw new IOException("the row ends early");
            }
        }

        private PlainBufferRow row() throws IOException {
            List<PlainBufferCell> primaryKey = new ArrayList<>();
            List<PlainBufferCell> cells = new ArrayList<>();
            byte checksum = 0;
            if (tag == TAG_ROW_PK) {
                nextTag();
                while (tag == TAG_CELL) {
                    PlainBufferCell cell = new PlainBufferCell();
                    checksum = crc(verify, checksum, cell(cell, true));
                    primaryKey.add(cell);
                }
            }
            if (primaryKey.isEmpty()) {
                throw new IOException("The primary key of row is empty.");
            }
            if (tag == TAG_ROW_DATA) {
                nextTag();
                while (tag == TAG_CELL) {
                    PlainBufferCell cell = new PlainBufferCell();
                    checksum = crc(verify, checksum, cell(cell, false));
                    cells.add(cell);
                }
            }
            boolean deleteMarker = false;
            if (tag == TAG_DELETE_ROW_MARKER) {
                deleteMarker = true;
                nextTag();
            }
            if (tag == TAG_EXTENSION) {
                bytes(in.getInt());
                nextTag();
            }
            checksum = crc(verify, checksum, deleteMarker ? (byte) 1 : (byte) 0);
            if (tag != TAG_ROW_CHECKSUM) {
                throw new IOException("Expect TAG_ROW_CHECKSUM but it was " + printTag(tag));
            }
            if (in.get() != checksum && verify) {
                throw new IOException("Checksum is mismatch.");
            }
            nextTag();
            return new PlainBufferRow(primaryKey, cells, deleteMarker);
        }

        /** Reads one cell into {@code cell}; returns its checksum. */
        private byte cell(PlainBufferCell cell, boolean primaryKey) throws IOException {
            byte checksum = 0;
            nextTag();
            if (tag == TAG_CELL_NAME) {
                byte[] name = bytes(in.getInt());
                checksum = crc(verify, checksum, name);
                cell.setCellName(new String(name, StandardCharsets.UTF_8));
                nextTag();
            }
            if (tag == TAG_CELL_VALUE) {
                in.getInt();
                byte type = in.get();
                checksum = crc(verify, checksum, type);
                switch (type) {
                    case VT_INTEGER: {
                        long value = in.getLong();
                        checksum = crc(verify, checksum, value);
                        if (primaryKey) {
                            cell.setPkCellValue(PrimaryKeyValue.fromLong(value));
                        } else {
                            cell.setCellValue(ColumnValue.fromLong(value));
                        }
                        break;
                    }
                    case VT_STRING:
                    case VT_BLOB: {
                        int length = in.getInt();
                        byte[] raw = bytes(length);
                        checksum = crc(verify, checksum, length);
                        checksum = crc(verify, checksum, raw);
                        if (type == VT_STRING) {
                            String text = new String(raw, StandardCharsets.UTF_8);
                            if (primaryKey) {
                                cell.setPkCellValue(PrimaryKeyValue.fromString(text, raw));
                            } else {
                                cell.setCellValue(ColumnValue.fromString(text, raw));
                            }
                        } else if (primaryKey) {
                            cell.setPkCellValue(PrimaryKeyValue.fromBinary(raw));
                        } else {
                            cell.setCellValue(ColumnValue.fromBinary(raw));
                        }
                        break;
                    }
                    case VT_DOUBLE: {
                        long bits = in.getLong();
                        checksum = crc(verify, checksum, bits);
                        cell.setCellValue(ColumnValue.fromDouble(Double.longBitsToDouble(bits)));
                        break;
                    }
                    case VT_BOOLEAN: {
                        byte value = in.get();
                        checksum = crc(verify, checksum, value);
                        cell.setCellValue(ColumnValue.fromBoolean(value != 0));
                        break;
                    }
                    case VT_INF_MIN:
                        cell.setPkCellValue(PrimaryKeyValue.INF_MIN);
                        break;
                    case VT_INF_MAX:
                        cell.setPkCellValue(PrimaryKeyValue.INF_MAX);
                        break;
                    case VT_AUTO_INCREMENT:
                        cell.setPkCellValue(PrimaryKeyValue.AUTO_INCREMENT);
                        break;
                    default:
                        throw new IOException("Unsupported column type: " + type);
                }
                if (!primaryKey && (type == VT_INF_MIN || type == VT_INF_MAX || type == VT_AUTO_INCREMENT)) {
                    throw new IOException("Unsupported column type: " + type);
                }
                nextTag();
            }
            if (tag == TAG_CELL_TYPE) {
                // the SDK's checksum takes the timestamp before the cell type
                cell.setCellType(in.get());
                nextTag();
            }
            if (tag == TAG_CELL_TIMESTAMP) {
                long timestamp = in.getLong();
                if (timestamp < 0) {
                    throw new IOException("The timestamp is negative.");
                }
                cell.setCellTimestamp(timestamp);
                checksum = crc(verify, checksum, timestamp);
                nextTag();
            }
            if (cell.hasCellType()) {
                checksum = crc(verify, checksum, cell.getCellType());
            }
            if (tag != TAG_CELL_CHECKSUM) {
                throw new IOException("Expect TAG_CELL_CHECKSUM but it was " + printTag(tag));
            }
            if (in.get() != checksum && verify) {
                throw new IOException("Checksum is mismatch.");
            }
            nextTag();
            return checksum;
        }
    }

    /** Writes rows, with their checksums or with 0 in their place (into an unsynchronized growing array). */
    private static final class Writer {
        private final boolean checksums;
        private byte[] buffer;
        private int count;

        Writer() {
            this(true, 512);
        }

        Writer(boolean checksums, int capacity) {
            this.checksums = checksums;
            this.buffer = new byte[capacity];
        }

        /** The cell name tag, length and bytes; returns the name's checksum. */
        private byte name(String cellName) {
            byte[] name = nameBytes(cellName);
            write(TAG_CELL_NAME);
            int32(name.length);
            writeBytes(name);
            return crc(checksums, (byte) 0, name);
        }

        private void write(int b) {
            if (count == buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, buffer.length * 2);
            }
            buffer[count++] = (byte) b;
        }

        private void writeBytes(byte[] bytes) {
            if (count + bytes.length > buffer.length) {
                buffer = java.util.Arrays.copyOf(buffer, Math.max(buffer.length * 2, count + bytes.length));
            }
            System.arraycopy(bytes, 0, buffer, count, bytes.length);
            count += bytes.length;
        }

        byte[] toByteArray() {
            return java.util.Arrays.copyOf(buffer, count);
        }

        void int32(int value) {
            for (int i = 0; i < 4; i++) {
                write(value >>> (8 * i));
            }
        }

        void int64(long value) {
            for (int i = 0; i < 8; i++) {
                write((int) (value >>> (8 * i)));
            }
        }

        void row(PlainBufferRow row) {
            byte checksum = 0;
            write(TAG_ROW_PK);
            for (PlainBufferCell cell : row.getPrimaryKey()) {
                checksum = crc(checksums, checksum, cell(cell, true));
            }
            if (!row.getCells().isEmpty()) {
                write(TAG_ROW_DATA);
                for (PlainBufferCell cell : row.getCells()) {
                    checksum = crc(checksums, checksum, cell(cell, false));
                }
            }
            if (row.hasDeleteMarker()) {
                write(TAG_DELETE_ROW_MARKER);
            }
            checksum = crc(checksums, checksum, row.hasDeleteMarker() ? (byte) 1 : (byte) 0);
            write(TAG_ROW_CHECKSUM);
            write(checksum);
        }

        private byte cell(PlainBufferCell cell, boolean primaryKey) {
            byte checksum = 0;
            write(TAG_CELL);
            if (cell.hasCellName()) {
                checksum = name(cell.getCellName());
            }
            if (primaryKey) {
                checksum = primaryKeyValue(cell.getPkCellValue(), checksum);
            } else if (cell.hasCellValue()) {
                checksum = value(cell.getCellValue(), checksum);
            }
            if (cell.hasCellType()) {
                write(TAG_CELL_TYPE);
                write(cell.getCellType());
            }
            if (cell.hasCellTimestamp()) {
                write(TAG_CELL_TIMESTAMP);
                int64(cell.getCellTimestamp());
                checksum = crc(checksums, checksum, cell.getCellTimestamp());
            }
            if (cell.hasCellType()) {
                checksum = crc(checksums, checksum, cell.getCellType());
            }
            write(TAG_CELL_CHECKSUM);
            write(checksum);
            return checksum;
        }

        private byte primaryKeyValue(PrimaryKeyValue value, byte checksum) {
            write(TAG_CELL_VALUE);
            if (value.isInfMin() || value.isInfMax()) {
                byte type = value.isInfMin() ? VT_INF_MIN : VT_INF_MAX;
                int32(1);
                write(type);
                return crc(checksums, checksum, type);
            }
            switch (value.getType()) {
                case INTEGER:
                    return integer(value.asLong(), checksum);
                case STRING:
                    return bytes(VT_STRING, value.asStringInBytes(), checksum);
                default:
                    return bytes(VT_BLOB, value.asBinary(), checksum);
            }
        }

        private byte value(ColumnValue value, byte checksum) {
            write(TAG_CELL_VALUE);
            switch (value.getType()) {
                case INTEGER:
                    return integer(value.asLong(), checksum);
                case STRING:
                    return bytes(VT_STRING, value.asStringInBytes(), checksum);
                case BINARY:
                    return bytes(VT_BLOB, value.asBinary(), checksum);
                case DOUBLE: {
                    long bits = Double.doubleToRawLongBits(value.asDouble());
                    int32(9);
                    write(VT_DOUBLE);
                    int64(bits);
                    return crc(checksums, crc(checksums, checksum, VT_DOUBLE), bits);
                }
                default: {
                    byte flag = value.asBoolean() ? (byte) 1 : (byte) 0;
                    int32(2);
                    write(VT_BOOLEAN);
                    write(flag);
                    return crc(checksums, crc(checksums, checksum, VT_BOOLEAN), flag);
                }
            }
        }

        private byte integer(long value, byte checksum) {
            int32(9);
            write(VT_INTEGER);
            int64(value);
            return crc(checksums, crc(checksums, checksum, VT_INTEGER), value);
        }

        private byte bytes(byte type, byte[] data, byte checksum) {
            int32(5 + data.length);
            write(type);
            int32(data.length);
            writeBytes(data);
            checksum = crc(checksums, checksum, type);
            checksum = crc(checksums, checksum, data.length);
            return crc(checksums, checksum, data);
        }
    }
}
