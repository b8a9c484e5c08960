package com.connectorservice.emulator.maxcompute.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import com.connectorservice.emulator.maxcompute.ServiceException;
import com.connectorservice.emulator.maxcompute.catalog.Column;
import com.connectorservice.emulator.maxcompute.catalog.ColumnType;
import com.connectorservice.emulator.maxcompute.catalog.DataType;

/**
 * The tunnel's record stream: per record, one tagged field per non-null column (field number = column
 * position + 1), closed by an end-of-record tag carrying the record's CRC32C; after the last record, the
 * record count and the CRC32C over all record checksums. Decoding is driven by the table schema.
 */
public final class RecordStreamFormat {

    /** The service's limit for one STRING, BINARY or JSON value, announced to clients as MaxFieldSize. */
    public static final int MAX_FIELD_BYTES = 8 * 1024 * 1024;
    static final int END_RECORD = 33553408;
    static final int META_COUNT = 33554430;
    static final int META_CHECKSUM = 33554431;
    private static final int METRICS_TAG = 1;
    private static final int METRICS_END = 33554176;

    private RecordStreamFormat() {
    }

    /** Thrown for bodies that do not follow the protocol; answered as HTTP 400. */
    public static ServiceException malformed(String message) {
        return ServiceException.badRequest("MalformedDataStream", message);
    }

    /** CRC32C fed with little-endian primitives, as the SDK's Checksum class does. */
    private static final class Crc {
        private final CRC32C crc = new CRC32C();
        private final byte[] scratch = new byte[8];

        void updateInt(int v) {
            for (int i = 0; i < 4; i++) {
                scratch[i] = (byte) (v >>> (8 * i));
            }
            crc.update(scratch, 0, 4);
        }

        void updateLong(long v) {
            for (int i = 0; i < 8; i++) {
                scratch[i] = (byte) (v >>> (8 * i));
            }
            crc.update(scratch, 0, 8);
        }

        void updateBoolean(boolean v) {
            crc.update(v ? 1 : 0);
        }

        void updateBytes(byte[] b) {
            crc.update(b, 0, b.length);
        }

        int value() {
            return (int) crc.getValue();
        }

        void reset() {
            crc.reset();
        }
    }

    /** Decodes and verifies records one by one. */
    public static final class Decoder {
        private final ProtoInput in;
        private final Column[] columns;
        private final DataType[] types;
        private final Crc crc = new Crc();
        private final Crc crcOfCrcs = new Crc();
        private final boolean materialize;
        private final boolean bare;
        private long count;
        private boolean finished;

        /** A decoder that returns each record's values. */
        public Decoder(List<Column> columns, InputStream in, OutputStream copyTo) {
            this(columns, in, copyTo, true);
        }

        /**
         * With {@code materialize} false, records are verified but text and binary values are not copied out;
         * {@link #next()} then returns an array of unspecified values for each record.
         */
        public Decoder(List<Column> columns, InputStream in, OutputStream copyTo, boolean materialize) {
            this(columns, in, copyTo, materialize, false);
        }

        /**
         * A decoder of stored records: {@code bare} streams hold records only, without the count and checksum trailer
         * (the tunnel checked it before the records were stored), and end after any record.
         */
        public static Decoder ofStoredRecords(List<Column> columns, InputStream in) {
            return new Decoder(columns, in, null, true, true);
        }

        private Decoder(List<Column> columns, InputStream in, OutputStream copyTo, boolean materialize, boolean bare) {
            this.materialize = materialize;
            this.bare = bare;
            this.in = new ProtoInput(in, copyTo);
            this.columns = columns.toArray(new Column[0]);
            this.types = new DataType[this.columns.length];
            for (int i = 0; i < types.length; i++) {
                types[i] = this.columns[i].dataType();
            }
        }

        public long count() {
            return count;
        }

        /** Bytes consumed so far: after {@link #next()} returned a record, where that record ends in the stream. */
        public long bytesRead() {
            return in.bytesRead();
        }

