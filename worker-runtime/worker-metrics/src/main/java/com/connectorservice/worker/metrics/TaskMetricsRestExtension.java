package com.connectorservice.worker.metrics;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.apache.kafka.connect.rest.ConnectRestExtension;
import org.apache.kafka.connect.rest.ConnectRestExtensionContext;

import com.connectorservice.contracts.agent.AgentProtocol.TaskMetrics;

/**
 * A Connect REST extension ({@code rest.extension.classes}) that answers, on the worker's own REST API, the metrics of
 * the connector's tasks this worker runs ({@link TaskMetricsEndpoint#path}), so the agent can carry them to the control
 * plane with its reports. Read-only, and it says only what Connect's JMX already publishes.
 */
public final class TaskMetricsRestExtension implements ConnectRestExtension {

    @Override
    public void register(ConnectRestExtensionContext context) {
        context.configurable().register(new TaskMetricsResource(TaskMetricsReader.platform()));
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }

    @Override
    public void close() {
    }

    @Override
    public String version() {
        return TaskMetricsRestExtension.class.getPackage().getImplementationVersion() == null ? "dev"
                : TaskMetricsRestExtension.class.getPackage().getImplementationVersion();
    }

    @Path("/connectorservice/connectors")
    @Produces(MediaType.APPLICATION_JSON)
    public static final class TaskMetricsResource {

        private final TaskMetricsReader reader;

        TaskMetricsResource(TaskMetricsReader reader) {
            this.reader = reader;
        }

        @GET
        @Path("/{connector}/task-metrics")
        public List<TaskMetrics> taskMetrics(@PathParam("connector") String connector) {
            return reader.read(connector);
        }
    }
}
