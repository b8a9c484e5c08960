package com.connectorservice.controlplane.preview;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Rows of a connector's destination table as the console shows them: {@code rows} are aligned to {@code columns};
 * {@code partitions} (newest first) only for a partitioned MaxCompute table.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DestinationPreview(List<String> columns, List<List<Object>> rows, List<String> partitions) {
}
