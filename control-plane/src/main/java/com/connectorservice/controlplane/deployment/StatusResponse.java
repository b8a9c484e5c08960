package com.connectorservice.controlplane.deployment;

import java.time.Instant;
import java.util.List;

import com.connectorservice.contracts.agent.AgentProtocol;
import com.connectorservice.contracts.agent.TargetState;
import com.connectorservice.controlplane.connector.ConnectorStatus;

/** {@code GET .../connectors/{name}/status}: the combined state of every node running the connector. */
record StatusResponse(String name, ConnectorStatus state, TargetState targetState, Long generation, String trace,
        List<StatusAggregation.TaskView> tasks, List<ConsumerGroupOffsets.PartitionLag> lag, Long totalLag,
        Double recordsPerSecond, List<NodeView> nodes, List<AgentProtocol.Condition> conditions) {

    record NodeView(String id, String host, boolean live, String state, Long generation, AgentProtocol.WorkerReport worker,
            List<AgentProtocol.Condition> conditions, Instant reportedAt) {
    }
}
