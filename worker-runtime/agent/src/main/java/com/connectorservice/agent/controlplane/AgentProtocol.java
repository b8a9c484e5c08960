package com.connectorservice.agent.controlplane;

import java.util.List;
import java.util.Map;

/**
 * The messages of the agent protocol (docs/agent-protocol.md): one register call, one heartbeat call.
 * Field names are the JSON names.
 */
public final class AgentProtocol {

    private AgentProtocol() {
    }

    public enum TargetState { RUNNING, PAUSED, STOPPED }

    public record Registration(String id, String host, int capacity, String version) {
    }

    public record RegistrationAccepted(int leaseSeconds, int heartbeatIntervalSeconds) {
    }

    public record Heartbeat(List<ConnectorReport> connectors) {
    }

    public record HeartbeatReply(int leaseSeconds, List<DesiredConnector> desired) {
        public HeartbeatReply {
            desired = desired == null ? List.of() : List.copyOf(desired);
        }
    }

    /** What the control plane wants running on this agent for one connector. */
    public record DesiredConnector(String name, String instanceId, long generation, TargetState targetState,
                                   WorkerSpec worker, Map<String, String> connectorConfig,
                                   Map<String, String> secrets, RestartRequest restart,
                                   ResetOffsetsRequest resetOffsets) {

        public DesiredConnector {
            connectorConfig = connectorConfig == null ? Map.of() : Map.copyOf(connectorConfig);
            secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
            targetState = targetState == null ? TargetState.RUNNING : targetState;
        }

        public DesiredConnector withSecrets(Map<String, String> replacement) {
            return new DesiredConnector(name, instanceId, generation, targetState, worker, connectorConfig,
                    replacement, restart, resetOffsets);
        }

        /** Never prints secret values: records would otherwise put them into every log line that shows this. */
        @Override
        public String toString() {
            return "DesiredConnector[name=" + name + ", instanceId=" + instanceId + ", generation=" + generation
                    + ", targetState=" + targetState + ", secrets=" + secrets.keySet() + "]";
        }
    }

    /** The Connect worker group a connector runs in: its Kafka instance and its own internal topics. */
    public record WorkerSpec(String bootstrapServers, Map<String, String> clientProperties, String groupId,
                             String configTopic, String offsetTopic, String statusTopic) {
        public WorkerSpec {
            clientProperties = clientProperties == null ? Map.of() : Map.copyOf(clientProperties);
        }
    }

    public record RestartRequest(String requestId, boolean includeTasks, boolean onlyFailed) {
    }

    public record ResetOffsetsRequest(String requestId) {
    }

    /** What the agent observes for one connector placed on it. */
    public record ConnectorReport(String name, String instanceId, long generation, String state, String trace,
                                  List<TaskReport> tasks, WorkerReport worker, List<Condition> conditions,
                                  AppliedRequests appliedRequests) {
    }

    public record TaskReport(int id, String state, String workerId, String trace) {
    }

    public record WorkerReport(Long pid, int restarts, Exit lastExit, String restUrl) {
    }

    public record Exit(Integer exitCode, String at) {
    }

    public record Condition(String type, String status, String reason, String message) {

        public static Condition failed(String type, String reason, String message) {
            return new Condition(type, "False", reason, message);
        }
    }

    public record AppliedRequests(String restart, String resetOffsets) {
        public static final AppliedRequests NONE = new AppliedRequests(null, null);

        public AppliedRequests withRestart(String requestId) {
            return new AppliedRequests(requestId, resetOffsets);
        }

        public AppliedRequests withResetOffsets(String requestId) {
            return new AppliedRequests(restart, requestId);
        }
    }
}
