package com.connectorservice.syncjob.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Map;

import com.connectorservice.syncjob.mapping.ColumnMapping;
import com.connectorservice.syncjob.mapping.SerializedType;

/**
 * The agent protocol's description of one run (control plane to agent). Everything one run needs, resolved by the control plane: which records (topic, [windowStart, windowEnd)),
 * how to read them, which partition of which table they replace, and how fields map to columns.
 *
 * @param scanUntil   per partition, read at least up to this offset (the job's furthest read so far), so a rerun
 *                    of an earlier window also picks up the records that arrived late for it
 * @param earlierWindows windows of this job that already ran: records found for them are counted as late
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record WindowRunSpec(String runId, Kafka kafka, long windowStartMillis, long windowEndMillis, EndStrategy endStrategy,
        long noNewDataMillis, Map<Integer, Long> scanUntil, List<EarlierWindow> earlierWindows, Target target,
        List<ColumnMapping> mapping) {

    public WindowRunSpec {
        scanUntil = scanUntil == null ? Map.of() : Map.copyOf(scanUntil);
        earlierWindows = earlierWindows == null ? List.of() : List.copyOf(earlierWindows);
        noNewDataMillis = noNewDataMillis <= 0 ? 60_000 : noNewDataMillis;
    }

    /** Seed 002 "同步结束策略". */
    public enum EndStrategy {
        /** Stop at the first offset whose timestamp is at or after the end time, or at the end offset when the run starts. */
        REACH_END_OFFSETS,
        /** As above, but a partition without such a record is read until no new record came for {@code noNewDataMillis}. */
        NO_NEW_DATA
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Kafka(String bootstrapServers, Map<String, String> clientProperties, String topic, String consumerGroup,
            SerializedType keyType, SerializedType valueType, String encoding) {
        public Kafka {
            clientProperties = clientProperties == null ? Map.of() : Map.copyOf(clientProperties);
        }
    }

    /**
     * @param securityToken set when the credentials are temporary (STS)
     * @param zone          DATETIME columns are written in this zone
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Target(String endpoint, String tunnelEndpoint, String project, String schema, String table,
            String partitionSpec, String accessKeyId, String accessKeySecret, String securityToken, String zone) {

        @Override
        public String toString() {
            // never prints the secret: records would otherwise put it into every log line that shows this
            return "Target[" + project + "." + table + " " + partitionSpec + " at " + endpoint + "]";
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record EarlierWindow(long startMillis, long endMillis, Map<Integer, Long> endOffsets) {
        public EarlierWindow {
            endOffsets = endOffsets == null ? Map.of() : Map.copyOf(endOffsets);
        }
    }
}
