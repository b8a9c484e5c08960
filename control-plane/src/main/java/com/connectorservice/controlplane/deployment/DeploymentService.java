package com.connectorservice.controlplane.deployment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.connectorservice.contracts.agent.AgentProtocol;
import com.connectorservice.contracts.agent.TargetState;
import com.connectorservice.controlplane.api.ApiException;
import com.connectorservice.controlplane.api.FieldViolation;
import com.connectorservice.controlplane.audit.AuditLog;
import com.connectorservice.controlplane.connector.ConnectorDefinition;
import com.connectorservice.controlplane.connector.ConnectorDefinitionChanged;
import com.connectorservice.controlplane.connector.ConnectorService;
import com.connectorservice.controlplane.connector.ConnectorStatus;
import com.connectorservice.controlplane.metrics.ConnectorMetrics;
import com.connectorservice.controlplane.connector.SourceSettings.FailurePolicy;
import com.connectorservice.controlplane.instance.InstanceService;
import com.connectorservice.controlplane.kafka.KafkaClients;
import com.connectorservice.controlplane.kafka.KafkaConnection;

/** Deploy, pause, resume, stop, restart, offsets and status of connectors; the agents do the work. */
@Service
public class DeploymentService {

    private static final Logger log = LoggerFactory.getLogger(DeploymentService.class);

    private final ConnectorService connectors;
    private final InstanceService instances;
    private final KafkaClients kafka;
    private final ConsumerGroupOffsets offsets;
    private final DeploymentStore store;
    private final PlacementScheduler scheduler;
    private final DesiredStates desiredStates;
    private final DeploymentProperties properties;
    private final AuditLog audit;
    private final TransactionTemplate transaction;

    DeploymentService(ConnectorService connectors, InstanceService instances, KafkaClients kafka,
            ConsumerGroupOffsets offsets, DeploymentStore store, PlacementScheduler scheduler, DesiredStates desiredStates,
            DeploymentProperties properties, AuditLog audit, TransactionTemplate transaction) {
        this.connectors = connectors;
        this.instances = instances;
        this.kafka = kafka;
        this.offsets = offsets;
        this.store = store;
        this.scheduler = scheduler;
        this.desiredStates = desiredStates;
        this.properties = properties;
        this.audit = audit;
        this.transaction = transaction;
    }

    /**
     * Provisions again (idempotent: existing topics and committed offsets are kept, what went missing is made and
     * recorded as the connector's), then places the connector. A connector whose config the sink would refuse (with
     * this control plane's settings, e.g. RAM_ROLE without the service's own AccessKey) is not deployed: 409 names the
     * fields and what to set.
     */
    public StatusResponse deploy(String instanceId, String name) {
        long id = activeConnectorId(instanceId, name);
        ConnectorDefinition definition = connectors.definition(instanceId, name).withDefaults();
        KafkaConnection connection = instances.connection(instanceId);
        List<FieldViolation> problems = desiredStates.problems(definition, connection).stream()
                .map(p -> FieldViolation.at(p.field(), p.rule(), p.message()))
                .toList();
        if (!problems.isEmpty()) {
            throw new ApiException(HttpStatus.CONFLICT, "connector '" + name + "' cannot run: " + problems.get(0).message(),
                    problems, List.of());
        }
        connectors.provision(instanceId, name);
        int replicationFactor = definition.source().failurePolicy() == FailurePolicy.CONTINUE
                ? replicationFactor(connection, definition.source().deadLetterTopic()) : 1;
        transaction.executeWithoutResult(status -> {
            store.deploy(id, TargetState.RUNNING, definition.replicas(), replicationFactor);
            audit.record("connector.deploy", target(instanceId, name), Map.of("replicas", definition.replicas()));
        });
        scheduler.runOnce();
        return status(instanceId, name);
    }

    public StatusResponse setTargetState(String instanceId, String name, TargetState target) {
        long id = activeConnectorId(instanceId, name);
        Deployment deployment = requireDeployed(id, name);
        transaction.executeWithoutResult(status -> {
            store.setTargetState(id, target);
            // Connect does not resume a FAILED connector on RUNNING: a resume also restarts what failed
            if (target == TargetState.RUNNING && aggregate(id).state() == ConnectorStatus.FAILED) {
                store.requestRestart(id, requestId("r"), true, true);
            }
            audit.record("connector." + verb(target), target(instanceId, name),
                    Map.of("from", deployment.targetState().name(), "to", target.name()));
        });
        return status(instanceId, name);
    }

    public StatusResponse restart(String instanceId, String name, boolean includeTasks, boolean onlyFailed) {
        long id = activeConnectorId(instanceId, name);
        requireDeployed(id, name);
        String requestId = requestId("r");
        transaction.executeWithoutResult(status -> {
            store.requestRestart(id, requestId, includeTasks, onlyFailed);
            audit.record("connector.restart", target(instanceId, name),
                    Map.of("requestId", requestId, "includeTasks", includeTasks, "onlyFailed", onlyFailed));
        });
        return status(instanceId, name);
    }

