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

    /** The console writes offsets as "GMT 08:00" (the '+' lost in a form); store them as the zone id "GMT+08:00". */
    private String normalizedTimeZone() {
        if (timeZone == null || timeZone.isBlank()) {
            return DEFAULT_TIME_ZONE;
        }
        String trimmed = timeZone.trim();
        return trimmed.matches("(GMT|UTC) \\d{1,2}:\\d{2}") ? trimmed.replace(' ', '+') : trimmed;
    }

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
                normalizedTimeZone(),
                useStreaming == null ? Boolean.FALSE : useStreaming,
                bufferSizeKb == null ? 65536 : bufferSizeKb,
                sinkPoolSize,
                recordBatchSize == null ? 8000 : recordBatchSize);
    }
}
