package com.connectorservice.worker.metrics;

/**
 * How the agent reaches a worker's task metrics: the path the {@link TaskMetricsRestExtension} answers on the
 * worker's REST API. Free of Connect and JAX-RS types, so the agent may name the extension without loading it.
 */
public final class TaskMetricsEndpoint {

    /** Connect's {@code rest.extension.classes} value that installs the endpoint. */
    public static final String EXTENSION_CLASS = "com.connectorservice.worker.metrics.TaskMetricsRestExtension";

    /** {@code GET} answers the JSON list of {@code AgentProtocol.TaskMetrics}; 200 with [] when no task runs here. */
    public static String path(String connector) {
        return "/connectorservice/connectors/" + connector + "/task-metrics";
    }

    private TaskMetricsEndpoint() {
    }
}
