package com.connectorservice.controlplane.syncjob;

import io.swagger.v3.oas.annotations.media.Schema;

/** "Generate target table": the CREATE TABLE statement, and whether it was run. */
@Schema(description = "The target table's CREATE TABLE statement (seed 002 appendix)")
public record TargetTable(String project, String table, String sql, boolean created) {
}
