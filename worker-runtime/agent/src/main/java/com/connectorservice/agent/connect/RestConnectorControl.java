package com.connectorservice.agent.connect;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import com.connectorservice.agent.runtime.ConnectorControl;
import com.connectorservice.agent.runtime.ConnectorOperationException;
import com.connectorservice.agent.runtime.ConnectorStatus;
import com.connectorservice.contracts.agent.AgentProtocol.TaskMetrics;
import com.connectorservice.contracts.agent.TargetState;

/**
 * The operations on a connector through Connect's REST API of its own worker: a {@code ConnectDistributed} JVM or a
 * herder of the dense worker, which keeps a Connect REST server per herder.
 */
public final class RestConnectorControl implements ConnectorControl {

    private final String connector;
    private final ConnectClient connect;
    private final Consumer<Boolean> probed;

    /** @param probed told whether each readiness probe was answered (the runtime's start watchdog) */
    public RestConnectorControl(String connector, ConnectClient connect, Consumer<Boolean> probed) {
        this.connector = connector;
        this.connect = connect;
        this.probed = probed;
    }

    @Override
    public boolean isReady() {
        boolean ready = connect.isReady();
        probed.accept(ready);
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
