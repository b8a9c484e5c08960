package com.connectorservice.controlplane.connector;

/**
 * NOT_DEPLOYED until the first deploy; afterwards the state the worker runtime reports (issue 5 fills
 * these in). UNKNOWN: every node running it is late with its heartbeat, so nothing current is known. A
 * definition may only change while nothing runs it. DELETING from an accepted DELETE until the connector is gone:
 * reports no longer change it.
 */
public enum ConnectorStatus {
    NOT_DEPLOYED, DEPLOYING, UNASSIGNED, RUNNING, PAUSED, STOPPED, FAILED, RESTARTING, UNKNOWN, DELETING;

    /** Deployed and not stopped: a worker runs it or is about to, so its definition is in use. */
    public boolean running() {
        return this == DEPLOYING || this == UNASSIGNED || this == RUNNING || this == PAUSED || this == RESTARTING
                || this == UNKNOWN;
    }
}
