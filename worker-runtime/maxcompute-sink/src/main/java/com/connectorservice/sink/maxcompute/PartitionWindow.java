package com.connectorservice.sink.maxcompute;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The value of the {@code pt} partition column for a point in time, in the formats of seeds 000 and 001, or in the
 * official 2.1.0 connector's {@code use_new_partition_format} (ISO order).
 */
public enum PartitionWindow {
    DAY("MM-dd-yyyy", "yyyy-MM-dd", ChronoUnit.DAYS),
    HOUR("MM-dd-yyyy HH", "yyyy-MM-dd HH", ChronoUnit.HOURS),
    MINUTE("MM-dd-yyyy HH:mm", "yyyy-MM-dd HH:mm", ChronoUnit.MINUTES);

    private final DateTimeFormatter formatter;
    private final DateTimeFormatter newFormatter;
    private final ChronoUnit unit;

    PartitionWindow(String pattern, String newPattern, ChronoUnit unit) {
        this.formatter = DateTimeFormatter.ofPattern(pattern);
        this.newFormatter = DateTimeFormatter.ofPattern(newPattern);
        this.unit = unit;
    }

    /** Epoch milliseconds where the window holding {@code epochMillis} starts and where the next one starts. */
    long[] bounds(long epochMillis, ZoneId zone) {
        ZonedDateTime start = Instant.ofEpochMilli(epochMillis).atZone(zone).truncatedTo(unit);
        return new long[] {start.toInstant().toEpochMilli(), start.plus(1, unit).toInstant().toEpochMilli()};
    }

    public String partitionValue(long epochMillis, ZoneId zone) {
        return partitionValue(epochMillis, zone, false);
    }

    public String partitionValue(long epochMillis, ZoneId zone, boolean newFormat) {
        return (newFormat ? newFormatter : formatter).format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }
}
