package com.connectorservice.controlplane.syncjob;

import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code connectors.sync-jobs.*}.
 *
 * @param dispatchInterval how often waiting runs are placed on agents and lost agents' runs retried
 * @param clock            the scheduling clock; only tests change it (see {@link SchedulingClock})
 */
@ConfigurationProperties("connectors.sync-jobs")
public record SyncJobProperties(@DefaultValue("1s") Duration dispatchInterval, @DefaultValue Clock clock) {

    /**
     * A test clock: scheduled time runs {@code speed} times faster than real time and read {@code origin} at the real
     * instant {@code anchor} (default: when the control plane started). Speed 1 and no origin: the real clock.
     */
    public record Clock(@DefaultValue("1") double speed, Instant origin, Instant anchor) {
    }
}
