package com.connectorservice.worker.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.JmxReporter;
import org.apache.kafka.common.metrics.KafkaMetricsContext;
import org.apache.kafka.common.metrics.MetricConfig;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.utils.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.connectorservice.contracts.agent.AgentProtocol.TaskMetrics;

/** The metrics are published the way a Connect worker publishes them: Kafka's {@link JmxReporter}. */
class TaskMetricsReaderTest {

    private final Metrics connect = metrics("kafka.connect");
    private final Metrics consumer = metrics("kafka.consumer");

    @AfterEach
    void close() {
        connect.close();
        consumer.close();
    }

    @Test
    void readsEachConnectorsOwnTasksInAJvmHostingSeveral() {
        publishTask("orders", 0, 120.5, 3, 1_733_000_000_000L, 7, "IOException: connection refused\n\tat x");
        publishTask("orders", 1, 80.0, 0, 0, 0, "");
        publishTask("payments", 0, 5.0, 1, 0, 0, "");
        gauge(consumer, "records-lag", "consumer-fetch-manager-metrics",
                Map.of("client-id", "connector-consumer-orders-0", "topic", "t", "partition", "0"), 40.0);
        gauge(consumer, "records-lag", "consumer-fetch-manager-metrics",
                Map.of("client-id", "connector-consumer-orders-0", "topic", "t", "partition", "1"), 2.0);

        TaskMetricsReader reader = TaskMetricsReader.platform();
        List<TaskMetrics> orders = reader.read("orders");
        List<TaskMetrics> payments = reader.read("payments");

        assertThat(orders).extracting(TaskMetrics::task).containsExactly(0, 1);
        TaskMetrics first = orders.get(0);
        assertThat(first.recordsSentPerSecond()).isEqualTo(120.5);
        assertThat(first.recordErrors()).isEqualTo(3);
        assertThat(first.consumerLag()).isEqualTo(42);
        assertThat(first.destinationUnavailable()).isTrue();
        assertThat(first.destinationRetries()).isEqualTo(7);
        assertThat(first.destinationLastError()).isEqualTo("IOException: connection refused at x");
        assertThat(orders.get(1).destinationUnavailable()).isFalse();
        assertThat(orders.get(1).destinationLastError()).isNull();
        assertThat(orders.get(1).consumerLag()).isNull();
        assertThat(payments).singleElement().satisfies(task -> {
            assertThat(task.recordsSentPerSecond()).isEqualTo(5.0);
            assertThat(task.recordErrors()).isEqualTo(1);
        });
        assertThat(reader.read("absent")).isEmpty();
    }

    @Test
    void aMeasureWithoutSamplesIsUnknownNotNaN() {
        publishTask("idle", 0, Double.NaN, 0, 0, 0, "");
        assertThat(TaskMetricsReader.platform().read("idle")).singleElement()
                .satisfies(task -> assertThat(task.recordsSentPerSecond()).isNull());
    }

    private void publishTask(String connector, int task, double sendRate, double errors, long unavailableSince,
                             long retries, String lastError) {
        Map<String, String> tags = Map.of("connector", connector, "task", Integer.toString(task));
        gauge(connect, "sink-record-send-rate", "sink-task-metrics", tags, sendRate);
        gauge(connect, "sink-record-read-rate", "sink-task-metrics", tags, sendRate);
        gauge(connect, "put-batch-avg-time-ms", "sink-task-metrics", tags, 12.0);
        gauge(connect, "total-record-errors", "task-error-metrics", tags, errors);
        gauge(connect, "destination-unavailable-since", "plugins", tags, (double) unavailableSince);
        gauge(connect, "destination-retries", "plugins", tags, (double) retries);
        connect.addMetric(new MetricName("destination-last-error", "plugins", "", tags),
                (Gauge<String>) (config, now) -> lastError);
    }

    private static void gauge(Metrics metrics, String name, String group, Map<String, String> tags, double value) {
        metrics.addMetric(new MetricName(name, group, "", tags), (Gauge<Double>) (config, now) -> value);
    }

    private static Metrics metrics(String prefix) {
        JmxReporter reporter = new JmxReporter();
        return new Metrics(new MetricConfig(), List.of(reporter), Time.SYSTEM, new KafkaMetricsContext(prefix));
    }

}
