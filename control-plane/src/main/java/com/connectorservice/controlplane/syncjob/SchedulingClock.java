package com.connectorservice.controlplane.syncjob;

import java.time.Duration;
import java.time.Instant;

import org.springframework.stereotype.Component;

/**
 * The time scheduled times are read on. In production it is the real clock, and Quartz cron triggers fire at the
 * schedule's times. A test clock (see {@link SyncJobProperties.Clock}) maps real time linearly onto scheduled
 * time, so a test can watch an hourly job run several windows within seconds; Quartz then fires simple triggers
 * at the real instants that correspond to the schedule's times.
 */
@Component
class SchedulingClock {

    private final double speed;
    private final Instant origin;
    private final Instant anchor;

    SchedulingClock(SyncJobProperties properties) {
        SyncJobProperties.Clock clock = properties.clock();
        this.speed = clock.speed() <= 0 ? 1 : clock.speed();
        this.anchor = clock.anchor() == null ? Instant.now() : clock.anchor();
        this.origin = clock.origin() == null ? this.anchor : clock.origin();
    }

    boolean real() {
        return speed == 1 && origin.equals(anchor);
    }

    double speed() {
        return speed;
    }

    Instant now() {
        return scheduledTimeAt(Instant.now());
    }

    /** The scheduled time at a real instant. */
    Instant scheduledTimeAt(Instant real) {
        if (real()) {
            return real;
        }
        long realMillis = real.toEpochMilli() - anchor.toEpochMilli();
        return origin.plusMillis(Math.round(realMillis * speed));
    }

    /** The real instant at which the scheduled time comes. */
    Instant realTimeOf(Instant scheduled) {
        if (real()) {
            return scheduled;
        }
        long scheduledMillis = scheduled.toEpochMilli() - origin.toEpochMilli();
        return anchor.plusMillis(Math.round(scheduledMillis / speed));
    }

    Duration realDuration(Duration scheduled) {
        return real() ? scheduled : Duration.ofMillis(Math.max(1, Math.round(scheduled.toMillis() / speed)));
    }
}
