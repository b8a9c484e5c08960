package com.connectorservice.controlplane.instance;

import java.util.Map;

/** Body of {@code POST /api/v1/instances}. */
public record InstanceRequest(String id, String name, String bootstrapServers, Map<String, String> properties) {
}
