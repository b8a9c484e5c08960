package com.connectorservice.controlplane.syncjob;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.quartz.Scheduler;
import org.quartz.impl.StdSchedulerFactory;

import com.connectorservice.controlplane.syncjob.SyncJobDefinition.ScheduleSettings;
import com.connectorservice.syncjob.schedule.ScheduleType;

/**
 * A job resumed (or created) just before one of its scheduled times runs that time: the triggers start at the instant
 * stored as the job's schedule start, not at the later instant they are built. Built later, a time passing in between
 * was recorded MISSED by the next firing although the control plane was running (seen in CI with the test clock, where
 * the milliseconds between the two are scheduled seconds).
 */
class SyncSchedulerTest {

    private Scheduler quartz;

    @BeforeEach
    void quartz() throws Exception {
        Properties properties = new Properties();
        properties.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, "sync-scheduler-test-" + System.nanoTime());
        properties.setProperty("org.quartz.threadPool.threadCount", "1");
        properties.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        quartz = new StdSchedulerFactory(properties).getScheduler(); // not started: nothing fires, triggers are read
    }

    @AfterEach
    void shutdown() throws Exception {
        quartz.shutdown();
    }

    @Test
    void theTestClocksFirstFiringIsTheFirstTimeAfterTheScheduleStartEvenWhenItHasJustPassed() {
        // an hour of scheduled time per real second; 10:14:59.500 (Shanghai) a moment ago
        SchedulingClock clock = new SchedulingClock(new SyncJobProperties(Duration.ofSeconds(1), new SyncJobProperties.Clock(3600,
                Instant.parse("2024-03-01T02:14:59.500Z"), Instant.now().truncatedTo(ChronoUnit.MILLIS))));
        Instant scheduleFrom = clock.now();
        sleepUntilAfter(clock, Instant.parse("2024-03-01T02:15:00.500Z")); // 10:15 passes while the job is being resumed

        SyncScheduler scheduler = new SyncScheduler(quartz, clock);
        scheduler.schedule(7, hourlyJob(), scheduleFrom);

        assertThat(scheduler.nextFireTime(7))
                .isEqualTo(clock.realTimeOf(Instant.parse("2024-03-01T02:15:00Z")));
    }

    @Test
    void aCronTriggersFirstFiringIsTheFirstTimeAfterTheScheduleStartEvenWhenItHasJustPassed() {
        SchedulingClock clock = new SchedulingClock(new SyncJobProperties(Duration.ofSeconds(1), new SyncJobProperties.Clock(1, null, null)));
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Instant scheduleFrom = minute.minusMillis(500); // the minute came after the job's schedule start

        SyncScheduler scheduler = new SyncScheduler(quartz, clock);
        scheduler.schedule(8, everyMinute(), scheduleFrom);

        assertThat(scheduler.nextFireTime(8)).isEqualTo(minute);
    }

    private static SyncJobDefinition hourlyJob() {
        return new SyncJobDefinition("hourly", null, null, null, null, null, null, null, true).withDefaults();
    }

    private static SyncJobDefinition everyMinute() {
        return new SyncJobDefinition("minutely", null, null, null, null, null,
                new ScheduleSettings(ScheduleType.MINUTE, 1, "00:00", "23:59", null, null, null), null, true).withDefaults();
    }

    private static void sleepUntilAfter(SchedulingClock clock, Instant scheduled) {
        while (!clock.now().isAfter(scheduled)) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
