package com.connectorservice.contracts.agent;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The messages of the agent protocol ({@code docs/agent-protocol.md}): one register call, one heartbeat call, between
 * the control plane and every agent. Field names are the JSON names. A reader ignores fields it does not know, so either
 * side can add a field without breaking the other; a field that may be missing is a boxed type or gets its default in
 * the compact constructor.
 */
public final class AgentProtocol {

    private AgentProtocol() {
    }

    /** A list as received: absent is empty, and a null entry (a broken sender) is left out rather than failing all. */
    private static <T> List<T> present(List<T> list) {
        return list == null ? List.of() : list.stream().filter(Objects::nonNull).toList();
    }

    /**
     * @param host     the address the other hosts reach this agent's Connect workers at (their advertised REST host)
     * @param capacity at most this many connectors on the agent, whatever their memory; the control plane's default when
 *                 absent (placement is by memory: {@link HostMemory})
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Registration(String id, String host, Integer capacity, String version) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RegistrationAccepted(int leaseSeconds, int heartbeatIntervalSeconds) {
    }

    /** @param memory what the agent's host may spend and spends on connectors; absent from agents before issue 14 */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Heartbeat(List<ConnectorReport> connectors, HostMemory memory) {
        public Heartbeat {
            connectors = present(connectors);
        }

        public Heartbeat(List<ConnectorReport> connectors) {
            this(connectors, null);
        }
    }

