package com.connectorservice.controlplane.syncjob;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/** One run of a sync job as the API shows it (seed 002's instance with its window and partition). */
@Schema(description = "A run: its window, partition, state, counts, duration and error")
public record SyncRunView(@Schema(requiredMode = REQUIRED) long id, @Schema(requiredMode = REQUIRED) String job,
        @Schema(requiredMode = REQUIRED) SyncRunTrigger trigger,
        @Schema(description = "The scheduled time the window was computed for, in the job's time zone") OffsetDateTime scheduledTime,
        @Schema(description = "Who made the run: the scheduler instance (control plane) or the user") String scheduledBy,
        OffsetDateTime windowStart, OffsetDateTime windowEnd,
        @Schema(example = "ds=2022112210") String partition,
        @Schema(requiredMode = REQUIRED, description = "The evaluated scheduling parameters") Map<String, String> parameters,
        @Schema(requiredMode = REQUIRED) SyncRunState state, @Schema(requiredMode = REQUIRED) int attempt,
        @Schema(requiredMode = REQUIRED) int maxAttempts,
        @Schema(description = "The worker node running it or that ran it") String node,
        Long recordsRead, Long recordsWritten,
        @Schema(requiredMode = REQUIRED,
                description = "Records whose timestamp is in this window that arrived after it ran; rerun the window to take them in")
        long lateRecords,
        Long durationMillis, String error,
        @Schema(description = "When a WAITING run will be placed (its retry interval)") Instant notBefore,
        @Schema(requiredMode = REQUIRED) Instant createdAt, Instant startedAt, Instant finishedAt, List<Attempt> attempts) {

    /** One finished attempt of a run. */
    public record Attempt(int attempt, String node, SyncRunState state, String error, Long recordsRead, Long recordsWritten,
            Instant startedAt, Instant finishedAt) {
    }
}
