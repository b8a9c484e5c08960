package com.connectorservice.controlplane.deployment;

import java.time.Instant;
import java.util.List;

import com.connectorservice.controlplane.connector.ConnectorStatus;

/**
 * {@code GET .../connectors/{name}/status}: the combined state of every node running the connector, and how old
 * that knowledge is: {@code observedAt} is the oldest current report it rests on; a node whose heartbeat is
 * {@code late} does not count (its last report stays visible), and with every node late the state is UNKNOWN.
 */
record StatusResponse(String name, ConnectorStatus state, TargetState targetState, Long generation, String trace,
        List<StatusAggregation.TaskView> tasks, List<ConsumerGroupOffsets.PartitionLag> lag, Long totalLag,
        Double recordsPerSecond, List<NodeView> nodes, List<AgentProtocol.Condition> conditions, Instant observedAt) {

    /**
     * @param live                lease not expired (placement keeps the node)
     * @param late                heartbeat late: what it reported is not current
     * @param heartbeatAgeSeconds seconds since the node's last heartbeat
     */
    record NodeView(String id, String host, boolean live, String state, Long generation, AgentProtocol.WorkerReport worker,
            List<AgentProtocol.Condition> conditions, Instant reportedAt, Instant lastHeartbeat, Double heartbeatAgeSeconds,
            boolean late) {
    }
}
