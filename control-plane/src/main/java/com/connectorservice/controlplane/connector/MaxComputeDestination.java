package com.connectorservice.controlplane.connector;

/**
 * A MaxCompute table (seed 000 wizard fields plus seed 001's plugin keys). {@code sinkPoolSize} left empty means
 * "one writer thread per CPU of the worker", as the plugin defaults.
 */
public record MaxComputeDestination(String endpoint, String tunnelEndpoint, String project, String schema, String table,
        String region, DestinationAuth auth, Mode mode, Format format, PartitionWindow partitionWindow, String timeZone,
        Boolean useStreaming, Integer bufferSizeKb, Integer sinkPoolSize, Integer recordBatchSize) implements Destination {

    public static final String DEFAULT_TIME_ZONE = "GMT+08:00";

    /** Which parts of a record are written: the key, the value, or both (DEFAULT). */
    public enum Mode { KEY, VALUE, DEFAULT }

    public enum Format { TEXT, BINARY, CSV, JSON, FLATTEN }

    public enum PartitionWindow { DAY, HOUR, MINUTE }

    @Override
    public MaxComputeDestination withAuth(DestinationAuth newAuth) {
        return new MaxComputeDestination(endpoint, tunnelEndpoint, project, schema, table, region, newAuth, mode, format,
                partitionWindow, timeZone, useStreaming, bufferSizeKb, sinkPoolSize, recordBatchSize);
    }

    @Override
    public MaxComputeDestination withDefaults() {
        return new MaxComputeDestination(endpoint, tunnelEndpoint, project, schema, table, region, auth,
                mode == null ? Mode.DEFAULT : mode,
                format == null ? Format.TEXT : format,
                partitionWindow == null ? PartitionWindow.HOUR : partitionWindow,
                timeZone == null || timeZone.isBlank() ? DEFAULT_TIME_ZONE : timeZone,
                useStreaming == null ? Boolean.FALSE : useStreaming,
                bufferSizeKb == null ? 65536 : bufferSizeKb,
                sinkPoolSize,
                recordBatchSize == null ? 8000 : recordBatchSize);
    }
}
