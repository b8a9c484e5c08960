package com.connectorservice.controlplane.syncjob;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;

import org.quartz.CronScheduleBuilder;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import com.connectorservice.syncjob.schedule.Schedule;

/**
 * Keeps one Quartz job per sync job, with one cron trigger per cron expression of its schedule in its time zone
 * (Quartz's clustered JDBC store on the control plane's PostgreSQL: a trigger fires on one control plane only, and
 * survives restarts). Misfires fire once now ({@link SyncRunScheduling} says what that run covers). Quartz writes
 * its tables in the caller's transaction, so a job's row and its triggers are saved together.
 */
@Component
class SyncScheduler {

    static final String GROUP = "sync-jobs";
    private static final Logger log = LoggerFactory.getLogger(SyncScheduler.class);

    private final Scheduler quartz;
    private final SchedulingClock clock;

    SyncScheduler(Scheduler quartz, SchedulingClock clock) {
        this.quartz = quartz;
        this.clock = clock;
    }

    static JobKey key(long jobId) {
        return JobKey.jobKey("sync-job-" + jobId, GROUP);
    }

    /**
     * Creates or replaces the job's triggers; a disabled job has none. The first firing is the schedule's first time
     * at or after {@code from}, the instant stored as the job's schedule start: a time that passed while the triggers
     * were being made still fires (late by those milliseconds), where it would otherwise be recorded missed.
     */
    void schedule(long jobId, SyncJobDefinition job, Instant from) {
        try {
            if (!Boolean.TRUE.equals(job.enabled())) {
                unschedule(jobId);
                return;
            }
            JobDetail detail = JobBuilder.newJob(ScheduledWindowJob.class).withIdentity(key(jobId))
                    .usingJobData(ScheduledWindowJob.JOB_ID, jobId).storeDurably().build();
            Set<Trigger> triggers = triggers(jobId, job, from);
            quartz.scheduleJob(detail, triggers, true);
            log.info("Sync job {} scheduled: {} ({} trigger(s), next {})", jobId, SyncJobDocuments.schedule(job).describe(),
                    triggers.size(), triggers.stream().map(Trigger::getNextFireTime).filter(java.util.Objects::nonNull).min(Date::compareTo)
                            .orElse(null));
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule sync job " + jobId + ": " + e.getMessage(), e);
        }
    }

    void unschedule(long jobId) {
        try {
            quartz.deleteJob(key(jobId));
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot unschedule sync job " + jobId + ": " + e.getMessage(), e);
        }
    }

    private Set<Trigger> triggers(long jobId, SyncJobDefinition job, Instant from) {
        Schedule schedule = SyncJobDocuments.schedule(job);
        ZoneId zone = SyncJobDocuments.zone(job);
        Set<Trigger> triggers = new LinkedHashSet<>();
        if (clock.real()) {
            List<String> expressions = schedule.cronExpressions();
            for (int i = 0; i < expressions.size(); i++) {
                triggers.add(TriggerBuilder.newTrigger().withIdentity("sync-job-" + jobId + "-" + i, GROUP).forJob(key(jobId))
                        .startAt(Date.from(from))
                        .withSchedule(CronScheduleBuilder.cronSchedule(expressions.get(i)).inTimeZone(TimeZone.getTimeZone(zone))
                                .withMisfireHandlingInstructionFireAndProceed())
                        .build());
            }
            return triggers;
        }
        // test clock: the schedule's times are evenly spaced here; fire at their real instants
        ZonedDateTime first = schedule.next(from.minusMillis(1).atZone(zone));
        ZonedDateTime second = schedule.next(first);
        if (!schedule.next(second).toInstant().minus(Duration.between(first, second)).equals(second.toInstant())) {
            throw new IllegalStateException("the test clock runs only schedules with evenly spaced times: " + schedule.describe());
        }
        long interval = clock.realDuration(Duration.between(first, second)).toMillis();
        triggers.add(TriggerBuilder.newTrigger().withIdentity("sync-job-" + jobId + "-0", GROUP).forJob(key(jobId))
                .startAt(Date.from(clock.realTimeOf(first.toInstant())))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(interval).repeatForever()
                        .withMisfireHandlingInstructionNextWithRemainingCount())
                .build());
        return triggers;
    }

    /** Next fire time (real) of a job, for tests and logs. */
    Instant nextFireTime(long jobId) {
        try {
            return quartz.getTriggersOfJob(key(jobId)).stream().map(Trigger::getNextFireTime).filter(java.util.Objects::nonNull)
                    .min(Date::compareTo).map(Date::toInstant).orElse(null);
        } catch (SchedulerException e) {
            return null;
        }
    }
}
