package com.connectorservice.controlplane.connector;

import com.connectorservice.contracts.agent.Isolation;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * A connector as the user describes it (REST body and stored document). Every field may be missing
 * on input; {@link #withDefaults()} fills in what the product defaults, and the validator names what
 * is still missing or wrong. Unknown fields are refused (a typo must not silently fall back to a default),
 * except the read-only fields of a response, so a GET body can be edited and PUT back.
 * <p>
 * {@code isolation} is how an agent hosts the connector's Connect worker (issue 14): {@code DENSE} (default) is one
 * herder among others in the agent's JVM for the Kafka instance, {@code PROCESS} a JVM of its own, for a connector
 * whose memory or threads must not be shared. Either way the worker keeps its own group and internal topics, so the
 * isolation may change while the connector is deployed: the agents move its worker and it goes on from its offsets.
 */
@JsonIgnoreProperties(value = { "instanceId", "status", "createdResources", "createdAt", "updatedAt" }, allowGetters = true)
public record ConnectorDefinition(String name, String description, SourceSettings source, Destination destination,
        Integer replicas, Isolation isolation) {

    /** Worker nodes (hosts) that run the connector together in one Connect group. */
    public static final int DEFAULT_REPLICAS = 1;
    public static final int MAX_REPLICAS = 16;

    public ConnectorDefinition withDefaults() {
        return new ConnectorDefinition(name, description,
                (source == null ? SourceSettings.EMPTY : source).withDefaults(name),
                destination == null ? null : destination.withDefaults(), replicas == null ? DEFAULT_REPLICAS : replicas,
                Isolation.orDefault(isolation));
    }

    public ConnectorDefinition withDestination(Destination newDestination) {
        return new ConnectorDefinition(name, description, source, newDestination, replicas, isolation);
    }

    public ConnectorDefinition withName(String newName) {
        return new ConnectorDefinition(newName, description, source, destination, replicas, isolation);
    }
}
