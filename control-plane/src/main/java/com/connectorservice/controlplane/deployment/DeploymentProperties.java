package com.connectorservice.controlplane.deployment;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code lease}: a node without a heartbeat for this long is lost and its connectors placed elsewhere;
 * {@code heartbeatInterval}: what agents are told (a third of the lease or less); {@code placementInterval}: how
 * often the scheduler runs; {@code deleteStopTimeout}: how long DELETE waits for every node to report STOPPED;
 * {@code connectorMemory}: what one more connector is expected to cost an agent until its use is measured (a herder
 * in a dense worker JVM, issue 14); {@code desiredStateWait}: how long an agent's long-poll for a new desired state is
 * held open.
 */
@ConfigurationProperties("connectors.deployment")
record DeploymentProperties(@DefaultValue("30s") Duration lease, @DefaultValue("5s") Duration heartbeatInterval,
        @DefaultValue("2s") Duration placementInterval, @DefaultValue("60s") Duration deleteStopTimeout,
        @DefaultValue("24MB") DataSize connectorMemory, @DefaultValue("25s") Duration desiredStateWait) {
}
