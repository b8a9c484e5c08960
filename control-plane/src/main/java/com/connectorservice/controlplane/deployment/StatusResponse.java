package com.connectorservice.controlplane.deployment;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.time.Instant;
import java.util.List;

import com.connectorservice.contracts.agent.AgentProtocol;
import com.connectorservice.contracts.agent.TargetState;
import com.connectorservice.controlplane.connector.ConnectorStatus;
import com.connectorservice.controlplane.metrics.ConnectorMetrics;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * {@code GET .../connectors/{name}/status}: the combined state of every node running the connector; {@code metrics}
 * from the task metrics of the live nodes' last reports (null before any), and while the destination refuses writes
 * a {@code DestinationUnavailable} condition.
 */
record StatusResponse(@Schema(requiredMode = REQUIRED) String name, @Schema(requiredMode = REQUIRED) ConnectorStatus state,
        TargetState targetState, Long generation, String trace,
        @Schema(requiredMode = REQUIRED) List<StatusAggregation.TaskView> tasks,
        @Schema(requiredMode = REQUIRED) List<ConsumerGroupOffsets.PartitionLag> lag, Long totalLag, Double recordsPerSecond,
        @Schema(requiredMode = REQUIRED) List<NodeView> nodes,
        @Schema(requiredMode = REQUIRED) List<AgentProtocol.Condition> conditions, ConnectorMetrics metrics) {

    record NodeView(@Schema(requiredMode = REQUIRED) String id, String host, @Schema(requiredMode = REQUIRED) boolean live, String state, Long generation, AgentProtocol.WorkerReport worker,
            List<AgentProtocol.Condition> conditions, Instant reportedAt) {
    }
}
