package com.connectorservice.agent.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;

import com.connectorservice.agent.connect.ConnectClient;
import com.connectorservice.agent.runtime.ConnectorControl;
import com.connectorservice.agent.runtime.ConnectorOperationException;
import com.connectorservice.agent.runtime.ConnectorRuntime;
import com.connectorservice.agent.runtime.ConnectorStatus;
import com.connectorservice.agent.runtime.WorkerUsage;
import com.connectorservice.agent.runtime.WorkerView;
import com.connectorservice.contracts.agent.AgentProtocol.TaskMetrics;
import com.connectorservice.contracts.agent.TargetState;

/**
 * Process per connector: each connector's worker is its own {@code ConnectDistributed} JVM ({@link WorkerSupervisor}),
 * reached through its REST API at this host's advertised address. The strongest isolation (a connector's memory, GC and
 * crashes are its own), at the price of a JVM per connector.
 */
public final class ProcessConnectorRuntime implements ConnectorRuntime {

    private static final long KIB = 1024;

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
        return new RestControl(connector, new ConnectClient(worker.restUrl()));
    }

    @Override
    public void remove(String connector) {
        supervisor.remove(connector);
    }

    /** The worker JVM's resident memory, from {@code /proc/<pid>/status} (Linux); empty elsewhere or when not running. */
    @Override
    public Optional<WorkerUsage> usage(String connector) {
        Optional<Long> pid = supervisor.view(connector).map(WorkerView::pid);
        if (pid.isEmpty()) {
            return Optional.empty();
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid.get().toString(), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Optional.of(new WorkerUsage(Long.parseLong(line.replaceAll("\\D", "")) * KIB));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process just exited
        }
        return Optional.empty();
    }

    @Override
    public void killAll() {
        supervisor.killAll();
    }

    /** Connect's REST API of the connector's own worker; a probe also tells the supervisor whether the worker answers. */
    private final class RestControl implements ConnectorControl {

        private final String connector;
        private final ConnectClient connect;

        RestControl(String connector, ConnectClient connect) {
            this.connector = connector;
            this.connect = connect;
        }

        @Override
        public boolean isReady() {
            boolean ready = connect.isReady();
            supervisor.restProbed(connector, ready);
            return ready;
        }

        @Override
        public Optional<Map<String, String>> config() throws ConnectorOperationException {
            return connect.connectorConfig(connector);
        }

        @Override
        public void create(Map<String, String> config, TargetState initialState) throws ConnectorOperationException {
            connect.create(connector, config, initialState.name());
        }

        @Override
        public void applyConfig(Map<String, String> config) throws ConnectorOperationException {
            connect.putConfig(connector, config);
        }

        @Override
        public void pause() throws ConnectorOperationException {
            connect.pause(connector);
        }

        @Override
        public void resume() throws ConnectorOperationException {
            connect.resume(connector);
        }

        @Override
        public void stop() throws ConnectorOperationException {
            connect.stop(connector);
        }

        @Override
        public void restart(boolean includeTasks, boolean onlyFailed) throws ConnectorOperationException {
            connect.restart(connector, includeTasks, onlyFailed);
        }

        @Override
        public Optional<ConnectorStatus> status() throws ConnectorOperationException {
            return connect.status(connector);
        }

        @Override
        public List<TaskMetrics> taskMetrics() throws ConnectorOperationException {
            return connect.taskMetrics(connector);
        }

        @Override
        public Map<String, Long> offsets() throws ConnectorOperationException {
            return connect.offsets(connector);
        }

        @Override
        public void resetOffsets() throws ConnectorOperationException {
            connect.resetOffsets(connector);
        }
    }
}
