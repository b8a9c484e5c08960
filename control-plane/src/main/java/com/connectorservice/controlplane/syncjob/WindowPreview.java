package com.connectorservice.controlplane.syncjob;

import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.media.Schema;

/** A window a job will read: when it runs, which records, which partition. */
@Schema(description = "A coming window of a job")
public record WindowPreview(OffsetDateTime scheduledTime, OffsetDateTime windowStart, OffsetDateTime windowEnd,
        @Schema(example = "ds=2022112210") String partition) {
}
