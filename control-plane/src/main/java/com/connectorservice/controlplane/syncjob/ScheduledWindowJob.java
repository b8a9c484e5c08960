package com.connectorservice.controlplane.syncjob;

import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;

/** The Quartz job of every sync job: a firing makes the run of its scheduled time (see {@link SyncRunScheduling}). */
public class ScheduledWindowJob implements Job {

    static final String JOB_ID = "jobId";

    private final SyncRunScheduling scheduling;

    public ScheduledWindowJob(SyncRunScheduling scheduling) {
        this.scheduling = scheduling;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            scheduling.fired(context.getMergedJobDataMap().getLong(JOB_ID), context.getScheduledFireTime().toInstant(),
                    context.getScheduler().getSchedulerInstanceId());
        } catch (SchedulerException | RuntimeException e) {
            throw new JobExecutionException("sync job firing failed: " + e.getMessage(), e, false);
        }
    }
}
