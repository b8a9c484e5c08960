package com.connectorservice.controlplane.syncjob;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Sync jobs, their runs and late-record counts (tables of V132), written with single statements only. */
@Repository
class SyncJobStore {

    private static final TypeReference<Map<Integer, Long>> OFFSETS = new TypeReference<>() {
    };
    private static final TypeReference<Map<String, String>> STRINGS = new TypeReference<>() {
    };
    private static final TypeReference<List<SyncRunView.Attempt>> ATTEMPTS = new TypeReference<>() {
    };
    private static final String JOB_COLUMNS = "id, instance_id, name, definition::text, enabled, schedule_from, last_scheduled,"
            + " ignored_firings, created_at, updated_at";
    private static final String RUN_COLUMNS = "r.id, r.job_id, j.instance_id, j.name, r.trigger, r.scheduled_time, r.scheduled_by,"
            + " r.window_start, r.window_end, r.partition_spec, r.parameters::text, r.state, r.attempt, r.max_attempts,"
            + " r.not_before, r.node_id, r.assigned_at, r.records_read, r.records_written, r.start_offsets::text,"
            + " r.end_offsets::text, r.error, r.attempts::text, r.created_at, r.started_at, r.finished_at,"
            + " (select coalesce(sum(l.records), 0) from sync_late_record l where l.job_id = r.job_id"
            + " and l.window_start = r.window_start)";
    private static final String RUN_FROM = " from sync_run r join sync_job j on j.id = r.job_id";

    /** A stored job; {@code definition} is the JSON with the secret encrypted. */
    record Job(long id, String instanceId, String name, String definition, boolean enabled, Instant scheduleFrom,
            Instant lastScheduled, long ignoredFirings, Instant createdAt, Instant updatedAt) {
    }

    /** A stored run. */
    record Run(long id, long jobId, String instanceId, String jobName, SyncRunTrigger trigger, Instant scheduledTime,
            String scheduledBy, Instant windowStart, Instant windowEnd, String partitionSpec, Map<String, String> parameters,
            SyncRunState state, int attempt, int maxAttempts, Instant notBefore, String nodeId, Instant assignedAt,
            Long recordsRead, Long recordsWritten, Map<Integer, Long> startOffsets, Map<Integer, Long> endOffsets,
            String error, List<SyncRunView.Attempt> attempts, Instant createdAt, Instant startedAt, Instant finishedAt,
            long lateRecords) {
    }

    private final JdbcTemplate jdbc;
    private final JsonMapper json;

