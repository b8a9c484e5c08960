package com.connectorservice.controlplane.syncjob;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.util.List;

import com.connectorservice.controlplane.api.FieldViolation;

import io.swagger.v3.oas.annotations.media.Schema;

/** The answer of {@code sync-jobs:validate}: the errors, the normalized job, and its next windows when valid. */
@Schema(description = "Validation result with the next windows previewed")
public record SyncJobValidation(@Schema(requiredMode = REQUIRED) boolean valid,
        @Schema(requiredMode = REQUIRED) List<FieldViolation> errors, @Schema(requiredMode = REQUIRED) SyncJobDefinition job,
        @Schema(requiredMode = REQUIRED) List<WindowPreview> nextRuns) {
}
