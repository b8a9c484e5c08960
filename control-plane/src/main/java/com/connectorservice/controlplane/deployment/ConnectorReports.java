package com.connectorservice.controlplane.deployment;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import com.connectorservice.contracts.agent.AgentProtocol.WorkerReport;

/** The workers' latest reports of every deployed connector, for the metrics (Prometheus, history). */
@Component
public class ConnectorReports {

    /** The worker reports of the live nodes the connector is placed on. */
    public record Deployed(String instanceId, String name, List<WorkerReport> workers) {
    }

    private final DeploymentStore store;

    ConnectorReports(DeploymentStore store) {
        this.store = store;
    }

    public List<Deployed> deployed() {
        Instant now = Instant.now();
        Set<String> live = store.nodes().stream().filter(node -> node.live(now)).map(WorkerNode::id)
                .collect(Collectors.toSet());
        return store.deployments().stream().map(deployment -> {
            List<String> placed = store.placements(deployment.connectorId());
            List<WorkerReport> workers = store.reports(deployment.connectorId()).stream()
                    .filter(report -> placed.contains(report.nodeId()) && live.contains(report.nodeId()))
                    .map(AgentReport::worker).filter(Objects::nonNull).toList();
            return new Deployed(deployment.instanceId(), deployment.name(), workers);
        }).toList();
    }

}
