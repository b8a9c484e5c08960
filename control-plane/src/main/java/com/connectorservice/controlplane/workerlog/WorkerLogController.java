package com.connectorservice.controlplane.workerlog;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import com.connectorservice.controlplane.api.ProblemResponses;
import com.connectorservice.controlplane.connector.ConnectorService;
import com.connectorservice.controlplane.deployment.ConnectorReports;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The last lines of the connector's worker log, per task, for the detail page's Logs panel. The agents send them with
 * their heartbeats ({@code docs/agent-protocol.md}): from a worker JVM shared by several connectors, only the lines
 * Connect marked with this connector, and never a value of its secrets.
 */
@RestController
class WorkerLogController {

    /**
     * @param task      the task's number; absent for the lines of the connector itself (starting, configuring it)
     * @param node      the agent (worker node) whose worker logged them
     * @param updatedAt when that agent last sent lines that differ from the ones before
     * @param lines     oldest first, at most the last 200
     */
    record TaskLogLines(Integer task, @Schema(requiredMode = REQUIRED) String node,
            @Schema(requiredMode = REQUIRED) Instant updatedAt, @Schema(requiredMode = REQUIRED) List<String> lines) {
    }

    /** @param tasks the connector's own lines first, then by task and node; empty until a worker logged for it */
    record WorkerLogResponse(@Schema(requiredMode = REQUIRED) String name,
            @Schema(requiredMode = REQUIRED) List<TaskLogLines> tasks) {
    }

    private static final Comparator<TaskLogLines> ORDER = Comparator
            .comparing(TaskLogLines::task, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(TaskLogLines::node);

    private final ConnectorService connectors;
    private final ConnectorReports reports;

    WorkerLogController(ConnectorService connectors, ConnectorReports reports) {
        this.connectors = connectors;
        this.reports = reports;
    }

    @Operation(operationId = "getConnectorWorkerLog",
            summary = "The last lines of each task's worker log, of this connector only, newest last")
    @ProblemResponses({404})
    @GetMapping("/api/v1/instances/{instanceId}/connectors/{name}/logs")
    WorkerLogResponse logs(@PathVariable String instanceId, @PathVariable String name) {
        connectors.get(instanceId, name);
        List<TaskLogLines> tasks = reports.logs(instanceId, name).stream()
                .flatMap(node -> node.tasks().stream().filter(task -> !task.lines().isEmpty())
                        .map(task -> new TaskLogLines(task.task(), node.nodeId(), node.at(), task.lines())))
                .sorted(ORDER).toList();
        return new WorkerLogResponse(name, tasks);
    }
}
