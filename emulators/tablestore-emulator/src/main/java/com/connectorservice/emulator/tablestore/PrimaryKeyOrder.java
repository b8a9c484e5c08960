package com.connectorservice.emulator.tablestore;

import com.alicloud.openservices.tablestore.model.PrimaryKey;
import com.alicloud.openservices.tablestore.model.PrimaryKeyColumn;
import com.alicloud.openservices.tablestore.model.PrimaryKeyValue;
import java.util.Comparator;

/**
 * Tablestore's row order: column by column, integers as signed 64-bit numbers, strings and binaries as unsigned bytes
 * (for strings, UTF-8 byte order equals code point order), INF_MIN below and INF_MAX above every value.
 */
final class PrimaryKeyOrder implements Comparator<PrimaryKey> {
    static final PrimaryKeyOrder INSTANCE = new PrimaryKeyOrder();

    private PrimaryKeyOrder() {
    }

    @Override
    public int compare(PrimaryKey a, PrimaryKey b) {
        PrimaryKeyColumn[] left = a.getPrimaryKeyColumns();
        PrimaryKeyColumn[] right = b.getPrimaryKeyColumns();
        int shared = Math.min(left.length, right.length);
        for (int i = 0; i < shared; i++) {
            int c = compareValues(left[i].getValue(), right[i].getValue());
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(left.length, right.length);
    }

    static int compareValues(PrimaryKeyValue a, PrimaryKeyValue b) {
        int rankA = rank(a);
        int rankB = rank(b);
        if (rankA != 0 || rankB != 0) {
            return Integer.compare(rankA, rankB);
        }
        switch (a.getType()) {
            case INTEGER:
                return Long.compare(a.asLong(), b.asLong());
            case STRING:
                return compareCodePoints(a.asString(), b.asString());
            case BINARY:
                return java.util.Arrays.compareUnsigned(a.asBinary(), b.asBinary());
            default:
                throw new IllegalArgumentException("Unsupported primary key type " + a.getType());
        }
    }

    private static int rank(PrimaryKeyValue value) {
        if (value.isInfMin()) {
            return -1;
        }
        return value.isInfMax() ? 1 : 0;
    }

    /** Code point order (= UTF-8 byte order) without decoding: UTF-16 order differs only around surrogates. */
    private static int compareCodePoints(String a, String b) {
        int shared = Math.min(a.length(), b.length());
        for (int i = 0; i < shared; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                boolean surrogateA = Character.isSurrogate(ca);
                if (surrogateA != Character.isSurrogate(cb)) {
                    return surrogateA ? 1 : -1;
                }
                return Character.compare(ca, cb);
            }
        }
        return Integer.compare(a.length(), b.length());
    }
}
