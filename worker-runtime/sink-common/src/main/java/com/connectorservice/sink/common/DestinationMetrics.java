package com.connectorservice.sink.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * Whether a sink task's destination (MaxCompute, Tablestore) takes writes, as task-level plugin metrics (KIP-877),
 * so that a supervisor can show a {@code DestinationUnavailable} condition while the task waits for it. Connect
 * publishes them in its metrics group {@value #GROUP} with the tags {@code connector} and {@code task}; over JMX:
 * {@code kafka.connect:type=plugins,connector=<name>,task=<id>}, one attribute per metric:
 * <ul>
 *   <li>{@value #UNAVAILABLE_SINCE}: epoch milliseconds of the first failed attempt of the current unavailability
 *       (the destination unreachable, answering 5xx or throttling), 0 while writes succeed;</li>
 *   <li>{@value #RETRIES}: attempts retried since then, 0 while writes succeed;</li>
 *   <li>{@value #LAST_ERROR}: the reason of the last failed attempt (class and message, no secrets), empty if none
 *       failed yet; kept after the destination recovers.</li>
 *   <li>{@value #ERROR_TOPIC_RECORDS}: records this task instance delivered to its error topic
 *       ({@code runtime.error.topic.name}) since it started; Connect counts its own dead-letter queue.</li>
 * </ul>
 * A task keeps its records and offsets while it waits: nothing is committed for records not written, and writing
 * resumes by itself within one back-off ({@link #backoffMs}) of the destination answering again.
 */
public final class DestinationMetrics {

    public static final String GROUP = "plugins";
    public static final String UNAVAILABLE_SINCE = "destination-unavailable-since";
    public static final String RETRIES = "destination-retries";
    public static final String LAST_ERROR = "destination-last-error";
    public static final String ERROR_TOPIC_RECORDS = "error-topic-records";
    /** The longest wait between two attempts, jitter included: writing resumes at most this long after a recovery. */
    public static final long MAX_BACKOFF_MS = 5_000;

    private final AtomicLong unavailableSince = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private volatile String lastError = "";
    /** Where the metrics go (null on a worker without KIP-877), and those an earlier instance of the task still holds. */
    private final PluginMetrics plugin;
    private final List<Map.Entry<MetricName, Gauge<?>>> unpublished = new CopyOnWriteArrayList<>();

    /** Registers the metrics with the task's plugin metrics; works (unregistered) on a worker without KIP-877. */
    public static DestinationMetrics register(SinkTaskContext context) {
        PluginMetrics plugin = pluginMetrics(context);
        DestinationMetrics metrics = new DestinationMetrics(plugin);
        if (plugin != null) {
            LinkedHashMap<String, String> noTags = new LinkedHashMap<>();
            metrics.publish(plugin.metricName(UNAVAILABLE_SINCE, "Epoch ms since the destination refuses or cannot"
                    + " take writes; 0 when writes succeed", noTags), (Gauge<Long>) (config, now) -> metrics.unavailableSince());
            metrics.publish(plugin.metricName(RETRIES, "Attempts retried during the current unavailability", noTags),
                    (Gauge<Long>) (config, now) -> metrics.retries());
            metrics.publish(plugin.metricName(LAST_ERROR, "Reason of the last failed attempt", noTags),
                    (Gauge<String>) (config, now) -> metrics.lastError());
        }
        return metrics;
    }

    /** Metrics kept but published nowhere. */
    public DestinationMetrics() {
        this(null);
    }

    private DestinationMetrics(PluginMetrics plugin) {
        this.plugin = plugin;
    }

    /** The task's plugin metrics; null without a context or on a worker without KIP-877. */
    private static PluginMetrics pluginMetrics(SinkTaskContext context) {
        try {
            return context == null ? null : context.pluginMetrics();
        } catch (NoSuchMethodError | UnsupportedOperationException olderWorker) {
            return null;
        }
    }

    /** Publishes the count of records delivered to the error topic, when the worker has plugin metrics. */
    static void registerErrorTopicRecords(SinkTaskContext context, java.util.function.LongSupplier delivered) {
        PluginMetrics plugin = pluginMetrics(context);
        if (plugin != null) {
            add(plugin, plugin.metricName(ERROR_TOPIC_RECORDS, "Records delivered to the error topic since the task started",
                    new LinkedHashMap<>()), (Gauge<Long>) (config, now) -> delivered.getAsLong());
        }
    }

    /**
     * Publishes a metric now, or, while an earlier instance of the task still holds its name, at a later attempt
     * ({@link #retrying}, {@link #succeeded}): a task restarted in the same worker (a rebalance, a restart) can start
     * before its earlier instance, slow to stop, has let go of its metrics, and the new instance's values are the ones
     * that count. Showing the earlier instance's zeros for good hid a CI drill's outage from its status.
     */
    private void publish(MetricName name, Gauge<?> gauge) {
        if (!add(plugin, name, gauge)) {
            unpublished.add(Map.entry(name, gauge));
        }
    }

    private void publishHeldBack() {
        if (!unpublished.isEmpty()) {
            // two writer threads may both add one metric: the second replaces the first with the same gauge
            unpublished.removeIf(metric -> add(plugin, metric.getKey(), metric.getValue()));
        }
    }

    /**
     * Adds a metric, replacing one of the same name this instance holds.
     *
     * @return false while another instance of the task holds the name: Connect lets a plugin remove only its own
     *         metrics, and a metric not shown yet is no reason to fail the task (a CI drill's restarted tasks failed so)
     */
    private static boolean add(PluginMetrics plugin, MetricName name, Gauge<?> gauge) {
        try {
            plugin.addMetric(name, gauge);
            return true;
        } catch (IllegalArgumentException alreadyRegistered) {
            try {
                plugin.removeMetric(name);
            } catch (IllegalArgumentException heldByTheEarlierInstance) {
                return false;
            }
            plugin.addMetric(name, gauge);
            return true;
        }
    }

    /** An attempt failed and will be retried. */
    public void retrying(Throwable reason) {
        publishHeldBack();
        unavailableSince.compareAndSet(0, System.currentTimeMillis());
        retries.incrementAndGet();
        lastError = reason.getClass().getSimpleName() + ": " + reason.getMessage();
    }

    /** A write was accepted: the destination is available. */
    public void succeeded() {
        publishHeldBack();
        if (unavailableSince.get() != 0) {
            unavailableSince.set(0);
            retries.set(0);
        }
    }

    public long unavailableSince() {
        return unavailableSince.get();
    }

    public long retries() {
        return retries.get();
    }

    public String lastError() {
        return lastError;
    }

    /**
     * Wait before retry number {@code attempt} (0 for the first): {@code firstMs} doubled each time, at most
     * {@link #MAX_BACKOFF_MS}, with ±20% jitter so that many tasks do not retry in step.
     */
    public static long backoffMs(long firstMs, int attempt) {
        long base = Math.min(MAX_BACKOFF_MS * 5 / 6, firstMs << Math.min(attempt, 20));
        return Math.max(1, (long) (base * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble())));
    }
}
