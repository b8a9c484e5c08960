package com.connectorservice.agent.runtime;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.connectorservice.contracts.agent.AgentProtocol.TaskMetrics;
import com.connectorservice.contracts.agent.TargetState;

/**
 * The operations on one connector inside its worker: Connect's herder, reached through whatever the runtime offers
 * (the process runtime: the worker's REST API; a dense runtime: the herder in its JVM). Every operation is idempotent
 * on Connect's side; the member that is not the group's leader forwards writes to the leader, wherever it runs.
 */
public interface ConnectorControl {

    /** The worker joined its group and takes operations. */
    boolean isReady();

    /** The connector's stored config (secret placeholders unresolved); empty when the group has no such connector. */
    Optional<Map<String, String>> config() throws ConnectorOperationException;

    /** Creates the connector directly in its target state, so a connector deployed STOPPED never starts. */
    void create(Map<String, String> config, TargetState initialState) throws ConnectorOperationException;

    /** Writes a new config; the group restarts the connector and its tasks with it. */
    void applyConfig(Map<String, String> config) throws ConnectorOperationException;

    void pause() throws ConnectorOperationException;

    void resume() throws ConnectorOperationException;

    /** Stops the connector and releases its tasks (Connect 3.5+, KIP-875); allowed before an offsets reset. */
    void stop() throws ConnectorOperationException;

    void restart(boolean includeTasks, boolean onlyFailed) throws ConnectorOperationException;

    Optional<ConnectorStatus> status() throws ConnectorOperationException;

    /**
     * The metrics of the connector's tasks that this host's worker runs, keyed by the connector even where one JVM
     * hosts several herders ({@code worker-metrics}: the REST extension of a worker process, or
     * {@code TaskMetricsReader} inside a JVM hosting the herders); empty when the worker runs none or cannot tell.
     */
    default List<TaskMetrics> taskMetrics() throws ConnectorOperationException {
        return List.of();
    }

    /** The offsets the connector's group committed, by topic partition "topic-partition" (KIP-875). */
    Map<String, Long> offsets() throws ConnectorOperationException;

    /** Deletes the committed offsets; Connect accepts this only for a STOPPED connector (KIP-875). */
    void resetOffsets() throws ConnectorOperationException;
}
