package com.connectorservice.controlplane.syncjob;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.connectorservice.syncjob.InvalidSyncJobException;
import com.connectorservice.syncjob.schedule.Schedule;
import com.connectorservice.syncjob.window.SyncWindow;

/**
 * What a firing of a job's trigger does: it makes the run of the scheduled time it stands for. The job's row is
 * locked and its last scheduled time compared, so a firing that comes twice (which clustered Quartz does not do)
 * makes no second run; the unique index on (job, scheduled time) backs this up.
 * <p>
 * Missed runs: a trigger that could not fire on time (no control plane was running) fires once when a control plane
 * returns (Quartz "fire once now"); that firing runs the latest scheduled time that has passed. The scheduled times
 * missed before it are recorded as MISSED runs, each with its window, for the rerun action: an outage does not
 * start a burst of catch-up runs, and no window is silently lost.
 */
@Component
class SyncRunScheduling {

    private static final Logger log = LoggerFactory.getLogger(SyncRunScheduling.class);
    private static final int MAX_MISSED_RECORDED = 100;

    private final SyncJobStore store;
    private final SyncJobDocuments documents;
    private final SchedulingClock clock;
    private final TransactionTemplate transaction;

    SyncRunScheduling(SyncJobStore store, SyncJobDocuments documents, SchedulingClock clock, TransactionTemplate transaction) {
        this.store = store;
        this.documents = documents;
        this.clock = clock;
        this.transaction = transaction;
    }

    /** @return the run made, if any */
    Optional<Long> fired(long jobId, Instant realFireTime, String schedulerInstance) {
        return transaction.execute(status -> {
            Optional<SyncJobStore.Job> locked = store.lockJob(jobId);
            if (locked.isEmpty() || !locked.get().enabled()) {
                return Optional.<Long>empty();
            }
            SyncJobStore.Job job = locked.get();
            SyncJobDefinition definition = documents.plain(job);
            ZoneId zone = SyncJobDocuments.zone(definition);
            Schedule schedule = SyncJobDocuments.schedule(definition);
            ZonedDateTime scheduledTime = clock.scheduledTimeAt(realFireTime).atZone(zone);
            Optional<ZonedDateTime> slot = clock.real() ? schedule.latestAtOrBefore(scheduledTime) : nearest(schedule, scheduledTime);
            if (slot.isEmpty() || slot.get().toInstant().isBefore(job.scheduleFrom())) {
                return Optional.<Long>empty();
            }
            Instant time = slot.get().toInstant();
            if (job.lastScheduled() != null && !time.isAfter(job.lastScheduled())) {
                Optional<Long> late = store.claimMissed(jobId, time, schedulerInstance);
                if (late.isPresent()) {
                    log.info("Sync job {}/{}: run {} for scheduled time {}, which a later firing had found missed, by scheduler {}",
                            job.instanceId(), job.name(), late.get(), slot.get(), schedulerInstance);
                    return late;
                }
                store.ignoredFiring(jobId);
                log.warn("Sync job {}/{}: a firing for {} found it already run; ignored", job.instanceId(), job.name(), time);
                return Optional.<Long>empty();
            }
            Instant from = job.lastScheduled() != null ? job.lastScheduled() : job.scheduleFrom().minusMillis(1);
            List<ZonedDateTime> missed = schedule.timesBetween(from.atZone(zone), slot.get(), MAX_MISSED_RECORDED + 1);
            missed = missed.stream().filter(t -> t.toInstant().isBefore(time)).toList();
            for (ZonedDateTime missedTime : missed.subList(Math.max(0, missed.size() - MAX_MISSED_RECORDED), missed.size())) {
                insert(job, definition, missedTime, schedulerInstance, SyncRunTrigger.MISSED);
            }
            long runId = insert(job, definition, slot.get(), schedulerInstance, SyncRunTrigger.SCHEDULE);
            store.scheduled(jobId, time);
            log.info("Sync job {}/{}: run {} for scheduled time {} ({} missed before it), by scheduler {}", job.instanceId(),
                    job.name(), runId, slot.get(), missed.size(), schedulerInstance);
            return Optional.of(runId);
        });
    }

    private long insert(SyncJobStore.Job job, SyncJobDefinition definition, ZonedDateTime time, String by,
            SyncRunTrigger trigger) {
        int maxAttempts = definition.rerun().maxAttempts();
        try {
            SyncWindow window = SyncJobDocuments.window(definition, time.toLocalDateTime(), Map.of());
            return store.insertRun(job.id(), trigger, time.toInstant(), by, window.start(), window.end(), window.partitionSpec(),
                    window.parameters(), trigger == SyncRunTrigger.MISSED ? SyncRunState.MISSED : SyncRunState.WAITING,
                    maxAttempts, Instant.now(), trigger == SyncRunTrigger.MISSED
                            ? "missed: no control plane was running at " + time + "; rerun it to sync its window" : null);
        } catch (InvalidSyncJobException e) {
            return store.insertRun(job.id(), trigger, time.toInstant(), by, null, null, null, Map.of(), SyncRunState.FAILED,
                    maxAttempts, Instant.now(), "the window cannot be computed: " + SyncJobDocuments.message(e));
        }
    }

    /**
     * A test clock's trigger fires at real instants rounded to milliseconds, so its scheduled time lands near, not on,
     * the schedule's time; the real clock's cron triggers fire exactly on it (or, after a misfire, later).
     */
    private static Optional<ZonedDateTime> nearest(Schedule schedule, ZonedDateTime at) {
        Optional<ZonedDateTime> before = schedule.latestAtOrBefore(at);
        ZonedDateTime after = schedule.next(at);
        if (before.isEmpty() || Duration.between(before.get(), at).compareTo(Duration.between(at, after)) > 0) {
            return Optional.of(after);
        }
        return before;
    }
}
