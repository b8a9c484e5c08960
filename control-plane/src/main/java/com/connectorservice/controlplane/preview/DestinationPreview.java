package com.connectorservice.controlplane.preview;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Rows of a connector's destination table as the console shows them: {@code rows} are aligned to {@code columns};
 * {@code partitions} (newest first) only for a partitioned MaxCompute table.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DestinationPreview(@Schema(requiredMode = REQUIRED) List<String> columns,
        @Schema(requiredMode = REQUIRED) List<List<Object>> rows, List<String> partitions) {
}
