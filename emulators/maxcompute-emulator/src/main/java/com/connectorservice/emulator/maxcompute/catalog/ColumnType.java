package com.connectorservice.emulator.maxcompute.catalog;

import java.util.List;
import java.util.Locale;

import com.connectorservice.emulator.maxcompute.ServiceException;

/** The column types the emulator stores, with the protobuf wire type the tunnel uses for each. */
public enum ColumnType {
    STRING(WireType.LENGTH_DELIMITED),
    BIGINT(WireType.VARINT),
    INT(WireType.VARINT),
    SMALLINT(WireType.VARINT),
    TINYINT(WireType.VARINT),
    DOUBLE(WireType.FIXED64),
    FLOAT(WireType.FIXED32),
    /** Days since 1970-01-01. */
    DATE(WireType.VARINT),
    /** Like TIMESTAMP (seconds, nanos), the wall-clock time read as UTC. */
    TIMESTAMP_NTZ(WireType.LENGTH_DELIMITED),
    BOOLEAN(WireType.VARINT),
    DATETIME(WireType.VARINT),
    /** Sent as two zig-zag varints (seconds, nanos) behind a length-delimited tag, without a length. */
    TIMESTAMP(WireType.LENGTH_DELIMITED),
    DECIMAL(WireType.LENGTH_DELIMITED),
    BINARY(WireType.LENGTH_DELIMITED),
    JSON(WireType.LENGTH_DELIMITED),
    /** Complex types: a length-delimited tag without a length, then the elements (see {@link DataType}). */
    ARRAY(WireType.LENGTH_DELIMITED),
    MAP(WireType.LENGTH_DELIMITED),
    STRUCT(WireType.LENGTH_DELIMITED);

    public static final class WireType {
        public static final int VARINT = 0;
        public static final int FIXED64 = 1;
        public static final int LENGTH_DELIMITED = 2;
        public static final int FIXED32 = 5;

        private WireType() {
        }
    }

    private final int wireType;

    ColumnType(int wireType) {
        this.wireType = wireType;
    }

    public int wireType() {
        return wireType;
    }

    /** Whether a column of this type may become {@code to} (ALTER TABLE CHANGE COLUMN), as the service allows. */
    public boolean widensTo(ColumnType to) {
        if (this == to) {
            return true;
        }
        List<ColumnType> integers = List.of(TINYINT, SMALLINT, INT, BIGINT);
        if (integers.contains(this) && integers.contains(to)) {
            return integers.indexOf(this) < integers.indexOf(to);
        }
        return switch (this) {
            case FLOAT -> to == DOUBLE || to == STRING;
            case TINYINT, SMALLINT, INT, BIGINT, DOUBLE, DECIMAL, BOOLEAN -> to == STRING;
            default -> false;
        };
    }

    /** Parses a declared type such as {@code bigint} or {@code decimal(10,2)}. */
    public static ColumnType parse(String declared) {
        String base = declared.trim().toUpperCase(Locale.ROOT);
        int paren = base.indexOf('(');
        if (paren >= 0) {
            base = base.substring(0, paren).trim();
        }
        int angle = base.indexOf('<');
        if (angle >= 0) {
            base = base.substring(0, angle).trim();
        }
        if (base.equals("INTEGER")) {
            return INT;
        }
        try {
            return ColumnType.valueOf(base);
        } catch (IllegalArgumentException e) {
            throw ServiceException.badRequest("InvalidArgument",
                    "unsupported column type '" + declared + "'; supported: STRING, BIGINT, INT, SMALLINT, TINYINT, "
                            + "DOUBLE, FLOAT, BOOLEAN, DATE, DATETIME, TIMESTAMP, TIMESTAMP_NTZ, DECIMAL, BINARY, JSON, "
                            + "ARRAY<..>, MAP<..,..>, STRUCT<name:type,..>");
        }
    }
}
