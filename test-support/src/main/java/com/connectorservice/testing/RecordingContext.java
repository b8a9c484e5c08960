package com.connectorservice.testing;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.sink.SinkTaskContext;

/**
 * What a Connect worker gives a sink task, for tests that drive a task as Connect would: its assignment, and what
 * the task asked of Connect (pauses, offsets to move the consumer to, commits, records reported).
 */
public final class RecordingContext implements SinkTaskContext {
    public final Set<TopicPartition> assignment = new HashSet<>();
    public final Set<TopicPartition> paused = new HashSet<>();
    private final Map<String, String> configs;

    public RecordingContext(Map<String, String> configs, TopicPartition... assigned) {
        this.configs = configs;
        assignment.addAll(Set.of(assigned));
    }

    @Override public Map<String, String> configs() { return configs; }
    /** Where the task asked Connect to move the consumer (a rewind or a forward after the commit log). */
    public final Map<TopicPartition, Long> movedTo = new java.util.concurrent.ConcurrentHashMap<>();

    @Override public void offset(Map<TopicPartition, Long> offsets) { movedTo.putAll(offsets); }
    @Override public void offset(TopicPartition tp, long offset) { movedTo.put(tp, offset); }
    @Override public void timeout(long timeoutMs) { }
    @Override public Set<TopicPartition> assignment() { return Set.copyOf(assignment); }
    @Override public void pause(TopicPartition... partitions) { paused.addAll(Set.of(partitions)); }
    @Override public void resume(TopicPartition... partitions) { Set.of(partitions).forEach(paused::remove); }
    public volatile boolean commitRequested;

    @Override public void requestCommit() { commitRequested = true; }
    @Override public org.apache.kafka.common.metrics.PluginMetrics pluginMetrics() { return null; }

    /** With errors.tolerance=all: what the task reported to the dead-letter queue, and why. */
    public final java.util.List<Map.Entry<org.apache.kafka.connect.sink.SinkRecord, Throwable>> reported =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    @Override
    public org.apache.kafka.connect.sink.ErrantRecordReporter errantRecordReporter() {
        return (record, error) -> {
            reported.add(Map.entry(record, error));
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        };
    }
}
