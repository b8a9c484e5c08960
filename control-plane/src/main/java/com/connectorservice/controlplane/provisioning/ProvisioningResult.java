package com.connectorservice.controlplane.provisioning;

import java.util.List;

/**
 * What one provisioning run changed: topics it created, the consumer group when it created it (null when the group
 * existed already) and the partitions whose starting offset it committed.
 */
public record ProvisioningResult(List<String> createdTopics, String createdGroup, int committedPartitions) {
}
