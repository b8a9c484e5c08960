package com.connectorservice.controlplane.failedrecord;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.time.Instant;
import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One record of a connector's error or dead-letter topic: why it failed, where it came from, and its original key,
 * value and headers.
 *
 * @param partition         partition of the error topic holding the report
 * @param offset            offset of the report in that partition: with {@code partition}, what replay names
 * @param timestamp         the report's timestamp (the original record's, as the sinks keep it)
 * @param reason            the exception's message; null when the report carries none
 * @param exceptionClass    the exception's class
 * @param stage             where it failed, in Connect's stage names ({@code TASK_PUT}, {@code VALUE_CONVERTER}, ...)
 * @param originalTopic     the topic the record was consumed from, where replay sends it
 * @param payload           {@code complete}, {@code truncated} or {@code omitted}: how much of the key and value the
 *                          report holds; only a complete one can be replayed
 * @param headers           the original record's headers, without the error headers
 * @param errorHeaders      every {@code __connect.errors.*} header and the replay id, as text
 * @param replayedAt        when a replay action of this control plane sent this record to its topic; null if never
 */
public record FailedRecordResponse(@Schema(requiredMode = REQUIRED) int partition, @Schema(requiredMode = REQUIRED) long offset,
        Instant timestamp, String reason, String exceptionClass, String stage, String originalTopic, Integer originalPartition,
        Long originalOffset, String payload, String stackTrace, String replayId, @Schema(requiredMode = REQUIRED) RecordData key,
        @Schema(requiredMode = REQUIRED) RecordData value, @Schema(requiredMode = REQUIRED) List<RecordHeader> headers,
        @Schema(requiredMode = REQUIRED) List<RecordHeader> errorHeaders, Instant replayedAt) {

    /** A header of the original record. */
    public record RecordHeader(@Schema(requiredMode = REQUIRED) String name, @Schema(requiredMode = REQUIRED) RecordData value) {
    }
}
