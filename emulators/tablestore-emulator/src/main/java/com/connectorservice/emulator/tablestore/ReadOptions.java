package com.connectorservice.emulator.tablestore;

import com.alicloud.openservices.tablestore.core.protocol.OtsInternalApi;
import com.aliyun.ots.thirdparty.com.google.protobuf.ByteString;
import java.util.List;
import java.util.Set;

/** What a read selects: columns, versions, a time range, a column window and an optional row filter. */
record ReadOptions(Set<String> columnsToGet, int maxVersions, long startTime, long endTime, String startColumn,
                   String endColumn, ColumnCondition filter) {

    static final ReadOptions ALL_VERSIONS =
            new ReadOptions(Set.of(), Integer.MAX_VALUE, 0, Long.MAX_VALUE, null, null, null);

    static ReadOptions of(List<String> columnsToGet, boolean hasTimeRange, OtsInternalApi.TimeRange timeRange,
                          boolean hasMaxVersions, int maxVersions, String startColumn, String endColumn,
                          ByteString filter) {
        if (!hasTimeRange && !hasMaxVersions) {
            throw OtsException.parameterInvalid("Either time_range or max_versions must be set"
                    + " (for example RowQueryCriteria.setMaxVersions(1)).");
        }
        if (hasMaxVersions && maxVersions <= 0) {
            throw OtsException.parameterInvalid("max_versions must be positive, it is " + maxVersions + ".");
        }
        long start = 0;
        long end = Long.MAX_VALUE;
        if (hasTimeRange) {
            if (timeRange.hasSpecificTime()) {
                start = timeRange.getSpecificTime();
                end = start + 1;
            } else {
                start = timeRange.getStartTime();
                end = timeRange.getEndTime();
                if (start < 0 || end <= start) {
                    throw OtsException.parameterInvalid("Invalid time range: start " + start + ", end " + end + ".");
                }
            }
        }
        ColumnCondition condition = filter == null || filter.isEmpty() ? null : ColumnCondition.parse(filter);
        return new ReadOptions(Set.copyOf(columnsToGet), hasMaxVersions ? maxVersions : Integer.MAX_VALUE, start,
                end, emptyToNull(startColumn), emptyToNull(endColumn), condition);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    boolean wants(String column) {
        if (!columnsToGet.isEmpty() && !columnsToGet.contains(column)) {
            return false;
        }
        if (startColumn != null && column.compareTo(startColumn) < 0) {
            return false;
        }
        return endColumn == null || column.compareTo(endColumn) < 0;
    }

    boolean inTimeRange(long timestamp) {
        return timestamp >= startTime && timestamp < endTime;
    }
}