    SyncJobStore(JdbcTemplate jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    // ---- jobs

    long insertJob(String instanceId, String name, String description, String topic, String definition, boolean enabled,
            Instant scheduleFrom) {
        return jdbc.queryForObject("insert into sync_job (instance_id, name, description, source_topic, definition, enabled,"
                + " schedule_from, created_at, updated_at) values (?, ?, ?, ?, ?::jsonb, ?, ?, now(), now()) returning id",
                Long.class, instanceId, name, description, topic, definition, enabled, Timestamp.from(scheduleFrom));
    }

    void updateJob(long id, String description, String topic, String definition) {
        jdbc.update("update sync_job set description = ?, source_topic = ?, definition = ?::jsonb, updated_at = now()"
                + " where id = ?", description, topic, definition, id);
    }

    /** Enabling again starts from now: scheduled times while paused are not made up. */
    void setEnabled(long id, boolean enabled, Instant scheduleFrom) {
        jdbc.update("update sync_job set enabled = ?, schedule_from = case when ? then ? else schedule_from end,"
                + " updated_at = now() where id = ?", enabled, enabled, Timestamp.from(scheduleFrom), id);
    }

    void deleteJob(long id) {
        jdbc.update("delete from sync_job where id = ?", id);
    }

    Optional<Job> job(String instanceId, String name) {
        return jdbc.query("select " + JOB_COLUMNS + " from sync_job where instance_id = ? and name = ?", this::mapJob,
                instanceId, name).stream().findFirst();
    }

    /**
     * The job other than {@code self} that commits to {@code group} on the Kafka cluster of {@code instanceId} (on any
     * instance registered for that cluster), as "name on instance".
     */
    Optional<String> jobUsingGroup(String instanceId, String group, Long self) {
        return jdbc.query("select j.name || ' on instance ' || j.instance_id from sync_job j join kafka_instance i"
                + " on i.id = j.instance_id where (j.instance_id = ? or i.cluster_id = (select cluster_id from kafka_instance"
                + " where id = ?)) and j.definition -> 'source' ->> 'consumerGroup' = ? and j.id <> ? order by j.id",
                (row, i) -> row.getString(1), instanceId, instanceId, group, self == null ? -1L : self).stream().findFirst();
    }

    Optional<Job> job(long id) {
        return jdbc.query("select " + JOB_COLUMNS + " from sync_job where id = ?", this::mapJob, id).stream().findFirst();
    }

    /** Locks the job's row for the rest of the transaction: one firing of a job at a time, across control planes. */
    Optional<Job> lockJob(long id) {
        return jdbc.query("select " + JOB_COLUMNS + " from sync_job where id = ? for update", this::mapJob, id).stream().findFirst();
    }

    List<Job> jobs(String instanceId, String q, int offset, int limit) {
        return jdbc.query("select " + JOB_COLUMNS + " from sync_job where instance_id = ? and name like ? order by name"
                + " offset ? limit ?", this::mapJob, instanceId, like(q), offset, limit);
    }

    long countJobs(String instanceId, String q) {
        return jdbc.queryForObject("select count(*) from sync_job where instance_id = ? and name like ?", Long.class,
                instanceId, like(q));
    }

    List<Job> allJobs() {
        return jdbc.query("select " + JOB_COLUMNS + " from sync_job order by id", this::mapJob);
    }

    void scheduled(long id, Instant lastScheduled) {
        jdbc.update("update sync_job set last_scheduled = ? where id = ?", Timestamp.from(lastScheduled), id);
    }

    void ignoredFiring(long id) {
        jdbc.update("update sync_job set ignored_firings = ignored_firings + 1 where id = ?", id);
    }

    // ---- runs

    long insertRun(long jobId, SyncRunTrigger trigger, Instant scheduledTime, String scheduledBy, Instant windowStart,
            Instant windowEnd, String partitionSpec, Map<String, String> parameters, SyncRunState state, int maxAttempts,
            Instant notBefore, String error) {
        return jdbc.queryForObject("insert into sync_run (job_id, trigger, scheduled_time, scheduled_by, window_start,"
                + " window_end, partition_spec, parameters, state, max_attempts, not_before, error, created_at,"
                + " finished_at) values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, now(), ?) returning id", Long.class,
                jobId, trigger.name(), ts(scheduledTime), scheduledBy, ts(windowStart), ts(windowEnd), partitionSpec,
                json.writeValueAsString(parameters), state.name(), maxAttempts, ts(notBefore), error,
                state.open() ? null : new Timestamp(System.currentTimeMillis()));
    }

    /**
     * Turns the MISSED run of a scheduled time into a run that waits to be executed, for a firing that arrives after a
     * later one was handled (two control planes, a stalled thread): the time was not missed, only late.
     */
    Optional<Long> claimMissed(long jobId, Instant scheduledTime, String scheduledBy) {
        return jdbc.query("update sync_run set trigger = ?, state = ?, scheduled_by = ?, error = null, finished_at = null,"
                + " not_before = now() where job_id = ? and scheduled_time = ? and state = ? and trigger = ? returning id",
                (rs, row) -> rs.getLong(1), SyncRunTrigger.SCHEDULE.name(), SyncRunState.WAITING.name(), scheduledBy, jobId,
                ts(scheduledTime), SyncRunState.MISSED.name(), SyncRunTrigger.MISSED.name()).stream().findFirst();
    }

    Optional<Run> run(long jobId, long runId) {
        return jdbc.query("select " + RUN_COLUMNS + RUN_FROM + " where r.job_id = ? and r.id = ?", this::mapRun, jobId, runId)
                .stream().findFirst();
    }

    Optional<Run> run(long runId) {
        return jdbc.query("select " + RUN_COLUMNS + RUN_FROM + " where r.id = ?", this::mapRun, runId).stream().findFirst();
    }

    List<Run> runs(long jobId, int offset, int limit) {
        return jdbc.query("select " + RUN_COLUMNS + RUN_FROM + " where r.job_id = ? order by r.id desc offset ? limit ?",
                this::mapRun, jobId, offset, limit);
    }

    long countRuns(long jobId) {
        return jdbc.queryForObject("select count(*) from sync_run where job_id = ?", Long.class, jobId);
    }

    Optional<Run> lastRun(long jobId) {
        return runs(jobId, 0, 1).stream().findFirst();
    }

    /** Open runs across all jobs (WAITING and RUNNING), oldest first. */
    List<Run> openRuns() {
        return jdbc.query("select " + RUN_COLUMNS + RUN_FROM + " where r.state in ('WAITING', 'RUNNING') order by r.id",
                this::mapRun);
    }

    List<Run> runsOn(String nodeId) {
        return jdbc.query("select " + RUN_COLUMNS + RUN_FROM + " where r.node_id = ? and r.state in ('WAITING', 'RUNNING')"
                + " order by r.id", this::mapRun, nodeId);
    }

    /** The latest succeeded run of each window of a job (at most {@code limit} windows, newest first). */
    List<Run> succeededWindows(long jobId, int limit) {
        return jdbc.query("select * from (select distinct on (r.window_start) " + RUN_COLUMNS + RUN_FROM
                + " where r.job_id = ? and r.state = 'SUCCEEDED' order by r.window_start, r.finished_at desc) w"
                + " order by 8 desc limit ?", this::mapRun, jobId, limit);
    }

    boolean assign(long runId, int attempt, String nodeId) {
        return jdbc.update("update sync_run set node_id = ?, assigned_at = now() where id = ? and attempt = ?"
                + " and state = 'WAITING' and node_id is null", nodeId, runId, attempt) > 0;
    }

    boolean running(long runId, int attempt, String nodeId, Long read, Long written) {
        return jdbc.update("update sync_run set state = 'RUNNING', started_at = coalesce(started_at, now()),"
                + " records_read = ?, records_written = ? where id = ? and attempt = ? and node_id = ?"
                + " and state in ('WAITING', 'RUNNING')", read, written, runId, attempt, nodeId) > 0;
    }

    boolean succeeded(long runId, int attempt, String nodeId, long read, long written, Map<Integer, Long> start,
            Map<Integer, Long> end, List<SyncRunView.Attempt> attempts) {
        return jdbc.update("update sync_run set state = 'SUCCEEDED', records_read = ?, records_written = ?,"
                + " start_offsets = ?::jsonb, end_offsets = ?::jsonb, error = null, attempts = ?::jsonb,"
                + " started_at = coalesce(started_at, now()), finished_at = now() where id = ? and attempt = ? and node_id = ?"
                + " and state in ('WAITING', 'RUNNING')", read, written, json.writeValueAsString(start),
                json.writeValueAsString(end), json.writeValueAsString(attempts), runId, attempt, nodeId) > 0;
    }

    /** The attempt failed: another attempt waits until {@code retryAt}, or the run is FAILED for good. */
    boolean attemptFailed(long runId, int attempt, String error, List<SyncRunView.Attempt> attempts, Instant retryAt) {
        if (retryAt != null) {
            return jdbc.update("update sync_run set state = 'WAITING', attempt = attempt + 1, node_id = null,"
                    + " assigned_at = null, not_before = ?, error = ?, attempts = ?::jsonb where id = ? and attempt = ?"
                    + " and state in ('WAITING', 'RUNNING')", Timestamp.from(retryAt), error,
                    json.writeValueAsString(attempts), runId, attempt) > 0;
        }
        return jdbc.update("update sync_run set state = 'FAILED', error = ?, attempts = ?::jsonb, finished_at = now()"
                + " where id = ? and attempt = ? and state in ('WAITING', 'RUNNING')", error, json.writeValueAsString(attempts),
                runId, attempt) > 0;
    }

    // ---- late records

    void replaceLateObservations(long jobId, Instant observerWindowStart, Map<Instant, Long> lateByWindowStart) {
        jdbc.update("delete from sync_late_record where job_id = ? and observer_window_start = ?", jobId,
                Timestamp.from(observerWindowStart));
        lateByWindowStart.forEach((windowStart, count) -> jdbc.update("insert into sync_late_record (job_id, window_start,"
                + " observer_window_start, records, observed_at) values (?, ?, ?, ?, now())", jobId, Timestamp.from(windowStart),
                Timestamp.from(observerWindowStart), count));
    }

    /** A successful run of a window took in every late record observed before it was placed. */
    void lateRecordsTakenIn(long jobId, Instant windowStart, Instant placedAt) {
        jdbc.update("delete from sync_late_record where job_id = ? and window_start = ? and observed_at <= ?", jobId,
                Timestamp.from(windowStart), Timestamp.from(placedAt));
    }

    // ---- mapping

    private Job mapJob(ResultSet rs, int row) throws SQLException {
        return new Job(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5), instant(rs, 6),
                instant(rs, 7), rs.getLong(8), instant(rs, 9), instant(rs, 10));
    }

    private Run mapRun(ResultSet rs, int row) throws SQLException {
        String start = rs.getString(20);
        String end = rs.getString(21);
        return new Run(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), SyncRunTrigger.valueOf(rs.getString(5)),
                instant(rs, 6), rs.getString(7), instant(rs, 8), instant(rs, 9), rs.getString(10),
                json.readValue(rs.getString(11), STRINGS), SyncRunState.valueOf(rs.getString(12)), rs.getInt(13), rs.getInt(14),
                instant(rs, 15), rs.getString(16), instant(rs, 17), (Long) rs.getObject(18), (Long) rs.getObject(19),
                start == null ? null : json.readValue(start, OFFSETS), end == null ? null : json.readValue(end, OFFSETS),
                rs.getString(22), json.readValue(rs.getString(23), ATTEMPTS), instant(rs, 24), instant(rs, 25), instant(rs, 26),
                rs.getLong(27));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static String like(String q) {
        return q == null || q.isBlank() ? "%" : "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
