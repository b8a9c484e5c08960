package com.connectorservice.controlplane.connector;

/** Published inside the transaction that stores a changed definition, so a deployment can roll it out. */
public record ConnectorDefinitionChanged(long connectorId, int replicas) {
}
