package com.connectorservice.controlplane.syncjob;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/** A stored sync job (secret masked), its next windows and its latest run. */
@Schema(description = "A sync job with its next windows and latest run")
public record SyncJobResponse(@Schema(requiredMode = REQUIRED) String instanceId, @Schema(requiredMode = REQUIRED) String name,
        String description, @Schema(requiredMode = REQUIRED) boolean enabled,
        @Schema(requiredMode = REQUIRED) SyncJobDefinition.SyncSource source,
        @Schema(requiredMode = REQUIRED) SyncJobDefinition.SyncDestination destination,
        @Schema(requiredMode = REQUIRED) List<SyncJobDefinition.FieldMappingLine> mapping,
        @Schema(requiredMode = REQUIRED) Map<String, String> parameters,
        @Schema(requiredMode = REQUIRED) SyncJobDefinition.ScheduleSettings schedule,
        @Schema(requiredMode = REQUIRED) SyncJobDefinition.RerunPolicy rerun,
        @Schema(requiredMode = REQUIRED, description = "The next windows the scheduler will run (none while disabled)")
        List<WindowPreview> nextRuns,
        SyncRunView lastRun, @Schema(requiredMode = REQUIRED) Instant createdAt, @Schema(requiredMode = REQUIRED) Instant updatedAt) {
}
