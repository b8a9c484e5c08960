package com.connectorservice.controlplane.syncjob;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** "Generate target table": the CREATE TABLE statement, and whether it was run. */
@Schema(description = "The target table's CREATE TABLE statement (seed 002 appendix)")
public record TargetTable(@Schema(requiredMode = REQUIRED) String project, @Schema(requiredMode = REQUIRED) String table,
        @Schema(requiredMode = REQUIRED) String sql, @Schema(requiredMode = REQUIRED) boolean created) {
}
