package com.connectorservice.agent.connect;

/** A Connect REST call that did not succeed; {@code status} is 0 when the worker could not be reached. */
public final class ConnectRestException extends Exception {

    private final int status;

    public ConnectRestException(String call, int status, String message) {
        super(call + (status == 0 ? " failed: " : " answered " + status + ": ") + message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
