package com.connectorservice.emulator.maxcompute.catalog;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.connectorservice.emulator.maxcompute.ServiceException;

/** The column types the emulator stores, with the protobuf wire type the tunnel uses for each. */
public enum ColumnType {
    STRING(WireType.LENGTH_DELIMITED),
    BIGINT(WireType.VARINT),
    INT(WireType.VARINT),
    DOUBLE(WireType.FIXED64),
    BOOLEAN(WireType.VARINT),
    DATETIME(WireType.VARINT),
    /** Sent as two zig-zag varints (seconds, nanos) behind a length-delimited tag, without a length. */
    TIMESTAMP(WireType.LENGTH_DELIMITED),
    DECIMAL(WireType.LENGTH_DELIMITED),
    BINARY(WireType.LENGTH_DELIMITED),
    JSON(WireType.LENGTH_DELIMITED);

    public static final class WireType {
        public static final int VARINT = 0;
        public static final int FIXED64 = 1;
        public static final int LENGTH_DELIMITED = 2;

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

    /** Declared types seen so far: rows are read column by column, and parsing each time was a tenth of a scan. */
    private static final Map<String, ColumnType> PARSED = new ConcurrentHashMap<>();

    /** Parses a declared type such as {@code bigint} or {@code decimal(10,2)}. */
    public static ColumnType parse(String declared) {
        ColumnType known = PARSED.get(declared);
        if (known != null) {
            return known;
        }
        ColumnType type = parseUncached(declared);
        if (PARSED.size() < 1024) {
            PARSED.put(declared, type);
        }
        return type;
    }

    private static ColumnType parseUncached(String declared) {
        String base = declared.trim().toUpperCase(Locale.ROOT);
        int paren = base.indexOf('(');
        if (paren >= 0) {
            base = base.substring(0, paren).trim();
        }
        try {
            return ColumnType.valueOf(base);
        } catch (IllegalArgumentException e) {
            throw ServiceException.badRequest("InvalidArgument",
                    "unsupported column type '" + declared + "'; supported: STRING, BIGINT, INT, DOUBLE, BOOLEAN, "
                            + "DATETIME, TIMESTAMP, DECIMAL, BINARY, JSON");
        }
    }
}
