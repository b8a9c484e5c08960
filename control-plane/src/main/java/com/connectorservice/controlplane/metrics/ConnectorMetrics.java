package com.connectorservice.controlplane.metrics;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

import com.connectorservice.contracts.agent.AgentProtocol.Condition;
import com.connectorservice.contracts.agent.AgentProtocol.TaskMetrics;
import com.connectorservice.contracts.agent.AgentProtocol.WorkerReport;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One connector's figures from the task metrics its workers reported last (each node reports the tasks its worker
 * runs, so the connector is the sum over nodes). A figure no task measured yet is null.
 *
 * @param recordsInPerSecond          records read from Kafka per second (Connect's {@code sink-record-read-rate})
 * @param recordsOutPerSecond         records handed to the sink to write per second ({@code sink-record-send-rate})
 * @param recordErrors                records that failed in Connect, since the tasks started
 * @param deadLettered                records Connect sent to the dead-letter topic, since the tasks started
 * @param errorTopicRecords           records our sinks delivered to the error topic (the destination refused them),
 *                                    since the tasks started
 * @param consumerLag                 records behind the end of the source partitions, as the task consumers saw them
 * @param batchLatencyMs              the slowest task's average time to write one batch
 * @param destinationUnavailableSince when the earliest waiting task found the destination unavailable; null when none waits
 * @param destinationRetries          attempts retried by the waiting tasks
 * @param destinationLastError        the reason of a waiting task's last failed attempt, one line
 * @param tasks                       how many tasks reported metrics
 */
public record ConnectorMetrics(Double recordsInPerSecond, Double recordsOutPerSecond, Long recordErrors,
        Long deadLettered, Long errorTopicRecords, Long consumerLag, Double batchLatencyMs, Instant destinationUnavailableSince,
        @Schema(requiredMode = REQUIRED) long destinationRetries, String destinationLastError,
        @Schema(requiredMode = REQUIRED) int tasks) {

    public static final String DESTINATION_UNAVAILABLE = "DestinationUnavailable";

    /** The figures of every task in these worker reports (one per node). */
    public static ConnectorMetrics of(Collection<WorkerReport> workers) {
        List<TaskMetrics> tasks = workers.stream().filter(Objects::nonNull)
                .flatMap(worker -> worker.taskMetrics().stream()).toList();
        List<TaskMetrics> waiting = tasks.stream().filter(TaskMetrics::destinationUnavailable).toList();
        return new ConnectorMetrics(sum(tasks, TaskMetrics::recordsReadPerSecond),
                sum(tasks, TaskMetrics::recordsSentPerSecond), total(tasks, TaskMetrics::recordErrors),
                total(tasks, TaskMetrics::deadLettered), total(tasks, TaskMetrics::errorTopicRecords),
                total(tasks, TaskMetrics::consumerLag),
                values(tasks, TaskMetrics::putBatchAvgMs).max(Double::compare).orElse(null),
                waiting.stream().map(TaskMetrics::destinationUnavailableSince).min(Long::compare)
                        .map(Instant::ofEpochMilli).orElse(null),
                waiting.stream().map(TaskMetrics::destinationRetries).filter(Objects::nonNull)
                        .mapToLong(Long::longValue).sum(),
                waiting.stream().map(TaskMetrics::destinationLastError).filter(Objects::nonNull).findFirst().orElse(null),
                tasks.size());
    }

    public boolean destinationUnavailable() {
        return destinationUnavailableSince != null;
    }

    /**
     * While the destination refuses writes, the connector stays RUNNING (its tasks keep their records and retry) with
     * this condition, in one line: since when, how many retries, the last error. Gone when writing resumes.
     */
    public Optional<Condition> destinationCondition() {
        if (!destinationUnavailable()) {
            return Optional.empty();
        }
        return Optional.of(new Condition(DESTINATION_UNAVAILABLE, "True", "WaitingForDestination",
                "the destination does not take writes since " + destinationUnavailableSince + "; " + destinationRetries
                        + " retries" + (destinationLastError == null ? "" : "; last error: " + destinationLastError)
                        + "; records are kept and writing resumes when it answers"));
    }

    private static Stream<Double> values(List<TaskMetrics> tasks, Function<TaskMetrics, Double> metric) {
        return tasks.stream().map(metric).filter(Objects::nonNull);
    }

    private static Double sum(List<TaskMetrics> tasks, Function<TaskMetrics, Double> metric) {
        return values(tasks, metric).reduce(Double::sum).orElse(null);
    }

    private static Long total(List<TaskMetrics> tasks, Function<TaskMetrics, Long> metric) {
        return tasks.stream().map(metric).filter(Objects::nonNull).reduce(Long::sum).orElse(null);
    }
}
