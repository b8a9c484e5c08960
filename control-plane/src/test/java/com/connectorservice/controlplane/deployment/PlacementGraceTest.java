package com.connectorservice.controlplane.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

/**
 * Issue 14: a control plane back from a kill -9 took longer than a lease to answer on a busy host, and its grace,
 * counted from when the scheduler was made, was over before any agent could reach it: connectors were moved although
 * their nodes never stopped. The grace runs a whole lease from when the control plane answers.
 */
class PlacementGraceTest {

    private static final Duration LEASE = Duration.ofSeconds(30);

    @Test
    void nothingIsLostBeforeTheControlPlaneAnswersAndAWholeLeaseAfterwards() throws Exception {
        PlacementScheduler scheduler = new PlacementScheduler(null, null, null, new DeploymentProperties(LEASE,
                Duration.ofSeconds(5), Duration.ofSeconds(2), Duration.ofSeconds(60), DataSize.ofMegabytes(24),
                Duration.ofSeconds(25)));
        Thread.sleep(50); // a start-up that takes a while

        assertThat(scheduler.keepUntil()).as("still starting: no agent could reach it").isEqualTo(Instant.MAX);

        Instant before = Instant.now();
        scheduler.answering();
        assertThat(scheduler.keepUntil()).isBetween(before.plus(LEASE), Instant.now().plus(LEASE));
    }
}
