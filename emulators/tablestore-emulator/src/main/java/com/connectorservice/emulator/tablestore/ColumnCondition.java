package com.connectorservice.emulator.tablestore;

import com.alicloud.openservices.tablestore.core.protocol.OtsFilter;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.aliyun.ots.thirdparty.com.google.protobuf.ByteString;
import com.aliyun.ots.thirdparty.com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A column condition or row filter ({@code SingleColumnValueFilter}, {@code CompositeColumnValueFilter}) evaluated
 * against a stored row. Regex value transfer rules and column pagination filters are not supported.
 */
abstract class ColumnCondition {

    abstract boolean matches(StoredRow row);

    static ColumnCondition parse(ByteString bytes) {
        try {
            return of(OtsFilter.Filter.parseFrom(bytes));
        } catch (InvalidProtocolBufferException e) {
            throw OtsException.parameterInvalid("Invalid filter: " + e.getMessage());
        }
    }

    private static ColumnCondition of(OtsFilter.Filter filter) throws InvalidProtocolBufferException {
        switch (filter.getType()) {
            case FT_SINGLE_COLUMN_VALUE:
                return new Single(OtsFilter.SingleColumnValueFilter.parseFrom(filter.getFilter()));
            case FT_COMPOSITE_COLUMN_VALUE: {
                OtsFilter.CompositeColumnValueFilter composite =
                        OtsFilter.CompositeColumnValueFilter.parseFrom(filter.getFilter());
                List<ColumnCondition> parts = new ArrayList<>();
                for (OtsFilter.Filter sub : composite.getSubFiltersList()) {
                    parts.add(of(sub));
                }
                return new Composite(composite.getCombinator(), parts);
            }
            default:
                throw OtsException.unsupported("The emulator does not support the filter type " + filter.getType());
        }
    }

    private static final class Composite extends ColumnCondition {
        private final OtsFilter.LogicalOperator operator;
        private final List<ColumnCondition> parts;

        Composite(OtsFilter.LogicalOperator operator, List<ColumnCondition> parts) {
            this.operator = operator;
            this.parts = parts;
            if (operator == OtsFilter.LogicalOperator.LO_NOT ? parts.size() != 1 : parts.size() < 2) {
                throw OtsException.parameterInvalid("Invalid number of sub filters for " + operator + ": "
                        + parts.size());
            }
        }

        @Override
        boolean matches(StoredRow row) {
            switch (operator) {
                case LO_NOT:
                    return !parts.get(0).matches(row);
                case LO_AND:
                    return parts.stream().allMatch(part -> part.matches(row));
                default:
                    return parts.stream().anyMatch(part -> part.matches(row));
            }
        }
    }

    private static final class Single extends ColumnCondition {
        private final OtsFilter.SingleColumnValueFilter filter;
        private final ColumnValue operand;

        Single(OtsFilter.SingleColumnValueFilter filter) {
            this.filter = filter;
            if (filter.hasValueTransRule()) {
                throw OtsException.unsupported("The emulator does not support regex value transfer rules.");
            }
            boolean needsOperand = filter.getComparator() != OtsFilter.ComparatorType.CT_EXIST
                    && filter.getComparator() != OtsFilter.ComparatorType.CT_NOT_EXIST;
            this.operand = needsOperand ? decode(filter.getColumnValue()) : null;
        }

        @Override
        boolean matches(StoredRow row) {
            TreeMap<Long, ColumnValue> versions = row == null ? null : row.columns().get(filter.getColumnName());
            boolean missing = versions == null || versions.isEmpty();
            if (filter.getComparator() == OtsFilter.ComparatorType.CT_EXIST) {
                return !missing;
            }
            if (filter.getComparator() == OtsFilter.ComparatorType.CT_NOT_EXIST) {
                return missing;
            }
            if (missing) {
                return !filter.getFilterIfMissing();
            }
            if (filter.getLatestVersionOnly()) {
                return compare(versions.firstEntry().getValue());
            }
            for (Map.Entry<Long, ColumnValue> version : versions.entrySet()) {
                if (compare(version.getValue())) {
                    return true;
                }
            }
            return false;
        }

        private boolean compare(ColumnValue value) {
            if (value.getType() != operand.getType()) {
                return filter.getComparator() == OtsFilter.ComparatorType.CT_NOT_EQUAL;
            }
            int c = value.compareTo(operand);
            switch (filter.getComparator()) {
                case CT_EQUAL:
                    return c == 0;
                case CT_NOT_EQUAL:
                    return c != 0;
                case CT_GREATER_THAN:
                    return c > 0;
                case CT_GREATER_EQUAL:
                    return c >= 0;
                case CT_LESS_THAN:
                    return c < 0;
                case CT_LESS_EQUAL:
                    return c <= 0;
                default:
                    throw OtsException.unsupported("Unsupported comparator " + filter.getComparator());
            }
        }

        /** Decodes the SDK's {@code buildColumnValueWithoutLengthPrefix} encoding. */
        private static ColumnValue decode(ByteString bytes) {
            ByteBuffer buffer = bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            try {
                byte type = buffer.get();
                switch (type) {
                    case 0:
                        return ColumnValue.fromLong(buffer.getLong());
                    case 1:
                        return ColumnValue.fromDouble(buffer.getDouble());
                    case 2:
                        return ColumnValue.fromBoolean(buffer.get() != 0);
                    case 3:
                    case 7: {
                        byte[] data = new byte[buffer.getInt()];
                        buffer.get(data);
                        return type == 3 ? ColumnValue.fromString(new String(data, StandardCharsets.UTF_8))
                                : ColumnValue.fromBinary(data);
                    }
                    default:
                        throw OtsException.parameterInvalid("Unsupported column value type " + type + " in filter.");
                }
            } catch (RuntimeException e) {
                if (e instanceof OtsException) {
                    throw e;
                }
                throw OtsException.parameterInvalid("Invalid column value in filter: " + e);
            }
        }
    }
}