        /** The next record's values (index = column position), or null after the verified trailer. */
        public Object[] next() throws IOException {
            if (finished) {
                return null;
            }
            Object[] values = new Object[columns.length];
            if (bare && in.isAtEnd()) {
                finished = true;
                return null;
            }
            while (true) {
                if (in.isAtEnd()) {
                    throw malformed("record stream ends after " + count
                            + " record(s) without the record count and checksum trailer");
                }
                int tag = in.readVarint32();
                int field = tag >>> 3;
                int wireType = tag & 7;
                if (field == END_RECORD) {
                    int expected = in.readVarint32();
                    int actual = crc.value();
                    if (expected != actual) {
                        throw malformed("checksum mismatch in record " + (count + 1) + ": sent "
                                + Integer.toUnsignedString(expected) + ", computed " + Integer.toUnsignedString(actual));
                    }
                    crc.reset();
                    crcOfCrcs.updateInt(actual);
                    count++;
                    return values;
                }
                if (field == META_COUNT) {
                    readTrailer();
                    return null;
                }
                if (field < 1 || field > columns.length) {
                    throw malformed("record " + (count + 1) + " has field " + field + " but the schema has "
                            + columns.length + " column(s)");
                }
                int index = field - 1;
                DataType type = types[index];
                if (wireType != type.base().wireType()) {
                    throw malformed("record " + (count + 1) + ", column '" + columns[index].name() + "' ("
                            + columns[index].declaredType() + "): wire type " + wireType + " does not match");
                }
                crc.updateInt(field);
                values[index] = readValue(type);
            }
        }

        private List<Object> readList(DataType element) throws IOException {
            int size = in.readVarint32();
            if (size < 0) {
                throw malformed("record " + (count + 1) + ": negative element count " + size);
            }
            List<Object> list = new ArrayList<>(Math.min(size, 1024));
            for (int i = 0; i < size; i++) {
                list.add(in.readVarint64() != 0 ? null : readValue(element));
            }
            return list;
        }

        private void readTrailer() throws IOException {
            long sentCount = in.readSInt64();
            if (sentCount != count) {
                throw malformed("record count mismatch: trailer says " + sentCount + ", stream holds " + count);
            }
            int tag = in.readVarint32() >>> 3;
            if (tag == METRICS_TAG) {
                in.readBytes(in.readVarint32());
                tag = in.readVarint32() >>> 3;
            }
            if (tag == METRICS_END) {
                in.readVarint32();
                tag = in.readVarint32() >>> 3;
            }
            if (tag != META_CHECKSUM) {
                throw malformed("expected the total checksum after the record count, found field " + tag);
            }
            int expected = in.readVarint32();
            if (expected != crcOfCrcs.value()) {
                throw malformed("total checksum mismatch: sent " + Integer.toUnsignedString(expected)
                        + ", computed " + Integer.toUnsignedString(crcOfCrcs.value()));
            }
            if (!in.isAtEnd()) {
                throw malformed("unexpected bytes after the record stream trailer");
            }
            finished = true;
        }

