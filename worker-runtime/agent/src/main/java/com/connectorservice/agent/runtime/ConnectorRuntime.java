package com.connectorservice.agent.runtime;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

/**
 * Where an agent runs its connectors. Each connector gets its own Connect worker: a member of the connector's own
 * group ({@code connect-cluster-<name>}) with its own config, offset and status topics, so connectors never share a
 * herder. How workers are hosted is the runtime's business: {@code worker.ProcessConnectorRuntime} starts one
 * {@code ConnectDistributed} JVM per connector; a dense runtime (issue 14) hosts one herder per connector in one JVM
 * per tenant, the way MirrorMaker 2 runs several herders. The reconciler drives either through this interface.
 *
 * <p>Every worker advertises the address the agent was given ({@code CONNECTORS_AGENT_ADVERTISED_HOST}) and listens
 * on it, so a member on another host can forward config writes and task configs to the group's leader.
 */
public interface ConnectorRuntime {

    /**
     * Takes over the workers a previous agent process left running (workers outlive the agent, so an agent upgrade or
     * crash does not stop data) and stops those that are not ours any more.
     *
     * @return the connectors whose workers were adopted
     */
    List<String> adopt();

    /**
     * Makes sure the connector's worker runs with these Connect worker settings: starts it when absent, restarts it when
     * the settings (or the advertised address) changed, and after a crash starts it again once its back-off has passed.
     *
     * @param workerSettings Connect's distributed worker properties apart from the REST listener, which the runtime adds
     */
    WorkerView start(String connector, SortedMap<String, String> workerSettings);

    /** The connector's worker as last seen; empty when this runtime has none for it. */
    Optional<WorkerView> worker(String connector);

    /** The connectors this runtime has a worker for, running or waiting to restart. */
    Set<String> connectors();

    /** The operations on the connector inside its worker; use them once {@link ConnectorControl#isReady()}. */
    ConnectorControl control(String connector);

    /**
     * Takes the connector off this host: its worker leaves the Connect group. The connector itself stays in its config
     * topic, because other hosts of the same group may still run it.
     */
    void remove(String connector);

    /** What the connector's worker costs this host, when the runtime can tell. */
    Optional<WorkerUsage> usage(String connector);

    /** What all of this runtime's worker JVMs use together (resident memory), for the control plane's placement. */
    long residentBytes();

    /** The log of the JVM that hosts the connector's worker ({@code worker.log}), when this runtime has one for it. */
    default Optional<Path> logFile(String connector) {
        return Optional.empty();
    }

    /** Stops every worker at once, for an agent shut down together with its workers (tests, uninstall). */
    void killAll();
}
