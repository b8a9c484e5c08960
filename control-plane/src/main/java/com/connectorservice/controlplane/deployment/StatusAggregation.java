package com.connectorservice.controlplane.deployment;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.connectorservice.contracts.agent.AgentProtocol;
import com.connectorservice.controlplane.connector.ConnectorStatus;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One state for a connector from the reports of all the nodes it is placed on. All replicas are members of
 * one Connect group and see the same connector and task states; what differs is each node's own worker
 * (starting, restarting). A failed task or connector wins, then a worker being (re)started, then Connect's state.
 */
final class StatusAggregation {

    record TaskView(@Schema(requiredMode = REQUIRED) int id, @Schema(requiredMode = REQUIRED) String state, String node,
            String trace) {
    }

    record Aggregate(ConnectorStatus state, String trace, List<TaskView> tasks) {
    }

    private StatusAggregation() {
    }

    /** @param reports the latest report of each node the connector is placed on, newest first */
    static Aggregate aggregate(List<AgentReport> reports) {
        if (reports.isEmpty()) {
            return new Aggregate(ConnectorStatus.DEPLOYING, null, List.of());
        }
        List<TaskView> tasks = tasks(reports);
        String trace = reports.stream().map(AgentReport::trace).filter(t -> t != null && !t.isBlank()).findFirst()
                .orElse(tasks.stream().map(TaskView::trace).filter(t -> t != null && !t.isBlank()).findFirst().orElse(null));
        if (reports.stream().anyMatch(r -> "FAILED".equals(r.state()))
                || tasks.stream().anyMatch(t -> "FAILED".equals(t.state()))) {
            return new Aggregate(ConnectorStatus.FAILED, trace, tasks);
        }
        for (ConnectorStatus transitional : List.of(ConnectorStatus.RESTARTING, ConnectorStatus.DEPLOYING)) {
            if (reports.stream().anyMatch(r -> transitional.name().equals(r.state()))) {
                return new Aggregate(transitional, null, tasks);
            }
        }
        return new Aggregate(parse(reports.get(0).state()), null, tasks);
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
