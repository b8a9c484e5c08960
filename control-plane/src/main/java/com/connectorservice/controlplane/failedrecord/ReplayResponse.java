package com.connectorservice.controlplane.failedrecord;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * What a replay action did with each record it was given.
 *
 * @param replayId the action's id, carried by each replayed record in the {@code connector-service.replay.id} header
 */
public record ReplayResponse(@Schema(requiredMode = REQUIRED) String replayId, @Schema(requiredMode = REQUIRED) String topic,
        @Schema(requiredMode = REQUIRED) List<ReplayedRecord> replayed, @Schema(requiredMode = REQUIRED) List<SkippedRecord> skipped) {

    /** Sent to {@code topic} at {@code topicPartition}/{@code topicOffset}. */
    public record ReplayedRecord(@Schema(requiredMode = REQUIRED) int partition, @Schema(requiredMode = REQUIRED) long offset,
            @Schema(requiredMode = REQUIRED) String topic, @Schema(requiredMode = REQUIRED) int topicPartition,
            @Schema(requiredMode = REQUIRED) long topicOffset) {
    }

    /** Not sent, and why: already sent by this action, not this connector's, gone from the topic, not complete. */
    public record SkippedRecord(@Schema(requiredMode = REQUIRED) int partition, @Schema(requiredMode = REQUIRED) long offset,
            @Schema(requiredMode = REQUIRED) String reason) {
    }
}
