package com.connectorservice.emulator.tablestore;

import com.alicloud.openservices.tablestore.model.PrimaryKey;
import com.alicloud.openservices.tablestore.model.PrimaryKeyColumn;
import com.alicloud.openservices.tablestore.model.PrimaryKeyValue;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Byte strings whose unsigned order is Tablestore's row order ({@link PrimaryKeyOrder}), so that the store's sorted
 * keys are the table's rows in primary key order: integers as 8 big-endian bytes with the sign bit flipped, strings
 * (UTF-8) and binaries with each 0x00 written as 0x00 0xFF and closed by 0x00 0x00, so that a value sorts before every
 * longer value it is a prefix of. Every key starts with a kind byte and the table's id.
 */
final class OrderedKeys {
    private OrderedKeys() {
    }

    /** Builds one key. */
    static final class Builder {
        private byte[] out = new byte[48];
        private int length;

        Builder(byte kind, long tableId) {
            write(kind);
            putLong(tableId);
        }

        private void write(int b) {
            if (length == out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            out[length++] = (byte) b;
        }

        Builder putLong(long value) {
            long flipped = value ^ Long.MIN_VALUE;
            for (int shift = 56; shift >= 0; shift -= 8) {
                write((int) (flipped >>> shift));
            }
            return this;
        }

        Builder putBytes(byte[] value) {
            for (byte b : value) {
                write(b);
                if (b == 0) {
                    write(0xff);
                }
            }
            write(0);
            write(0);
            return this;
        }

        Builder putString(String value) {
            return putBytes(value.getBytes(StandardCharsets.UTF_8));
        }

        Builder put(PrimaryKeyValue value) {
            switch (value.getType()) {
                case INTEGER:
                    return putLong(value.asLong());
                case STRING:
                    return putBytes(value.asStringInBytes());
                default:
                    return putBytes(value.asBinary());
            }
        }

        byte[] build() {
            return Arrays.copyOf(out, length);
        }
    }

    /** The first key of a table's rows of {@code kind}. */
    static byte[] tableStart(byte kind, long tableId) {
        return new Builder(kind, tableId).build();
    }

    /** The key after every row of a table of {@code kind}. */
    static byte[] tableEnd(byte kind, long tableId) {
        return new Builder(kind, tableId + 1).build();
    }

    /** The key of a row: no column may be INF_MIN or INF_MAX. */
    static byte[] row(byte kind, long tableId, PrimaryKey primaryKey) {
        Builder key = new Builder(kind, tableId);
        for (PrimaryKeyColumn column : primaryKey.getPrimaryKeyColumns()) {
            key.put(column.getValue());
        }
        return key.build();
    }

    /**
     * The bound of a range key that may hold INF_MIN or INF_MAX: for every row key k, k is before the bound (bytes
     * less than it) exactly when the row is before the range key in Tablestore's order; rows equal to a range key
     * without infinities have exactly its bytes. The columns after the first infinity do not matter, as in Tablestore.
     */
    static byte[] bound(byte kind, long tableId, PrimaryKey rangeKey) {
        Builder key = new Builder(kind, tableId);
        for (PrimaryKeyColumn column : rangeKey.getPrimaryKeyColumns()) {
            PrimaryKeyValue value = column.getValue();
            if (value.isInfMin()) {
                return key.build();
            }
            if (value.isInfMax()) {
                return successor(key.build());
            }
            key.put(value);
        }
        return key.build();
    }

    /** Whether {@code rangeKey} holds INF_MIN or INF_MAX (then no row equals it). */
    static boolean hasInfinity(PrimaryKey rangeKey) {
        for (PrimaryKeyColumn column : rangeKey.getPrimaryKeyColumns()) {
            if (column.getValue().isInfMin() || column.getValue().isInfMax()) {
                return true;
            }
        }
        return false;
    }

    /** The smallest byte string after every string that starts with {@code prefix}. */
    static byte[] successor(byte[] prefix) {
        int end = prefix.length;
        while (end > 0 && prefix[end - 1] == (byte) 0xff) {
            end--;
        }
        if (end == 0) {
            throw new IllegalArgumentException("no successor of a key of 0xff bytes");
        }
        byte[] next = Arrays.copyOf(prefix, end);
        next[end - 1]++;
        return next;
    }
}