    /**
     * The memory an agent may give its connectors and what it uses, measured (resident memory of the agent and of
     * its worker JVMs). The control plane places connectors by it.
     *
     * @param budgetBytes    what the agent's host may spend on the agent and its workers
     *                       ({@code CONNECTORS_AGENT_MEMORY_BUDGET_MB})
     * @param usedBytes      resident memory of the agent and all its worker JVMs
     * @param runtimeBytes   resident memory of each runtime's JVMs
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HostMemory(long budgetBytes, long usedBytes, Map<Isolation, Long> runtimeBytes) {
        public HostMemory {
            runtimeBytes = runtimeBytes == null ? Map.of() : Map.copyOf(runtimeBytes);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record HeartbeatReply(int leaseSeconds, List<DesiredConnector> desired, String desiredVersion) {
        public HeartbeatReply {
            desired = present(desired);
        }

        public HeartbeatReply(int leaseSeconds, List<DesiredConnector> desired) {
            this(leaseSeconds, desired, null);
        }
    }

    /**
     * The long-poll of {@code POST /api/v1/agents/{id}/desired-state/watch} (issue 14): the agent sends the version of
     * the desired state it holds ({@link HeartbeatReply#desiredVersion()}); the control plane answers as soon as the
     * agent's desired state has another version, or with the same one after {@code waitSeconds}. A new version makes
     * the agent heartbeat at once, which brings the new desired state.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DesiredStateWatch(String version, Integer waitSeconds) {
    }

    /** What the control plane wants running on one agent for one connector; every placed agent gets the same entry. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record DesiredConnector(String name, String instanceId, long generation, TargetState targetState,
                                   WorkerSpec worker, Map<String, String> connectorConfig,
                                   Map<String, String> secrets, RestartRequest restart,
                                   ResetOffsetsRequest resetOffsets) {

        public DesiredConnector {
            connectorConfig = connectorConfig == null ? Map.of() : Map.copyOf(connectorConfig);
            secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
            targetState = targetState == null ? TargetState.RUNNING : targetState;
        }

        public DesiredConnector withSecrets(Map<String, String> replacement) {
            return new DesiredConnector(name, instanceId, generation, targetState, worker, connectorConfig,
                    replacement, restart, resetOffsets);
        }

        /** Never prints secret values: records would otherwise put them into every log line that shows this. */
        @Override
        public String toString() {
            return "DesiredConnector[name=" + name + ", instanceId=" + instanceId + ", generation=" + generation
                    + ", targetState=" + targetState + ", secrets=" + secrets.keySet() + "]";
        }
    }

    /** The Connect worker group a connector runs in: its Kafka instance and its own internal topics. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record WorkerSpec(String bootstrapServers, Map<String, String> clientProperties, String groupId,
                             String configTopic, String offsetTopic, String statusTopic, Isolation isolation) {
        public WorkerSpec {
            clientProperties = clientProperties == null ? Map.of() : Map.copyOf(clientProperties);
            isolation = Isolation.orDefault(isolation);
        }

        /** A worker hosted the default way ({@link Isolation#DENSE}). */
        public WorkerSpec(String bootstrapServers, Map<String, String> clientProperties, String groupId,
                          String configTopic, String offsetTopic, String statusTopic) {
            this(bootstrapServers, clientProperties, groupId, configTopic, offsetTopic, statusTopic, null);
        }

        @Override
        public String toString() {
            // client properties may hold passwords that are not secret references
            return "WorkerSpec[" + groupId + " at " + bootstrapServers + "]";
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RestartRequest(String requestId, boolean includeTasks, boolean onlyFailed) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ResetOffsetsRequest(String requestId) {
    }

    /**
     * What an agent observes for one connector placed on it.
     *
     * @param logs the tail of the connector's lines in its worker's log, per task, when they changed since the agent
     *             last sent them (or a while passed); absent when unchanged, so the control plane keeps what it has
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ConnectorReport(String name, String instanceId, long generation, String state, String trace,
                                  List<TaskReport> tasks, WorkerReport worker, List<Condition> conditions,
                                  AppliedRequests appliedRequests, List<TaskLog> logs) {
        public ConnectorReport {
            tasks = present(tasks);
            conditions = present(conditions);
            logs = logs == null ? null : present(logs);
        }

        public ConnectorReport(String name, String instanceId, long generation, String state, String trace,
                               List<TaskReport> tasks, WorkerReport worker, List<Condition> conditions,
                               AppliedRequests appliedRequests) {
            this(name, instanceId, generation, state, trace, tasks, worker, conditions, appliedRequests, null);
        }

        public ConnectorReport withLogs(List<TaskLog> tail) {
            return new ConnectorReport(name, instanceId, generation, state, trace, tasks, worker, conditions,
                    appliedRequests, tail);
        }
    }

    /**
     * The last lines the connector's worker logged for one of its tasks: those Connect marked with the task's context
     * ({@code [<connector>|task-<n>] }), with the lines that continue them (stack traces). Bounded ({@link #MAX_LINES}
     * lines of at most {@link #MAX_LINE_CHARS} characters); the agent blanks the connector's secret values out of them.
     *
     * @param task  the task's number; null for the lines of the connector itself ({@code [<connector>|worker] })
     * @param lines oldest first
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TaskLog(Integer task, List<String> lines) {
        public static final int MAX_LINES = 200;
        public static final int MAX_LINE_CHARS = 2000;

        public TaskLog {
            lines = present(lines);
        }
    }

    /** @param workerId Connect's name of the worker running the task: its advertised {@code host:port} */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TaskReport(int id, String state, String workerId, String trace) {
    }

    /**
     * The agent's own Connect worker of the connector.
     *
     * @param restUrl       the worker's advertised REST URL, as the other members of its group reach it
     * @param residentBytes the memory the worker uses on its host, when the runtime can tell
     * @param taskMetrics   the metrics of the connector's tasks this worker runs (other members report theirs)
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record WorkerReport(Long pid, int restarts, Exit lastExit, String restUrl, Long residentBytes,
                               List<TaskMetrics> taskMetrics) {
        public WorkerReport {
            taskMetrics = present(taskMetrics);
        }
    }

    /**
     * What Connect measured for one task of the connector that this agent's worker runs, read from the worker's own
     * metrics ({@code sink-task-metrics}, {@code connector-task-metrics}, {@code task-error-metrics}, the sink
     * consumer's lag and our sinks' plugin metrics) when the report was made. A metric the worker does not have (yet)
     * is null; rates are Connect's, over its sample window (30 s by default).
     *
     * @param recordsReadPerSecond        records the task's consumer handed to the task
     * @param recordsSentPerSecond        records the task was given to write (after transforms)
     * @param recordsRead                 since the task started
     * @param recordsSent                 since the task started
     * @param recordErrors                records Connect saw fail (conversion, transforms, put)
     * @param deadLettered                records sent to the dead-letter topic by Connect
     * @param putBatchAvgMs               average time of one {@code put} (the write of a batch)
     * @param putBatchMaxMs               longest {@code put} in the sample window
     * @param offsetCommitAvgMs           average offset commit time
     * @param consumerLag                 records behind the end of the task's partitions, as its consumer saw them
     * @param destinationUnavailableSince epoch ms since the destination refuses writes; 0 while it takes them
     * @param destinationRetries          attempts retried during the current unavailability
     * @param destinationLastError        reason of the last failed attempt, one line
     * @param errorTopicRecords           records our sink delivered to its error topic since the task started
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record TaskMetrics(int task, Double recordsReadPerSecond, Double recordsSentPerSecond, Long recordsRead,
                              Long recordsSent, Long recordErrors, Long deadLettered, Double putBatchAvgMs,
                              Double putBatchMaxMs, Double offsetCommitAvgMs, Long consumerLag,
                              Long destinationUnavailableSince, Long destinationRetries, String destinationLastError,
                              Long errorTopicRecords) {

        /** The destination refused or could not take this task's last writes, and the task waits for it. */
        public boolean destinationUnavailable() {
            return destinationUnavailableSince != null && destinationUnavailableSince > 0;
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Exit(Integer exitCode, String at) {
    }

    /** A Kubernetes-style condition: {@code status} is "True" or "False", {@code reason} a CamelCase word. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Condition(String type, String status, String reason, String message) {

        public static Condition failed(String type, String reason, String message) {
            return new Condition(type, "False", reason, message);
        }
    }

    /** The last restart and offsets-reset request ids the agent carried out, so none is done twice. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record AppliedRequests(String restart, String resetOffsets) {
        public static final AppliedRequests NONE = new AppliedRequests(null, null);

        public AppliedRequests withRestart(String requestId) {
            return new AppliedRequests(requestId, resetOffsets);
        }

        public AppliedRequests withResetOffsets(String requestId) {
            return new AppliedRequests(restart, requestId);
        }
    }
}
