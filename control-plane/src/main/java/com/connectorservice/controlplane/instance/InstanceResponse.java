package com.connectorservice.controlplane.instance;

import java.time.Instant;
import java.util.Map;

/** An instance as the API shows it: secret property values replaced by the mask. */
public record InstanceResponse(String id, String name, String bootstrapServers, Map<String, String> properties,
        Instant createdAt, Instant updatedAt) {
}
