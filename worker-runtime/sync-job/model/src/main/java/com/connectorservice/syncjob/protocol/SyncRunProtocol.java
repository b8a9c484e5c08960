package com.connectorservice.syncjob.protocol;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.Map;

/**
 * The sync-run exchange of the agent protocol ({@code docs/agent-protocol.md}): after each heartbeat an agent posts
 * its run reports to {@code POST /api/v1/agents/{id}/sync-runs} and gets the runs placed on it. One definition,
 * used by the control plane and the agent; unknown fields are ignored on both sides.
 */
public final class SyncRunProtocol {

    /**
     * The metadata of the offsets a run commits to its job's consumer group, followed by the run's id: the control
     * plane tells a sync job's group from another application's by it.
     */
    public static final String GROUP_OFFSET_METADATA = "sync run ";

    private SyncRunProtocol() {
    }

    public enum RunState { RUNNING, SUCCEEDED, FAILED }

    /** Agent to control plane. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Exchange(List<Report> reports) {
        public Exchange {
            reports = reports == null ? List.of() : List.copyOf(reports);
        }
    }

    /** Control plane to agent: every run placed on the agent that is not finished. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Assignments(List<Assignment> runs) {
        public Assignments {
            runs = runs == null ? List.of() : List.copyOf(runs);
        }
    }

    /** A run to execute; {@code attempt} distinguishes a retry from the attempt before it. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Assignment(long runId, int attempt, WindowRunSpec spec) {
    }

    /**
     * What the agent knows of a run attempt. While RUNNING only the counts are set; SUCCEEDED carries the offset
     * ranges and the late records per earlier window start (epoch millis); FAILED carries the error.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Report(long runId, int attempt, RunState state, long recordsRead, long recordsWritten,
            Map<Integer, Long> startOffsets, Map<Integer, Long> endOffsets, Map<Long, Long> lateRecordsByWindowStart,
            String error, long durationMillis) {
    }
}
