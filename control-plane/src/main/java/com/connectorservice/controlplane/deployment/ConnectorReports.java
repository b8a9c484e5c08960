package com.connectorservice.controlplane.deployment;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.springframework.stereotype.Component;

import com.connectorservice.contracts.agent.AgentProtocol.TaskLog;
import com.connectorservice.contracts.agent.AgentProtocol.WorkerReport;

/** The workers' latest reports of every deployed connector, for the metrics (Prometheus, history). */
@Component
public class ConnectorReports {

    /** The worker reports of the current nodes the connector is placed on (not those late with their heartbeat). */
    public record Deployed(String instanceId, String name, List<WorkerReport> workers) {
    }

    /** The tail of the connector's worker log on one node, per task, as its agent sent it at {@code at}. */
    public record NodeLog(String nodeId, Instant at, List<TaskLog> tasks) {
    }

    private final DeploymentStore store;
    private final DeploymentProperties properties;

    ConnectorReports(DeploymentStore store, DeploymentProperties properties) {
        this.store = store;
        this.properties = properties;
    }

    public List<Deployed> deployed() {
        Set<String> late = StatusAggregation.lateNodes(store.nodes(), Instant.now(), properties.heartbeatInterval());
        return store.deployments().stream().map(deployment -> {
            List<String> placed = store.placements(deployment.connectorId());
            List<WorkerReport> workers = store.reports(deployment.connectorId()).stream()
                    .filter(report -> placed.contains(report.nodeId()) && !late.contains(report.nodeId()))
                    .map(AgentReport::worker).filter(Objects::nonNull).toList();
            return new Deployed(deployment.instanceId(), deployment.name(), workers);
        }).toList();
    }

    /** What the agents running the connector sent of its worker log; empty while none did (or it is not deployed). */
    public List<NodeLog> logs(String instanceId, String name) {
        return store.connectorId(instanceId, name).map(store::logs).orElse(List.of());
    }

}
