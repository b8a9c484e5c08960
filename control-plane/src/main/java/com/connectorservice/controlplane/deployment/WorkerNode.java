package com.connectorservice.controlplane.deployment;

import java.time.Instant;

/** A registered agent host; live while its lease has not expired. */
record WorkerNode(String id, String host, int capacity, String version, Instant lastHeartbeat, Instant leaseExpiresAt) {

    boolean live(Instant now) {
        return leaseExpiresAt.isAfter(now);
    }
}
