package com.connectorservice.controlplane.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.connectorservice.controlplane.deployment.ConnectorReports;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * Takes every deployed connector's figures from its workers' latest reports once per sample interval, and publishes
 * them: as gauges tagged {@code instance} and {@code connector} ({@code /actuator/prometheus}), and into the bounded
 * {@link MetricsHistory} behind the detail page's chart. A connector no longer deployed loses its series.
 */
@Component
class ConnectorMeters {

    private static final Logger log = LoggerFactory.getLogger(ConnectorMeters.class);

    /** The gauges: Micrometer name (Prometheus: dots become underscores), description, the figure. */
    private record Series(String name, String description, Function<ConnectorMetrics, Number> value) {
    }

    private static final List<Series> SERIES = List.of(
            new Series("connector.records.in.per.second", "Records read from Kafka per second",
                    ConnectorMetrics::recordsInPerSecond),
            new Series("connector.records.out.per.second", "Records handed to the sink to write per second",
                    ConnectorMetrics::recordsOutPerSecond),
            new Series("connector.record.errors", "Records that failed in Connect since the tasks started",
                    ConnectorMetrics::recordErrors),
            new Series("connector.records.dead.lettered", "Records sent to the dead-letter topic since the tasks started",
                    ConnectorMetrics::deadLettered),
            new Series("connector.records.error.topic", "Records the sinks sent to the error topic since the tasks started",
                    ConnectorMetrics::errorTopicRecords),
            new Series("connector.consumer.lag", "Records behind the end of the source partitions",
                    ConnectorMetrics::consumerLag),
            new Series("connector.batch.latency.ms", "The slowest task's average time to write one batch, in ms",
                    ConnectorMetrics::batchLatencyMs),
            new Series("connector.destination.retries", "Write attempts retried during the current destination outage",
                    ConnectorMetrics::destinationRetries),
            new Series("connector.destination.unavailable", "1 while the destination refuses writes, else 0",
                    metrics -> metrics.destinationUnavailable() ? 1 : 0),
            new Series("connector.tasks.reporting", "Tasks whose metrics the workers reported",
                    ConnectorMetrics::tasks));

    private final ConnectorReports reports;
    private final MetricsHistory history;
    private final Map<String, MultiGauge> gauges = new LinkedHashMap<>();

    ConnectorMeters(ConnectorReports reports, MetricsProperties properties, MeterRegistry registry) {
        this.reports = reports;
        this.history = new MetricsHistory(properties.historySize());
        SERIES.forEach(series -> gauges.put(series.name(), MultiGauge.builder(series.name())
                .description(series.description()).register(registry)));
    }

    MetricsHistory history() {
        return history;
    }

    @Scheduled(fixedDelayString = "${connectors.metrics.sample-interval:5s}", initialDelayString = "1s")
    void scheduled() {
        try {
            sample();
        } catch (RuntimeException e) {
            log.warn("Sampling the connectors' metrics failed; retrying at the next interval: {}", e.toString());
        }
    }

    /** One sample of every deployed connector. */
    synchronized void sample() {
        Instant now = Instant.now();
        Map<Tags, ConnectorMetrics> current = new LinkedHashMap<>();
        Set<MetricsHistory.Key> deployed = new HashSet<>();
        for (ConnectorReports.Deployed connector : reports.deployed()) {
            ConnectorMetrics metrics = ConnectorMetrics.of(connector.workers());
            MetricsHistory.Key key = new MetricsHistory.Key(connector.instanceId(), connector.name());
            deployed.add(key);
            history.add(key, MetricsHistory.MetricsSample.of(now, metrics));
            current.put(Tags.of("instance", connector.instanceId(), "connector", connector.name()), metrics);
        }
        history.retainOnly(deployed);
        for (Series series : SERIES) {
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            current.forEach((tags, metrics) -> {
                Number value = series.value().apply(metrics);
                if (value != null) {
                    rows.add(MultiGauge.Row.of(tags, value));
                }
            });
            gauges.get(series.name()).register(rows, true);
        }
    }
}
