package com.connectorservice.controlplane.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.connectorservice.contracts.agent.AgentProtocol.TaskReport;
import com.connectorservice.controlplane.connector.ConnectorStatus;

/**
 * A CI run saw a PROCESS connector write rows produced after its status said PAUSED: Connect reports the connector
 * PAUSED at once, and each task only once it has stopped consuming.
 */
class StatusAggregationTest {

    @Test
    void aConnectorIsPausedOnlyOnceEveryReplicaAndTaskIs() {
        AgentReport pausedWithATaskRunning = report("node-1", "PAUSED", task(0, "PAUSED"), task(1, "RUNNING"));
        AgentReport pausedReplica = report("node-2", "PAUSED", task(0, "PAUSED"), task(1, "RUNNING"));
        assertThat(state(pausedWithATaskRunning, pausedReplica)).isEqualTo(ConnectorStatus.RUNNING);

        AgentReport stillRunningReplica = report("node-2", "RUNNING", task(0, "PAUSED"), task(1, "PAUSED"));
        AgentReport paused = report("node-1", "PAUSED", task(0, "PAUSED"), task(1, "PAUSED"));
        assertThat(state(paused, stillRunningReplica)).isEqualTo(ConnectorStatus.RUNNING);

        assertThat(state(paused, report("node-2", "PAUSED", task(0, "PAUSED"), task(1, "PAUSED"))))
                .isEqualTo(ConnectorStatus.PAUSED);
    }

    @Test
    void aFailedTaskOfAPausingConnectorIsShownFailed() {
        assertThat(state(report("node-1", "PAUSED", task(0, "PAUSED"), task(1, "FAILED")))).isEqualTo(ConnectorStatus.FAILED);
    }

    private static ConnectorStatus state(AgentReport... reports) {
        return StatusAggregation.aggregate(List.of(reports), Set.of()).state();
    }

    private static AgentReport report(String node, String state, TaskReport... tasks) {
        return new AgentReport(node, 1, state, null, List.of(tasks), null, List.of(), null, null, Instant.now());
    }

    private static TaskReport task(int id, String state) {
        return new TaskReport(id, state, null, null);
    }
}
