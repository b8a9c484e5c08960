package com.connectorservice.contracts.agent;

/** Kafka Connect 4.x target states the agents apply; STOPPED releases the tasks and allows an offsets reset. */
public enum TargetState {
    RUNNING, PAUSED, STOPPED
}
