package com.connectorservice.agent.runtime;

/**
 * An operation on a connector that did not succeed. {@code status} follows Connect's REST API whatever the runtime
 * (400: the config was refused, 404: no such connector, 409: a rebalance is under way, ...); 0 when the connector's
 * worker could not be reached at all.
 */
public final class ConnectorOperationException extends Exception {

    private final int status;

    public ConnectorOperationException(String operation, int status, String message) {
        super(operation + (status == 0 ? " failed: " : " answered " + status + ": ") + message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** Connect's config validation refused the connector's config: nothing runs until another config comes. */
    public boolean configRejected() {
        return status == 400;
    }
}
