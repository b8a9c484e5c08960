package com.connectorservice.controlplane.destination.maxcompute;

import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec;
import com.connectorservice.controlplane.connector.Destination;
import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec.Format;
import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec.Mode;
import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec.PartitionTime;
import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec.PartitionWindow;

/**
 * A MaxCompute table (seed 000 wizard fields plus seed 001's plugin keys). Values and defaults are the sink's
 * ({@link MaxComputeSinkSpec}). {@code sinkPoolSize} left empty means "one writer thread per CPU of the worker", as the
 * plugin defaults.
 */
public record MaxComputeDestination(String endpoint, String tunnelEndpoint, String project, String schema, String table,
        String region, DestinationAuth auth, Mode mode, Format format, PartitionWindow partitionWindow, String timeZone,
        Boolean useStreaming, Integer bufferSizeKb, Integer sinkPoolSize, Integer recordBatchSize,
        ChangeData changeData, PartitionTime partitionTime) implements Destination {

    /**
     * Format DEBEZIUM_JSON (seed 004): change data into tables created per source table ({@code table} may hold
     * {@code {table}}, {@code {schema}}, {@code {db}}). Empty values take the sink's defaults
     * ({@link MaxComputeSinkSpec}): auto-create on, 16 buckets, zlib, 64MB, 4MB, 16 commit threads, flush concurrency 4.
     */
    public record ChangeData(Boolean autoCreateTable, Integer bucketsNum, String compressAlgorithm,
                             String totalBufferSize, String bucketBufferSize, Integer commitThreadNum,
                             Integer flushConcurrentNum, String quotaName) {
    }

    /** A destination without change-data options (every format but DEBEZIUM_JSON). */
    public MaxComputeDestination(String endpoint, String tunnelEndpoint, String project, String schema, String table,
            String region, DestinationAuth auth, Mode mode, Format format, PartitionWindow partitionWindow,
            String timeZone, Boolean useStreaming, Integer bufferSizeKb, Integer sinkPoolSize, Integer recordBatchSize) {
        this(endpoint, tunnelEndpoint, project, schema, table, region, auth, mode, format, partitionWindow, timeZone,
                useStreaming, bufferSizeKb, sinkPoolSize, recordBatchSize, null, null);
    }

    /** A destination with change-data options and pt by the record's time. */
    public MaxComputeDestination(String endpoint, String tunnelEndpoint, String project, String schema, String table,
            String region, DestinationAuth auth, Mode mode, Format format, PartitionWindow partitionWindow,
            String timeZone, Boolean useStreaming, Integer bufferSizeKb, Integer sinkPoolSize, Integer recordBatchSize,
            ChangeData changeData) {
        this(endpoint, tunnelEndpoint, project, schema, table, region, auth, mode, format, partitionWindow, timeZone,
                useStreaming, bufferSizeKb, sinkPoolSize, recordBatchSize, changeData, null);
    }

    public static final String TYPE = "MAXCOMPUTE";

    /** The console writes offsets as "GMT 08:00" (the '+' lost in a form); store them as the zone id "GMT+08:00". */
    private String normalizedTimeZone() {
        if (timeZone == null || timeZone.isBlank()) {
            return MaxComputeSinkSpec.TIME_ZONE_DEFAULT;
        }
        String trimmed = timeZone.trim();
        return trimmed.matches("(GMT|UTC) \\d{1,2}:\\d{2}") ? trimmed.replace(' ', '+') : trimmed;
    }

    @Override
    public MaxComputeDestination withAuth(DestinationAuth newAuth) {
        return new MaxComputeDestination(endpoint, tunnelEndpoint, project, schema, table, region, newAuth, mode, format,
                partitionWindow, timeZone, useStreaming, bufferSizeKb, sinkPoolSize, recordBatchSize, changeData,
                partitionTime);
    }

    @Override
    public MaxComputeDestination withDefaults() {
        return new MaxComputeDestination(endpoint, tunnelEndpoint, project, schema, table, region, auth,
                mode == null ? MaxComputeSinkSpec.MODE_DEFAULT : mode,
                format == null ? MaxComputeSinkSpec.FORMAT_DEFAULT : format,
                partitionWindow == null ? MaxComputeSinkSpec.PARTITION_WINDOW_DEFAULT : partitionWindow,
                normalizedTimeZone(),
                useStreaming == null ? MaxComputeSinkSpec.USE_STREAMING_DEFAULT : useStreaming,
                bufferSizeKb == null ? MaxComputeSinkSpec.BUFFER_SIZE_KB_DEFAULT : bufferSizeKb,
                sinkPoolSize,
                recordBatchSize == null ? MaxComputeSinkSpec.RECORD_BATCH_SIZE_DEFAULT : recordBatchSize, changeData,
                partitionTime == null ? MaxComputeSinkSpec.PARTITION_TIME_DEFAULT : partitionTime);
    }
}
