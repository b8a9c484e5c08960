package com.connectorservice.controlplane.deployment;

import java.time.Instant;

/**
 * A registered agent host; live while its lease has not expired.
 *
 * @param capacity          at most this many connectors, whatever their memory
 * @param memoryBudgetBytes what the agent may spend on itself and its workers; null for agents before issue 14
 * @param memoryUsedBytes   what the agent and its worker JVMs use (resident), as last reported
 */
record WorkerNode(String id, String host, int capacity, String version, Instant lastHeartbeat, Instant leaseExpiresAt,
        Long memoryBudgetBytes, Long memoryUsedBytes) {

    WorkerNode(String id, String host, int capacity, String version, Instant lastHeartbeat, Instant leaseExpiresAt) {
        this(id, host, capacity, version, lastHeartbeat, leaseExpiresAt, null, null);
    }

    boolean live(Instant now) {
        return leaseExpiresAt.isAfter(now);
    }
}
