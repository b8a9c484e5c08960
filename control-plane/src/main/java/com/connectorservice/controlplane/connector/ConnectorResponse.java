package com.connectorservice.controlplane.connector;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/** A connector as the API shows it: the definition with defaults filled in and secrets masked, plus its state. */
public record ConnectorResponse(@Schema(requiredMode = REQUIRED) String instanceId,
        @Schema(requiredMode = REQUIRED) String name, String description, @Schema(requiredMode = REQUIRED) ConnectorStatus status,
        SourceSettings source, Destination destination, Integer replicas, Instant createdAt, Instant updatedAt) {
}
