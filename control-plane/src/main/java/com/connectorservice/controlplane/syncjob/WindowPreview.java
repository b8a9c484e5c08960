package com.connectorservice.controlplane.syncjob;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.time.OffsetDateTime;

import io.swagger.v3.oas.annotations.media.Schema;

/** A window a job will read: when it runs, which records, which partition. */
@Schema(description = "A coming window of a job")
public record WindowPreview(@Schema(requiredMode = REQUIRED) OffsetDateTime scheduledTime,
        @Schema(requiredMode = REQUIRED) OffsetDateTime windowStart, @Schema(requiredMode = REQUIRED) OffsetDateTime windowEnd,
        @Schema(requiredMode = REQUIRED, example = "ds=2022112210") String partition) {
}
