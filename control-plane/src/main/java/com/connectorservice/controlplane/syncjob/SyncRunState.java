package com.connectorservice.controlplane.syncjob;

/**
 * A run's state: WAITING (for its time, a retry interval, or an agent), RUNNING on an agent, SUCCEEDED, FAILED
 * (its last attempt failed), or MISSED (a scheduled time that passed while no control plane ran; the rerun action runs it).
 */
public enum SyncRunState {
    WAITING, RUNNING, SUCCEEDED, FAILED, MISSED;

    boolean open() {
        return this == WAITING || this == RUNNING;
    }
}
