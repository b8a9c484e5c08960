package com.connectorservice.sink.maxcompute;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** The value of the {@code pt} partition column for a point in time, in the formats of seeds 000 and 001. */
public enum PartitionWindow {
    DAY("MM-dd-yyyy"),
    HOUR("MM-dd-yyyy HH"),
    MINUTE("MM-dd-yyyy HH:mm");

    private final DateTimeFormatter formatter;

    PartitionWindow(String pattern) {
        this.formatter = DateTimeFormatter.ofPattern(pattern);
    }

    public String partitionValue(long epochMillis, ZoneId zone) {
        return formatter.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }
}
