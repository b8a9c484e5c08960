package com.connectorservice.controlplane.provisioning;

import java.util.List;

/** What one provisioning run changed: topics it created and partitions whose starting offset it committed. */
public record ProvisioningResult(List<String> createdTopics, int committedPartitions) {
}