    public List<ConsumerGroupOffsets.PartitionOffset> offsets(String instanceId, String name) {
        ConnectorDefinition definition = connectors.definition(instanceId, name).withDefaults();
        KafkaConnection connection = instances.connection(instanceId);
        try {
            return offsets.committed(connection, definition.source().consumerGroup());
        } catch (ExecutionException e) {
            throw kafka.unreachable(connection, e);
        }
    }

    /**
     * Asks the agents to delete the group's committed offsets (Connect's offsets reset); the next start reads
     * from the earliest offset. Only a connector every node reports STOPPED can be reset.
     */
    public Map<String, String> resetOffsets(String instanceId, String name) {
        long id = activeConnectorId(instanceId, name);
        Deployment deployment = requireDeployed(id, name);
        ConnectorStatus state = aggregate(id).state();
        if (deployment.targetState() != TargetState.STOPPED || state != ConnectorStatus.STOPPED) {
            throw ApiException.conflict("status", "status.notStopped", "connector '" + name + "' is " + state
                    + "; stop it and wait for STOPPED before resetting its offsets");
        }
        String requestId = requestId("o");
        transaction.executeWithoutResult(status -> {
            store.requestReset(id, requestId);
            audit.record("connector.offsets.reset", target(instanceId, name), Map.of("requestId", requestId));
        });
        offsets.forget(id);
        return Map.of("requestId", requestId);
    }

    public StatusResponse status(String instanceId, String name) {
        long id = connectorId(instanceId, name);
        Optional<Deployment> deployment = store.deployment(id);
        if (deployment.isEmpty()) {
            return new StatusResponse(name, ConnectorStatus.NOT_DEPLOYED, null, null, null, List.of(), List.of(), null, null,
                    List.of(), List.of(), null, null);
        }
        Deployment d = deployment.get();
        List<String> placed = store.placements(id);
        List<AgentReport> reports = store.reports(id);
        List<AgentReport> placedReports = reports.stream().filter(r -> placed.contains(r.nodeId())).toList();
        Map<String, WorkerNode> nodes = store.nodes().stream().collect(Collectors.toMap(WorkerNode::id, Function.identity()));
        Instant now = Instant.now();
        Set<String> late = StatusAggregation.lateNodes(nodes.values(), now, properties.heartbeatInterval());
        StatusAggregation.Aggregate aggregate = StatusAggregation.aggregate(placedReports, late);
        Map<String, AgentReport> reportByNode = placedReports.stream().collect(Collectors.toMap(AgentReport::nodeId, r -> r));
        List<StatusResponse.NodeView> nodeViews = new ArrayList<>();
        List<AgentProtocol.Condition> conditions = new ArrayList<>();
        if (d.reason() != null) {
            conditions.add(new AgentProtocol.Condition("Placed", "False", "NoAgentHasRoom", d.reason()));
        }
        Instant observedAt = null;
        for (String nodeId : placed) {
            WorkerNode node = nodes.get(nodeId);
            AgentReport report = reportByNode.get(nodeId);
            boolean nodeLate = late.contains(nodeId);
            nodeViews.add(new StatusResponse.NodeView(nodeId, node == null ? null : node.host(), node != null && node.live(now),
                    report == null ? null : report.state(), report == null ? null : report.generation(),
                    report == null ? null : report.worker(), report == null ? List.of() : report.conditions(),
                    report == null ? null : report.reportedAt(), node == null ? null : node.lastHeartbeat(),
                    node == null ? null : secondsBetween(node.lastHeartbeat(), now), nodeLate));
            if (nodeLate) {
                conditions.add(new AgentProtocol.Condition("StatusCurrent", "False", "HeartbeatLate", nodeId + ": no heartbeat for "
                        + secondsBetween(node.lastHeartbeat(), now) + " s (expected every "
                        + properties.heartbeatInterval().toSeconds() + " s); its last report"
                        + (report == null ? " is missing" : " (" + report.state() + ") is from " + report.reportedAt())));
            } else if (report != null) {
                report.conditions().forEach(c -> conditions.add(new AgentProtocol.Condition(c.type(), c.status(), c.reason(),
                        nodeId + ": " + c.message())));
                observedAt = observedAt == null || report.reportedAt().isBefore(observedAt) ? report.reportedAt() : observedAt;
            }
        }
        ConnectorMetrics metrics = metrics(placed, reportByNode, late);
        if (metrics != null) {
            metrics.destinationCondition().ifPresent(conditions::add);
        }
        List<ConsumerGroupOffsets.PartitionLag> lag = List.of();
        Long totalLag = null;
        Double rate = null;
        try {
            ConnectorDefinition definition = connectors.definition(instanceId, name).withDefaults();
            ConsumerGroupOffsets.GroupLag groupLag = offsets.lag(id, instances.connection(instanceId),
                    definition.source().consumerGroup(), definition.source().topic());
            lag = groupLag.partitions();
            totalLag = groupLag.totalLag();
            rate = groupLag.recordsPerSecond();
        } catch (ExecutionException | RuntimeException e) {
            conditions.add(new AgentProtocol.Condition("LagKnown", "False", "KafkaUnavailable", e.getMessage()));
        }
        return new StatusResponse(name, aggregate.state(), d.targetState(), d.generation(), aggregate.trace(),
                aggregate.tasks(), lag, totalLag, rate, nodeViews, conditions, observedAt, metrics);
    }

