package com.connectorservice.controlplane.connector;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A connector as the user describes it (REST body and stored document). Every field may be missing
 * on input; {@link #withDefaults()} fills in what the product defaults, and the validator names what
 * is still missing or wrong. Unknown fields are refused (a typo must not silently fall back to a default),
 * except the read-only fields of a response, so a GET body can be edited and PUT back.
 */
@JsonIgnoreProperties(value = { "instanceId", "status", "createdResources", "createdAt", "updatedAt" }, allowGetters = true)
public record ConnectorDefinition(String name, String description, SourceSettings source, Destination destination,
        Integer replicas) {

    /** Worker nodes (hosts) that run the connector together in one Connect group. */
    public static final int DEFAULT_REPLICAS = 1;
    public static final int MAX_REPLICAS = 16;

    public ConnectorDefinition withDefaults() {
        return new ConnectorDefinition(name, description,
                (source == null ? SourceSettings.EMPTY : source).withDefaults(name),
                destination == null ? null : destination.withDefaults(), replicas == null ? DEFAULT_REPLICAS : replicas);
    }

    public ConnectorDefinition withDestination(Destination newDestination) {
        return new ConnectorDefinition(name, description, source, newDestination, replicas);
    }

    public ConnectorDefinition withName(String newName) {
        return new ConnectorDefinition(newName, description, source, destination, replicas);
    }
}
