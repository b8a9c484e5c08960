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
 * {@code GET .../connectors/{name}/status}: the combined state of every node running the connector, and how old
 * that knowledge is: {@code observedAt} is the oldest current report it rests on; a node whose heartbeat is
 * {@code late} does not count (its last report stays visible), and with every node late the state is UNKNOWN.
 * {@code metrics} come from the task metrics of the current nodes' last reports (null before any); while the
 * destination refuses writes, a {@code DestinationUnavailable} condition is among the conditions.
 */
record StatusResponse(@Schema(requiredMode = REQUIRED) String name, @Schema(requiredMode = REQUIRED) ConnectorStatus state,
        TargetState targetState, Long generation, String trace,
        @Schema(requiredMode = REQUIRED) List<StatusAggregation.TaskView> tasks,
        @Schema(requiredMode = REQUIRED) List<ConsumerGroupOffsets.PartitionLag> lag, Long totalLag, Double recordsPerSecond,
        @Schema(requiredMode = REQUIRED) List<NodeView> nodes,
        @Schema(requiredMode = REQUIRED) List<AgentProtocol.Condition> conditions, Instant observedAt,
        ConnectorMetrics metrics) {

    /**
     * @param live                lease not expired (placement keeps the node)
     * @param late                heartbeat late: what it reported is not current
     * @param heartbeatAgeSeconds seconds since the node's last heartbeat
     */
    record NodeView(@Schema(requiredMode = REQUIRED) String id, String host, @Schema(requiredMode = REQUIRED) boolean live,
            String state, Long generation, AgentProtocol.WorkerReport worker, List<AgentProtocol.Condition> conditions,
            Instant reportedAt, Instant lastHeartbeat, Double heartbeatAgeSeconds, @Schema(requiredMode = REQUIRED) boolean late) {
    }
}
