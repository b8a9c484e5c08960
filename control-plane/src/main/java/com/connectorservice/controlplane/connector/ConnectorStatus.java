package com.connectorservice.controlplane.connector;

/**
 * NOT_DEPLOYED until the first deploy; afterwards the state the worker runtime reports (issue 5 fills
 * these in). A definition may only change while nothing runs it.
 */
public enum ConnectorStatus {
    NOT_DEPLOYED, DEPLOYING, RUNNING, PAUSED, STOPPED, FAILED;

    public boolean running() {
        return this == DEPLOYING || this == RUNNING || this == PAUSED;
    }
}
