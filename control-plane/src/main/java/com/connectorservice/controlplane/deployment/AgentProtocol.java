package com.connectorservice.controlplane.deployment;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The bodies of the agent protocol ({@code docs/agent-protocol.md}). Unknown fields are ignored on input so
 * agents and control plane can each add fields without breaking the other.
 */
final class AgentProtocol {

    private AgentProtocol() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Registration(String id, String host, Integer capacity, String version) {
    }

    record RegistrationAccepted(int leaseSeconds, int heartbeatIntervalSeconds) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Heartbeat(List<ConnectorReport> connectors) {
    }

    record HeartbeatReply(int leaseSeconds, List<DesiredConnector> desired) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record DesiredConnector(String name, String instanceId, long generation, TargetState targetState, WorkerSpec worker,
            Map<String, String> connectorConfig, Map<String, String> secrets, RestartRequest restart,
            ResetOffsetsRequest resetOffsets) {

        @Override
        public String toString() {
            return "DesiredConnector[" + name + " gen " + generation + " " + targetState + "]";
        }
    }

    record WorkerSpec(String bootstrapServers, Map<String, String> clientProperties, String groupId, String configTopic,
            String offsetTopic, String statusTopic) {
    }

    record RestartRequest(String requestId, boolean includeTasks, boolean onlyFailed) {
    }

    record ResetOffsetsRequest(String requestId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ConnectorReport(String name, String instanceId, Long generation, String state, String trace,
            List<TaskReport> tasks, WorkerReport worker, List<Condition> conditions, AppliedRequests appliedRequests) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TaskReport(int id, String state, String workerId, String trace) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record WorkerReport(Long pid, Integer restarts, Exit lastExit, String restUrl) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Exit(Integer exitCode, String at) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Condition(String type, String status, String reason, String message) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AppliedRequests(String restart, String resetOffsets) {
    }
}
