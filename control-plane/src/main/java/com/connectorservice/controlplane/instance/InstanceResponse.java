package com.connectorservice.controlplane.instance;

import java.time.Instant;
import java.util.Map;

/**
 * An instance as the API shows it: secret property values replaced by the mask; {@code clusterId} is the id the Kafka
 * cluster reports (instances with the same one are the same cluster).
 */
public record InstanceResponse(String id, String name, String bootstrapServers, String clusterId,
        Map<String, String> properties, Instant createdAt, Instant updatedAt) {
}
