package com.connectorservice.syncjob.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.Map;

/**
 * What one run did: records read (every record of the scanned offset ranges), records written (those whose
 * timestamp is in the window), the offset ranges, and per earlier window start how many records were late for it.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WindowRunResult(long recordsRead, long recordsWritten, Map<Integer, Long> startOffsets,
        Map<Integer, Long> endOffsets, Map<Long, Long> lateRecordsByWindowStart, long durationMillis) {
}
