package com.connectorservice.controlplane.syncjob;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/** A stored sync job (secret masked), its next windows and its latest run. */
@Schema(description = "A sync job with its next windows and latest run")
public record SyncJobResponse(String instanceId, String name, String description, boolean enabled,
        SyncJobDefinition.SyncSource source, SyncJobDefinition.SyncDestination destination,
        List<SyncJobDefinition.FieldMappingLine> mapping, Map<String, String> parameters,
        SyncJobDefinition.ScheduleSettings schedule, SyncJobDefinition.RerunPolicy rerun,
        @Schema(description = "The next windows the scheduler will run (none while disabled)") List<WindowPreview> nextRuns,
        SyncRunView lastRun, Instant createdAt, Instant updatedAt) {
}
