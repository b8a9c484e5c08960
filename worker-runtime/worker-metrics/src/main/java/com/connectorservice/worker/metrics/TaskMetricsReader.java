package com.connectorservice.worker.metrics;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import com.connectorservice.contracts.agent.AgentProtocol.TaskMetrics;

/**
 * Reads one connector's task metrics from the MBeans its worker registered (Connect's JmxReporter): the
 * {@code kafka.connect} groups {@code sink-task-metrics}, {@code connector-task-metrics}, {@code task-error-metrics}
 * and {@code plugins} (our sinks' destination metrics, KIP-877), and the sink consumer's per-partition lag. Every
 * name is tagged with the connector, so a JVM hosting several herders (one per connector) answers each connector
 * with its own tasks only; the worker-level MBeans, which collide in such a JVM, are not read.
 */
public final class TaskMetricsReader {

    private static final String CONNECT = "kafka.connect";

    private final MBeanServer server;

    public TaskMetricsReader(MBeanServer server) {
        this.server = server;
    }

    public static TaskMetricsReader platform() {
        return new TaskMetricsReader(ManagementFactory.getPlatformMBeanServer());
    }

    /** The connector's tasks running in this JVM, by task id; empty when none runs here. */
    public List<TaskMetrics> read(String connector) {
        Map<Integer, ObjectName> sinkTasks = new TreeMap<>();
        for (ObjectName name : query(CONNECT + ":type=sink-task-metrics,connector=" + quoteIfNeeded(connector) + ",*")) {
            try {
                sinkTasks.put(Integer.parseInt(name.getKeyProperty("task")), name);
            } catch (NumberFormatException e) {
                // not a task MBean
            }
        }
        List<TaskMetrics> tasks = new ArrayList<>();
        sinkTasks.forEach((task, sink) -> tasks.add(read(connector, task, sink)));
        tasks.sort(Comparator.comparingInt(TaskMetrics::task));
        return tasks;
    }

    private TaskMetrics read(String connector, int task, ObjectName sink) {
        String tags = ",connector=" + quoteIfNeeded(connector) + ",task=" + task;
        ObjectName taskMetrics = name(CONNECT + ":type=connector-task-metrics" + tags);
        ObjectName errors = name(CONNECT + ":type=task-error-metrics" + tags);
        ObjectName plugin = name(CONNECT + ":type=plugins" + tags);
        return new TaskMetrics(task,
                rate(sink, "sink-record-read-rate"),
                rate(sink, "sink-record-send-rate"),
                count(sink, "sink-record-read-total"),
                count(sink, "sink-record-send-total"),
                count(errors, "total-record-errors"),
                count(errors, "deadletterqueue-produce-requests"),
                rate(sink, "put-batch-avg-time-ms"),
                rate(sink, "put-batch-max-time-ms"),
                rate(taskMetrics, "offset-commit-avg-time-ms"),
                consumerLag(connector + "-" + task),
                count(plugin, "destination-unavailable-since"),
                count(plugin, "destination-retries"),
                oneLine(attribute(plugin, "destination-last-error")),
                count(plugin, "error-topic-records"));
    }

    /** The sum of {@code records-lag} over the partitions assigned to the task's consumer; null before it fetched. */
    private Long consumerLag(String taskId) {
        Set<ObjectName> partitions = query("kafka.consumer:type=consumer-fetch-manager-metrics,client-id="
                + quoteIfNeeded("connector-consumer-" + taskId) + ",topic=*,partition=*");
        Long lag = null;
        for (ObjectName partition : partitions) {
            Double value = rate(partition, "records-lag");
            if (value != null) {
                lag = (lag == null ? 0 : lag) + value.longValue();
            }
        }
        return lag;
    }

    private Set<ObjectName> query(String pattern) {
        return server.queryNames(name(pattern), null);
    }

    private Object attribute(ObjectName name, String attribute) {
        try {
            return server.isRegistered(name) ? server.getAttribute(name, attribute) : null;
        } catch (JMException | RuntimeException e) {
            // the metric is not there (older worker, a sink without destination metrics) or went away meanwhile
            return null;
        }
    }

    /** A measured value; NaN and infinities (no sample yet) are unknown, not numbers JSON cannot carry. */
    private Double rate(ObjectName name, String attribute) {
        return attribute(name, attribute) instanceof Number number && Double.isFinite(number.doubleValue())
                ? number.doubleValue() : null;
    }

    private Long count(ObjectName name, String attribute) {
        Double value = rate(name, attribute);
        return value == null ? null : value.longValue();
    }

    private static String oneLine(Object value) {
        if (value == null || value.toString().isBlank()) {
            return null;
        }
        String line = value.toString().replaceAll("\\s+", " ").strip();
        return line.length() > 300 ? line.substring(0, 299) + "…" : line;
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (JMException e) {
            throw new IllegalArgumentException(name, e);
        }
    }

    /** Connect quotes a tag value with JMX's special characters; our connector names never have them. */
    private static String quoteIfNeeded(String value) {
        return value.matches("[A-Za-z0-9._-]*") ? value : ObjectName.quote(value);
    }
}
