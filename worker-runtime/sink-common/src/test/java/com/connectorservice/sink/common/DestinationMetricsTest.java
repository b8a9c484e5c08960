package com.connectorservice.sink.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Map;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Metrics;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.common.metrics.internals.PluginMetricsImpl;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.junit.jupiter.api.Test;

/** The destination metrics of a task restarted in the same worker, with Connect's own plugin metrics. */
class DestinationMetricsTest {

    private static final Map<String, String> TASK = Map.of("connector", "c", "task", "0");

    @Test
    void aRestartedTaskShowsItsOwnOutageOnceItsEarlierInstanceHasLetGoOfTheMetrics() throws IOException {
        try (Metrics metrics = new Metrics()) {
            PluginMetricsImpl earlier = new PluginMetricsImpl(metrics, TASK);
            DestinationMetrics.register(context(earlier));
            PluginMetricsImpl restarted = new PluginMetricsImpl(metrics, TASK);
            DestinationMetrics destination = DestinationMetrics.register(context(restarted));

            destination.retrying(new IOException("connection refused"));
            assertThat(value(metrics, DestinationMetrics.RETRIES)).as("the earlier instance still holds the name")
                    .isEqualTo(0L);

            earlier.close(); // the earlier instance stopped
            destination.retrying(new IOException("connection refused"));
            assertThat(value(metrics, DestinationMetrics.RETRIES)).isEqualTo(2L);
            assertThat((Long) value(metrics, DestinationMetrics.UNAVAILABLE_SINCE)).isPositive();
            assertThat(value(metrics, DestinationMetrics.LAST_ERROR)).isEqualTo("IOException: connection refused");

            destination.succeeded();
            assertThat(value(metrics, DestinationMetrics.UNAVAILABLE_SINCE)).isEqualTo(0L);
        }
    }

    private static Object value(Metrics metrics, String name) {
        MetricName metricName = metrics.metricName(name, DestinationMetrics.GROUP, "", TASK);
        return metrics.metric(metricName).metricValue();
    }

    private static SinkTaskContext context(PluginMetrics plugin) {
        return (SinkTaskContext) java.lang.reflect.Proxy.newProxyInstance(DestinationMetricsTest.class.getClassLoader(),
                new Class<?>[] {SinkTaskContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("pluginMetrics")) {
                        return plugin;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
