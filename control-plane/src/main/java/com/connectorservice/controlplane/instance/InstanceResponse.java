package com.connectorservice.controlplane.instance;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.time.Instant;
import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An instance as the API shows it: secret property values replaced by the mask; {@code clusterId} is the id the Kafka
 * cluster reports (instances with the same one are the same cluster).
 */
public record InstanceResponse(@Schema(requiredMode = REQUIRED) String id, @Schema(requiredMode = REQUIRED) String name,
        @Schema(requiredMode = REQUIRED) String bootstrapServers, String clusterId, Map<String, String> properties,
        Instant createdAt, Instant updatedAt) {
}
