package com.connectorservice.controlplane.syncjob;

import java.util.List;

import com.connectorservice.controlplane.api.FieldViolation;

import io.swagger.v3.oas.annotations.media.Schema;

/** The answer of {@code sync-jobs:validate}: the errors, the normalized job, and its next windows when valid. */
@Schema(description = "Validation result with the next windows previewed")
public record SyncJobValidation(boolean valid, List<FieldViolation> errors, SyncJobDefinition job, List<WindowPreview> nextRuns) {
}
