package com.connectorservice.controlplane.connector;

/** A connector by its address: the instance it belongs to and its name there. */
public record ConnectorRef(String instanceId, String name) {

    @Override
    public String toString() {
        return instanceId + "/" + name;
    }
}
