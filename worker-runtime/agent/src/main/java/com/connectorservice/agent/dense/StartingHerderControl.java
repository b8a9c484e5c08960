package com.connectorservice.agent.dense;

import java.util.Map;
import java.util.Optional;

import com.connectorservice.agent.runtime.ConnectorControl;
import com.connectorservice.agent.runtime.ConnectorOperationException;
import com.connectorservice.agent.runtime.ConnectorStatus;
import com.connectorservice.contracts.agent.TargetState;

/** A connector whose dense JVM is up but whose herder is not yet: never ready, so it is reported DEPLOYING. */
final class StartingHerderControl implements ConnectorControl {

    @Override
    public boolean isReady() {
        return false;
    }

    @Override
    public Optional<Map<String, String>> config() throws ConnectorOperationException {
        throw starting("config");
    }

    @Override
    public void create(Map<String, String> config, TargetState initialState) throws ConnectorOperationException {
        throw starting("create");
    }

    @Override
    public void applyConfig(Map<String, String> config) throws ConnectorOperationException {
        throw starting("applyConfig");
    }

    @Override
    public void pause() throws ConnectorOperationException {
        throw starting("pause");
    }

    @Override
    public void resume() throws ConnectorOperationException {
        throw starting("resume");
    }

    @Override
    public void stop() throws ConnectorOperationException {
        throw starting("stop");
    }

    @Override
    public void restart(boolean includeTasks, boolean onlyFailed) throws ConnectorOperationException {
        throw starting("restart");
    }

    @Override
    public Optional<ConnectorStatus> status() throws ConnectorOperationException {
        throw starting("status");
    }

    @Override
    public Map<String, Long> offsets() throws ConnectorOperationException {
        throw starting("offsets");
    }

    @Override
    public void resetOffsets() throws ConnectorOperationException {
        throw starting("resetOffsets");
    }

    private static ConnectorOperationException starting(String operation) {
        return new ConnectorOperationException(operation, 0, "the dense worker JVM is starting; its herder follows");
    }
}
