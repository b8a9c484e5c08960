package com.connectorservice.syncjob.window;

import java.time.Instant;
import java.util.Map;

/**
 * One run's work: the records whose timestamps are in [start, end), written into {@code partitionSpec}
 * (e.g. {@code ds=2022112210}). {@code parameters} are the evaluated scheduling parameters.
 */
public record SyncWindow(Instant start, Instant end, String partitionSpec, Map<String, String> parameters) {

    public SyncWindow {
        parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
    }

    public boolean contains(long timestampMillis) {
        return timestampMillis >= start.toEpochMilli() && timestampMillis < end.toEpochMilli();
    }
}
