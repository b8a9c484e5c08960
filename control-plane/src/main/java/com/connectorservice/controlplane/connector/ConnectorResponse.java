package com.connectorservice.controlplane.connector;

import java.time.Instant;
import java.util.List;

import com.connectorservice.controlplane.provisioning.CreatedResource;

/**
 * A connector as the API shows it: the definition with defaults filled in and secrets masked, plus its state.
 * {@code createdResources} are the topics and the group the service created for it: what {@code deleteResources=true}
 * deletes (unless another connector of the cluster still uses one).
 */
public record ConnectorResponse(String instanceId, String name, String description, ConnectorStatus status,
        SourceSettings source, Destination destination, Integer replicas, List<CreatedResource> createdResources,
        Instant createdAt, Instant updatedAt) {
}
