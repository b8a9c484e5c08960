package com.connectorservice.controlplane.metrics;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.connectorservice.controlplane.api.ProblemResponses;
import com.connectorservice.controlplane.connector.ConnectorService;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;

/** The recent figures of one connector, for the detail page's throughput and lag chart. */
@RestController
@RequestMapping("/api/v1/instances/{instanceId}/connectors/{name}")
class MetricsController {

    /**
     * @param sampleIntervalSeconds the time between two samples
     * @param samples               oldest first, at most the configured history (an hour by default); empty until the
     *                              connector is deployed and sampled
     */
    record MetricsHistoryResponse(@Schema(requiredMode = REQUIRED) String name,
            @Schema(requiredMode = REQUIRED) double sampleIntervalSeconds,
            @Schema(requiredMode = REQUIRED) List<MetricsHistory.MetricsSample> samples) {
    }

    private final ConnectorService connectors;
    private final ConnectorMeters meters;
    private final MetricsProperties properties;

    MetricsController(ConnectorService connectors, ConnectorMeters meters, MetricsProperties properties) {
        this.connectors = connectors;
        this.meters = meters;
        this.properties = properties;
    }

    @Operation(operationId = "getConnectorMetricsHistory",
            summary = "Records in and out per second, consumer lag, errors and batch latency over the last hour")
    @ProblemResponses({404})
    @GetMapping("/metrics/history")
    MetricsHistoryResponse history(@PathVariable String instanceId, @PathVariable String name) {
        connectors.get(instanceId, name);
        return new MetricsHistoryResponse(name, properties.sampleInterval().toMillis() / 1000.0,
                meters.history().samples(new MetricsHistory.Key(instanceId, name)));
    }
}
