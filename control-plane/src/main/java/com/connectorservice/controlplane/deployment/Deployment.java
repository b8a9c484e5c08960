package com.connectorservice.controlplane.deployment;

import com.connectorservice.contracts.agent.TargetState;

/** A deployed connector: what the agents must converge to, and the one-shot requests pending for them. */
record Deployment(long connectorId, String instanceId, String name, TargetState targetState, long generation,
        int replicas, int deadLetterReplicationFactor, String reason, String restartRequestId, boolean restartIncludeTasks,
        boolean restartOnlyFailed, String resetRequestId) {
}
