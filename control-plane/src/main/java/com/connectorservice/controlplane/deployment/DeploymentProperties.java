package com.connectorservice.controlplane.deployment;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code lease}: a node without a heartbeat for this long is lost and its connectors placed elsewhere;
 * {@code heartbeatInterval}: what agents are told (a third of the lease or less); {@code placementInterval}: how
 * often the scheduler runs; {@code deleteStopTimeout}: how long DELETE waits for every node to report STOPPED.
 */
@ConfigurationProperties("connectors.deployment")
record DeploymentProperties(@DefaultValue("30s") Duration lease, @DefaultValue("5s") Duration heartbeatInterval,
        @DefaultValue("2s") Duration placementInterval, @DefaultValue("60s") Duration deleteStopTimeout) {
}