        private Object readValue(DataType dataType) throws IOException {
            ColumnType type = dataType.base();
            switch (type) {
                case TINYINT, SMALLINT -> {
                    long v = in.readSInt64();
                    crc.updateLong(v);
                    long limit = type == ColumnType.TINYINT ? Byte.MAX_VALUE : Short.MAX_VALUE;
                    if (v < -limit - 1 || v > limit) {
                        throw malformed("record " + (count + 1) + ": " + type + " value " + v + " out of range");
                    }
                    return type == ColumnType.TINYINT ? (Object) (byte) v : (Object) (short) v;
                }
                case FLOAT -> {
                    int bits = in.readFixed32();
                    crc.updateInt(bits);
                    return Float.intBitsToFloat(bits);
                }
                case DATE -> {
                    long days = in.readSInt64();
                    crc.updateLong(days);
                    return LocalDate.ofEpochDay(days);
                }
                case TIMESTAMP_NTZ -> {
                    long seconds = in.readSInt64();
                    int nanos = in.readSInt32();
                    crc.updateLong(seconds);
                    crc.updateInt(nanos);
                    return LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
                }
                case ARRAY -> {
                    return readList(dataType.children().get(0));
                }
                case MAP -> {
                    List<Object> keys = readList(dataType.children().get(0));
                    List<Object> values = readList(dataType.children().get(1));
                    if (keys.size() != values.size()) {
                        throw malformed("record " + (count + 1) + ": a MAP with " + keys.size() + " keys and "
                                + values.size() + " values");
                    }
                    Map<Object, Object> map = new LinkedHashMap<>();
                    for (int i = 0; i < keys.size(); i++) {
                        map.put(keys.get(i), values.get(i));
                    }
                    return map;
                }
                case STRUCT -> {
                    List<Object> fields = new ArrayList<>();
                    for (DataType field : dataType.children()) {
                        fields.add(in.readVarint64() != 0 ? null : readValue(field));
                    }
                    return fields;
                }
                case BOOLEAN -> {
                    boolean v = in.readVarint64() != 0;
                    crc.updateBoolean(v);
                    return v;
                }
                case BIGINT -> {
                    long v = in.readSInt64();
                    crc.updateLong(v);
                    return v;
                }
                case INT -> {
                    long v = in.readSInt64();
                    crc.updateLong(v);
                    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                        throw malformed("record " + (count + 1) + ": INT value " + v + " out of range");
                    }
                    return (int) v;
                }
                case DATETIME -> {
                    long millis = in.readSInt64();
                    crc.updateLong(millis);
                    return Instant.ofEpochMilli(millis);
                }
                case DOUBLE -> {
                    long bits = in.readFixed64();
                    crc.updateLong(bits);
                    return Double.longBitsToDouble(bits);
                }
                case TIMESTAMP -> {
                    long seconds = in.readSInt64();
                    int nanos = in.readSInt32();
                    crc.updateLong(seconds);
                    crc.updateInt(nanos);
                    return Instant.ofEpochSecond(seconds, nanos);
                }
                case STRING, JSON, BINARY, DECIMAL -> {
                    int length = in.readVarint32();
                    if (length < 0 || length > MAX_FIELD_BYTES) {
                        throw malformed("record " + (count + 1) + ": a " + type + " value of " + Integer.toUnsignedString(length)
                                + " bytes exceeds the limit of " + MAX_FIELD_BYTES + " bytes");
                    }
                    if (!materialize && type != ColumnType.DECIMAL) {
                        in.skipBytes(length, crc.crc);
                        return null;
                    }
                    byte[] bytes = in.readBytes(length);
                    crc.updateBytes(bytes);
                    if (type == ColumnType.BINARY) {
                        return bytes;
                    }
                    String text = new String(bytes, StandardCharsets.UTF_8);
                    if (type == ColumnType.DECIMAL) {
                        try {
                            return new BigDecimal(text);
                        } catch (NumberFormatException e) {
                            throw malformed("record " + (count + 1) + ": invalid DECIMAL '" + text + "'");
                        }
                    }
                    return text;
                }
                default -> throw new IllegalStateException("unhandled type " + type);
            }
        }
    }

    /** Encodes records for download responses and tests. */
    public static final class Encoder {
        private final ProtoOutput out;
        private final DataType[] types;
        private final Crc crc = new Crc();
        private final Crc crcOfCrcs = new Crc();
        private long count;

        public Encoder(List<Column> columns, OutputStream out) {
            this.out = new ProtoOutput(out);
            this.types = new DataType[columns.size()];
            for (int i = 0; i < types.length; i++) {
                types[i] = columns.get(i).dataType();
            }
        }

        /** Writes one record; {@code values[i]} belongs to column i of the encoder's columns. */
        public void write(Object[] values) throws IOException {
            for (int i = 0; i < types.length; i++) {
                Object v = values[i];
                if (v == null) {
                    continue;
                }
                int field = i + 1;
                crc.updateInt(field);
                out.writeTag(field, types[i].base().wireType());
                writeValue(types[i], v);
            }
            int checksum = crc.value();
            out.writeTag(END_RECORD, 0);
            out.writeUInt32(checksum);
            crc.reset();
            crcOfCrcs.updateInt(checksum);
            count++;
        }

        private void writeValue(DataType dataType, Object v) throws IOException {
            ColumnType type = dataType.base();
            switch (type) {
                case TINYINT, SMALLINT -> {
                    long l = ((Number) v).longValue();
                    crc.updateLong(l);
                    out.writeSInt64(l);
                }
                case FLOAT -> {
                    int bits = Float.floatToRawIntBits((Float) v);
                    crc.updateInt(bits);
                    out.writeFixed32(bits);
                }
                case DATE -> {
                    long days = ((LocalDate) v).toEpochDay();
                    crc.updateLong(days);
                    out.writeSInt64(days);
                }
                case TIMESTAMP_NTZ -> {
                    Instant instant = ((LocalDateTime) v).toInstant(ZoneOffset.UTC);
                    crc.updateLong(instant.getEpochSecond());
                    crc.updateInt(instant.getNano());
                    out.writeSInt64(instant.getEpochSecond());
                    out.writeSInt32(instant.getNano());
                }
                case ARRAY -> writeList((List<?>) v, dataType.children().get(0));
                case MAP -> {
                    Map<?, ?> map = (Map<?, ?>) v;
                    writeList(new ArrayList<>(map.keySet()), dataType.children().get(0));
                    writeList(new ArrayList<>(map.values()), dataType.children().get(1));
                }
                case STRUCT -> {
                    List<?> fields = (List<?>) v;
                    for (int i = 0; i < dataType.children().size(); i++) {
                        Object field = fields.get(i);
                        out.writeVarint64(field == null ? 1 : 0);
                        if (field != null) {
                            writeValue(dataType.children().get(i), field);
                        }
                    }
                }
                case BOOLEAN -> {
                    boolean b = (Boolean) v;
                    crc.updateBoolean(b);
                    out.writeVarint64(b ? 1 : 0);
                }
                case BIGINT, INT -> {
                    long l = ((Number) v).longValue();
                    crc.updateLong(l);
                    out.writeSInt64(l);
                }
                case DATETIME -> {
                    long millis = ((Instant) v).toEpochMilli();
                    crc.updateLong(millis);
                    out.writeSInt64(millis);
                }
                case DOUBLE -> {
                    long bits = Double.doubleToRawLongBits((Double) v);
                    crc.updateLong(bits);
                    out.writeFixed64(bits);
                }
                case TIMESTAMP -> {
                    Instant instant = (Instant) v;
                    crc.updateLong(instant.getEpochSecond());
                    crc.updateInt(instant.getNano());
                    out.writeSInt64(instant.getEpochSecond());
                    out.writeSInt32(instant.getNano());
                }
                case BINARY -> {
                    byte[] bytes = (byte[]) v;
                    crc.updateBytes(bytes);
                    out.writeBytes(bytes);
                }
                case DECIMAL -> writeText(((BigDecimal) v).toPlainString());
                case STRING, JSON -> writeText((String) v);
                default -> throw new IllegalStateException("unhandled type " + type);
            }
        }

        private void writeText(String text) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            crc.updateBytes(bytes);
            out.writeBytes(bytes);
        }

        private void writeList(List<?> values, DataType element) throws IOException {
            out.writeVarint64(values.size());
            for (Object value : values) {
                out.writeVarint64(value == null ? 1 : 0);
                if (value != null) {
                    writeValue(element, value);
                }
            }
        }

        /** Writes the record count and total checksum trailer and flushes. */
        public void finish() throws IOException {
            out.writeTag(META_COUNT, 0);
            out.writeSInt64(count);
            out.writeTag(META_CHECKSUM, 0);
            out.writeUInt32(crcOfCrcs.value());
            out.flush();
        }
    }
}
