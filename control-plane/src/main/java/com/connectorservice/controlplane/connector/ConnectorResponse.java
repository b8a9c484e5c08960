package com.connectorservice.controlplane.connector;

import java.time.Instant;

/** A connector as the API shows it: the definition with defaults filled in and secrets masked, plus its state. */
public record ConnectorResponse(String instanceId, String name, String description, ConnectorStatus status,
        SourceSettings source, Destination destination, Integer replicas, Instant createdAt, Instant updatedAt) {
}
