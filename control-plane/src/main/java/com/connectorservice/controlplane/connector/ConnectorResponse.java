package com.connectorservice.controlplane.connector;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.time.Instant;
import java.util.List;

import com.connectorservice.contracts.agent.Isolation;
import com.connectorservice.controlplane.provisioning.CreatedResource;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * A connector as the API shows it: the definition with defaults filled in and secrets masked, plus its state.
 * {@code createdResources} are the topics and the group the service created for it: what {@code deleteResources=true}
 * deletes (unless another connector of the cluster still uses one).
 */
public record ConnectorResponse(@Schema(requiredMode = REQUIRED) String instanceId,
        @Schema(requiredMode = REQUIRED) String name, String description, @Schema(requiredMode = REQUIRED) ConnectorStatus status,
        SourceSettings source, Destination destination, Integer replicas, Isolation isolation,
        List<CreatedResource> createdResources,
        Instant createdAt, Instant updatedAt) {
}
