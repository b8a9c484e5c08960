package com.connectorservice.sink.maxcompute;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The value of the {@code pt} partition column for a point in time, in the formats of seeds 000 and 001, or in the
 * official 2.1.0 connector's {@code use_new_partition_format} (ISO order).
 */
public enum PartitionWindow {
    DAY("MM-dd-yyyy", "yyyy-MM-dd"),
    HOUR("MM-dd-yyyy HH", "yyyy-MM-dd HH"),
    MINUTE("MM-dd-yyyy HH:mm", "yyyy-MM-dd HH:mm");

    private final DateTimeFormatter formatter;
    private final DateTimeFormatter newFormatter;

    PartitionWindow(String pattern, String newPattern) {
        this.formatter = DateTimeFormatter.ofPattern(pattern);
        this.newFormatter = DateTimeFormatter.ofPattern(newPattern);
    }

    public String partitionValue(long epochMillis, ZoneId zone) {
        return partitionValue(epochMillis, zone, false);
    }

    public String partitionValue(long epochMillis, ZoneId zone, boolean newFormat) {
        return (newFormat ? newFormatter : formatter).format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }
}
