package com.connectorservice.controlplane.instance;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.time.Instant;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/** An instance as the API shows it: secret property values replaced by the mask. */
public record InstanceResponse(@Schema(requiredMode = REQUIRED) String id, @Schema(requiredMode = REQUIRED) String name,
        @Schema(requiredMode = REQUIRED) String bootstrapServers, Map<String, String> properties,
        Instant createdAt, Instant updatedAt) {
}
