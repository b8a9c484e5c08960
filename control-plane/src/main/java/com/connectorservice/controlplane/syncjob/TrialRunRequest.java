package com.connectorservice.controlplane.syncjob;

import java.time.LocalDateTime;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Seed 002's "run with parameters" (带参运行): values for the parameters (literal, such as
 * {@code startTime=20221122090000}, or expressions), evaluated at {@code scheduledTime} (default: now).
 */
@Schema(description = "A run with parameters (trial run)")
public record TrialRunRequest(
        @Schema(description = "The scheduled time to evaluate expressions at, local time in the job's zone",
                example = "2022-11-22T10:05:00") LocalDateTime scheduledTime,
        @Schema(example = "{\"startTime\":\"20221122090000\",\"endTime\":\"20221122100000\",\"partition\":\"2022112210\"}")
        Map<String, String> parameters) {
}
