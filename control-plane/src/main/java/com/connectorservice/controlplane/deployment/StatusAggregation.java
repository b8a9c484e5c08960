package com.connectorservice.controlplane.deployment;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.connectorservice.contracts.agent.AgentProtocol;
import com.connectorservice.controlplane.connector.ConnectorStatus;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One state for a connector from the reports of all the nodes it is placed on. All replicas are members of
 * one Connect group and see the same connector and task states; what differs is each node's own worker
 * (starting, restarting). A failed task or connector wins, then a worker being (re)started, then Connect's state.
 * Only current reports count: a node late with its heartbeat may be dead, so what it said last is history, and a
 * connector whose nodes are all late is UNKNOWN rather than what they last said. A connector is PAUSED only once
 * every current report and task says so: before that its tasks still write.
 */
final class StatusAggregation {

    record TaskView(@Schema(requiredMode = REQUIRED) int id, @Schema(requiredMode = REQUIRED) String state, String node,
            String trace) {
    }

    record Aggregate(ConnectorStatus state, String trace, List<TaskView> tasks) {
    }

    private StatusAggregation() {
    }

    /** Heartbeats missed for this many intervals (plus a second of slack) make a node late. */
    private static final int LATE_AFTER_INTERVALS = 2;

    /** The nodes whose heartbeat is late: what they reported is no longer current. */
    static Set<String> lateNodes(Collection<WorkerNode> nodes, Instant now, Duration heartbeatInterval) {
        return nodes.stream().filter(node -> late(node, now, heartbeatInterval)).map(WorkerNode::id)
                .collect(Collectors.toSet());
    }

    static boolean late(WorkerNode node, Instant now, Duration heartbeatInterval) {
        return node.lastHeartbeat().plus(heartbeatInterval.multipliedBy(LATE_AFTER_INTERVALS)).plusSeconds(1).isBefore(now);
    }

    /**
     * @param reports   the latest report of each node the connector is placed on, newest first
     * @param lateNodes nodes whose reports are not current
     */
    static Aggregate aggregate(List<AgentReport> reports, Set<String> lateNodes) {
        if (reports.isEmpty()) {
            return new Aggregate(ConnectorStatus.DEPLOYING, null, List.of());
        }
        List<AgentReport> current = reports.stream().filter(r -> !lateNodes.contains(r.nodeId())).toList();
        // the last known tasks of late nodes are still shown, after the current ones
        List<TaskView> tasks = tasks(Stream.concat(current.stream(), reports.stream().filter(r -> !current.contains(r)))
                .toList());
        if (current.isEmpty()) {
            return new Aggregate(ConnectorStatus.UNKNOWN, null, tasks);
        }
        List<TaskView> currentTasks = tasks(current);
        String trace = current.stream().map(AgentReport::trace).filter(t -> t != null && !t.isBlank()).findFirst()
                .orElse(currentTasks.stream().map(TaskView::trace).filter(t -> t != null && !t.isBlank()).findFirst()
                        .orElse(null));
        if (current.stream().anyMatch(r -> "FAILED".equals(r.state()))
                || currentTasks.stream().anyMatch(t -> "FAILED".equals(t.state()))) {
            return new Aggregate(ConnectorStatus.FAILED, trace, tasks);
        }
        for (ConnectorStatus transitional : List.of(ConnectorStatus.RESTARTING, ConnectorStatus.DEPLOYING)) {
            if (current.stream().anyMatch(r -> transitional.name().equals(r.state()))) {
                return new Aggregate(transitional, null, tasks);
            }
        }
        ConnectorStatus state = parse(current.get(0).state());
        if (state == ConnectorStatus.PAUSED) {
            // Connect reports the connector PAUSED before each task has seen it and stopped consuming: until every
            // replica and task has, the connector still writes
            Optional<ConnectorStatus> settling = Stream.concat(current.stream().map(AgentReport::state),
                    currentTasks.stream().map(TaskView::state)).filter(s -> !"PAUSED".equals(s)).map(StatusAggregation::parse)
                    .findFirst();
            if (settling.isPresent()) {
                return new Aggregate(settling.get(), null, tasks);
            }
        }
        return new Aggregate(state, null, tasks);
    }

    /** Tasks by id from the newest report that has them; the node is the one whose worker runs the task. */
    private static List<TaskView> tasks(List<AgentReport> reports) {
        Map<String, String> nodeByWorker = new LinkedHashMap<>();
        for (AgentReport report : reports) {
            if (report.worker() != null && report.worker().restUrl() != null) {
                nodeByWorker.put(report.worker().restUrl().replaceFirst("^https?://", "").replaceFirst("/$", ""), report.nodeId());
            }
        }
        Map<Integer, TaskView> byId = new LinkedHashMap<>();
        for (AgentReport report : reports) {
            for (AgentProtocol.TaskReport task : report.tasks()) {
                byId.putIfAbsent(task.id(), new TaskView(task.id(), task.state(),
                        task.workerId() == null ? null : nodeByWorker.get(task.workerId()), task.trace()));
            }
        }
        List<TaskView> tasks = new ArrayList<>(byId.values());
        tasks.sort(Comparator.comparingInt(TaskView::id));
        return tasks;
    }

    private static ConnectorStatus parse(String state) {
        try {
            return ConnectorStatus.valueOf(state);
        } catch (IllegalArgumentException | NullPointerException e) {
            return ConnectorStatus.DEPLOYING;
        }
    }
}