    /** The figures of the current nodes' last reports (a late node's are history); null while none reported any. */
    private static ConnectorMetrics metrics(List<String> placed, Map<String, AgentReport> reportByNode, Set<String> late) {
        List<AgentProtocol.WorkerReport> workers = placed.stream().filter(nodeId -> !late.contains(nodeId))
                .map(reportByNode::get).filter(report -> report != null && report.worker() != null)
                .map(AgentReport::worker).toList();
        ConnectorMetrics metrics = ConnectorMetrics.of(workers);
        return metrics.tasks() == 0 ? null : metrics;
    }

    /**
     * The first step of a DELETE (in the background, {@code ConnectorDeletions}): STOPPED on every live node first (so its workers commit and release the
     * partitions), then it leaves every desired state. Bounded by {@code deleteStopTimeout}.
     */
    public void undeploy(String instanceId, String name) {
        long id = connectorId(instanceId, name);
        Optional<Deployment> deployment = store.deployment(id);
        if (deployment.isEmpty()) {
            return;
        }
        store.setTargetState(id, TargetState.STOPPED);
        long generation = store.deployment(id).orElseThrow().generation();
        Instant deadline = Instant.now().plus(properties.deleteStopTimeout());
        while (!stoppedEverywhere(id, generation)) {
            if (Instant.now().isAfter(deadline)) {
                throw ApiException.conflict("status", "status.stopTimeout", "connector '" + name + "' did not report STOPPED"
                        + " on every node within " + properties.deleteStopTimeout().toSeconds() + "s; it is left STOPPED"
                        + " and the delete is tried again");
            }
            sleep(Duration.ofMillis(500));
        }
        transaction.executeWithoutResult(status -> {
            store.undeploy(id);
            store.setStatus(id, ConnectorStatus.NOT_DEPLOYED.name());
            audit.record("connector.undeploy", target(instanceId, name), Map.of());
        });
        offsets.forget(id);
        log.info("Connector {}/{} stopped everywhere and removed from the desired states", instanceId, name);
    }

    /** A definition changed (PUT): agents apply the new config under a new generation. */
    @EventListener
    void onDefinitionChanged(ConnectorDefinitionChanged event) {
        store.definitionChanged(event.connectorId(), event.replicas());
    }

    private boolean stoppedEverywhere(long id, long generation) {
        Instant now = Instant.now();
        Map<String, WorkerNode> nodes = store.nodes().stream().collect(Collectors.toMap(WorkerNode::id, Function.identity()));
        Map<String, AgentReport> reports = store.reports(id).stream().collect(Collectors.toMap(AgentReport::nodeId, r -> r));
        for (String nodeId : store.placements(id)) {
            WorkerNode node = nodes.get(nodeId);
            if (node == null || !node.live(now)) {
                continue;
            }
            AgentReport report = reports.get(nodeId);
            // a node that never reported has no worker yet, so nothing of this connector runs there
            if (report != null && (report.generation() < generation || !"STOPPED".equals(report.state()))
                    && !"FAILED".equals(report.state())) {
                return false;
            }
        }
        return true;
    }

    private StatusAggregation.Aggregate aggregate(long id) {
        return scheduler.aggregate(id);
    }

    private int replicationFactor(KafkaConnection connection, String topic) {
        try (Admin admin = kafka.admin(connection)) {
            TopicDescription description = kafka.await(admin.describeTopics(List.of(topic)).allTopicNames(), connection).get(topic);
            return description.partitions().get(0).replicas().size();
        } catch (ExecutionException e) {
            throw kafka.unreachable(connection, e);
        }
    }

    /** A connector that may still change: not one whose DELETE was accepted (409). */
    private long activeConnectorId(String instanceId, String name) {
        connectors.requireNotDeleting(instanceId, name);
        return connectorId(instanceId, name);
    }

    private long connectorId(String instanceId, String name) {
        connectors.get(instanceId, name);
        return store.connectorId(instanceId, name).orElseThrow(() -> ApiException.notFound("name", "connector.notFound",
                "no connector named '" + name + "' on instance '" + instanceId + "'"));
    }

    private Deployment requireDeployed(long id, String name) {
        return store.deployment(id).orElseThrow(() -> ApiException.conflict("status", "status.notDeployed",
                "connector '" + name + "' is not deployed; deploy it first"));
    }

    private static String verb(TargetState target) {
        return switch (target) {
            case RUNNING -> "resume";
            case PAUSED -> "pause";
            case STOPPED -> "stop";
        };
    }

    private static String requestId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String target(String instanceId, String name) {
        return "instances/" + instanceId + "/connectors/" + name;
    }

    private static double secondsBetween(Instant from, Instant to) {
        return Math.round(Duration.between(from, to).toMillis() / 100.0) / 10.0;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the connector to stop", e);
        }
    }

}
