package com.connectorservice.controlplane.preview;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Rows of a connector's destination table as the console shows them: {@code rows} are aligned to {@code columns};
 * {@code partitions} (newest first) only for a partitioned MaxCompute table. For change data routed per source table
 * (a MaxCompute table name holding {@code {table}}), {@code tables} names the routed tables that exist (by name) and
 * {@code table} the one shown: a Delta table's current rows, the latest row of each key.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DestinationPreview(@Schema(requiredMode = REQUIRED) List<String> columns,
        @Schema(requiredMode = REQUIRED) List<List<Object>> rows, List<String> partitions, String table,
        List<String> tables) {

    /** One destination table, as every connector but a routing change-data one writes. */
    public DestinationPreview(List<String> columns, List<List<Object>> rows, List<String> partitions) {
        this(columns, rows, partitions, null, null);
    }

    /** The same rows, shown as the routed table {@code table} among {@code tables}. */
    public DestinationPreview routed(String shown, List<String> routedTables) {
        return new DestinationPreview(columns, rows, partitions, shown, routedTables);
    }
}
