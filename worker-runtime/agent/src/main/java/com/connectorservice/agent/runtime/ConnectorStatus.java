package com.connectorservice.agent.runtime;

import java.util.List;

/**
 * A connector's state and its tasks' as Connect's herder sees them ({@code GET /connectors/<name>/status}).
 *
 * @param workerId Connect's name of the worker running the connector: its advertised {@code host:port}
 */
public record ConnectorStatus(String state, String workerId, String trace, List<TaskStatus> tasks) {

    public ConnectorStatus {
        tasks = tasks == null ? List.of() : List.copyOf(tasks);
    }

    public record TaskStatus(int id, String state, String workerId, String trace) {
    }
}
