package com.connectorservice.controlplane.metrics;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The recent samples of every deployed connector, newest last, at most {@code size} each (an hour at the sample
 * interval). Kept in memory: every control-plane replica samples the same reports from the database, so each holds
 * the same history, and a restarted replica starts a new one.
 */
final class MetricsHistory {

    /** One connector's figures at one moment; null where no task measured it. */
    record MetricsSample(@Schema(requiredMode = REQUIRED) Instant at, Double recordsInPerSecond, Double recordsOutPerSecond,
            Long consumerLag, Long recordErrors, Long deadLettered, Double batchLatencyMs,
            @Schema(requiredMode = REQUIRED) boolean destinationUnavailable) {

        static MetricsSample of(Instant at, ConnectorMetrics metrics) {
            return new MetricsSample(at, metrics.recordsInPerSecond(), metrics.recordsOutPerSecond(), metrics.consumerLag(),
                    metrics.recordErrors(), metrics.deadLettered(), metrics.batchLatencyMs(),
                    metrics.destinationUnavailable());
        }
    }

    record Key(String instanceId, String connector) {
    }

    private final int size;
    private final Map<Key, Deque<MetricsSample>> samples = new ConcurrentHashMap<>();

    MetricsHistory(int size) {
        this.size = size;
    }

    void add(Key key, MetricsSample sample) {
        Deque<MetricsSample> deque = samples.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (deque) {
            deque.addLast(sample);
            while (deque.size() > size) {
                deque.removeFirst();
            }
        }
    }

    /** Forgets the connectors that are no longer deployed. */
    void retainOnly(Set<Key> deployed) {
        samples.keySet().retainAll(deployed);
    }

    List<MetricsSample> samples(Key key) {
        Deque<MetricsSample> deque = samples.get(key);
        if (deque == null) {
            return List.of();
        }
        synchronized (deque) {
            return List.copyOf(deque);
        }
    }
}
