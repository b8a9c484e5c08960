package com.connectorservice.controlplane.metrics;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sampleInterval}: how often the connectors' figures are taken from the workers' latest reports (the agents
 * report every heartbeat, 5 s by default); {@code history}: how far back each connector's samples are kept in memory.
 */
@ConfigurationProperties("connectors.metrics")
record MetricsProperties(@DefaultValue("5s") Duration sampleInterval, @DefaultValue("1h") Duration history) {

    /** Samples kept per connector. */
    int historySize() {
        return (int) Math.max(1, history.toMillis() / Math.max(1, sampleInterval.toMillis()));
    }
}
