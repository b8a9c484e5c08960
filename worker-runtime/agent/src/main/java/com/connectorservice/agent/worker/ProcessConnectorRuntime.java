package com.connectorservice.agent.worker;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

import com.connectorservice.agent.connect.ConnectClient;
import com.connectorservice.agent.connect.RestConnectorControl;
import com.connectorservice.agent.runtime.ConnectorControl;
import com.connectorservice.agent.runtime.ConnectorRuntime;
import com.connectorservice.agent.runtime.WorkerUsage;
import com.connectorservice.agent.runtime.WorkerView;

/**
 * Process per connector: each connector's worker is its own {@code ConnectDistributed} JVM ({@link WorkerSupervisor}),
 * reached through its REST API at this host's advertised address. The strongest isolation (a connector's memory, GC and
 * crashes are its own), at the price of a JVM per connector.
 */
public final class ProcessConnectorRuntime implements ConnectorRuntime {

    private final WorkerSupervisor supervisor;

    /** @param onWorkerExit called (on another thread) when a worker dies, to reconcile at once */
    public ProcessConnectorRuntime(Path workersDir, WorkerAddress address, WorkerLaunch launch, Duration startTimeout,
                                   Runnable onWorkerExit) {
        this.supervisor = new WorkerSupervisor(workersDir, address, launch, startTimeout, onWorkerExit);
    }

    @Override
    public List<String> adopt() {
        return supervisor.adoptRunningWorkers();
    }

    @Override
    public WorkerView start(String connector, SortedMap<String, String> workerSettings) {
        return supervisor.ensureRunning(connector, workerSettings);
    }

    @Override
    public Optional<WorkerView> worker(String connector) {
        return supervisor.view(connector);
    }

    @Override
    public Set<String> connectors() {
        return supervisor.connectors();
    }

    @Override
    public ConnectorControl control(String connector) {
        WorkerView worker = supervisor.view(connector)
                .orElseThrow(() -> new IllegalStateException("no worker for " + connector + " on this host"));
        return new RestConnectorControl(connector, new ConnectClient(worker.restUrl()),
                answered -> supervisor.restProbed(connector, answered));
    }

    @Override
    public void remove(String connector) {
        supervisor.remove(connector);
    }

    /** The worker JVM's resident memory. */
    @Override
    public Optional<WorkerUsage> usage(String connector) {
        return supervisor.view(connector).map(WorkerView::pid).flatMap(ResidentMemory::ofProcess).map(WorkerUsage::new);
    }

    @Override
    public Optional<Path> logFile(String connector) {
        return supervisor.logFile(connector);
    }

    @Override
    public long residentBytes() {
        return supervisor.residentBytes();
    }

    @Override
    public void killAll() {
        supervisor.killAll();
    }
}
