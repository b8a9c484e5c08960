package com.connectorservice.controlplane.syncjob;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.aliyun.odps.Odps;
import com.aliyun.odps.OdpsException;
import com.aliyun.odps.account.Account;
import com.aliyun.odps.account.AliyunAccount;
import com.aliyun.odps.account.StsAccount;
import com.aliyun.odps.task.SQLTask;
import com.connectorservice.controlplane.api.ApiException;
import com.connectorservice.controlplane.api.FieldViolation;
import com.connectorservice.controlplane.api.PageResponse;
import com.connectorservice.controlplane.audit.AuditLog;
import com.connectorservice.controlplane.authorization.RoleSessions;
import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.controlplane.instance.InstanceService;
import com.connectorservice.controlplane.kafka.KafkaClients;
import com.connectorservice.controlplane.kafka.KafkaConnection;
import com.connectorservice.contracts.connector.ConnectorNames;
import com.connectorservice.syncjob.InvalidSyncJobException;
import com.connectorservice.syncjob.protocol.SyncRunProtocol;
import com.connectorservice.syncjob.table.TargetTableDdl;
import com.connectorservice.syncjob.window.SyncWindow;

/** Sync jobs: definitions, their schedule in Quartz, trial runs, reruns, run history and the target table. */
@Service
class SyncJobService {

    private static final Logger log = LoggerFactory.getLogger(SyncJobService.class);

    private static final int PREVIEW_WINDOWS = 5;

    private final SyncJobStore store;
    private final SyncJobDocuments documents;
    private final SyncScheduler scheduler;
    private final SchedulingClock clock;
    private final InstanceService instances;
    private final KafkaClients kafka;
    private final AuditLog audit;
    private final TransactionTemplate transaction;
    private final RoleSessions roles;

    SyncJobService(SyncJobStore store, SyncJobDocuments documents, SyncScheduler scheduler, SchedulingClock clock,
            InstanceService instances, KafkaClients kafka, AuditLog audit, TransactionTemplate transaction, RoleSessions roles) {
        this.store = store;
        this.documents = documents;
        this.scheduler = scheduler;
        this.clock = clock;
        this.instances = instances;
        this.kafka = kafka;
        this.audit = audit;
        this.transaction = transaction;
        this.roles = roles;
    }

    SyncJobValidation validate(String instanceId, SyncJobDefinition definition) {
        KafkaConnection connection = instances.connection(instanceId);
        SyncJobDefinition job = definition.withDefaults();
        List<FieldViolation> errors = violations(job);
        errors.addAll(onTheCluster(connection, job, store.job(instanceId, job.name()).map(SyncJobStore.Job::id).orElse(null),
                errors));
        boolean valid = errors.isEmpty();
        return new SyncJobValidation(valid, errors, SyncJobDocuments.mask(job),
                valid ? SyncJobDocuments.nextWindows(job, clock.now(), PREVIEW_WINDOWS) : List.of());
    }

    SyncJobResponse create(String instanceId, SyncJobDefinition definition) {
        if (definition.name() != null && store.job(instanceId, definition.name()).isPresent()) {
            throw nameTaken(definition.name()); // before the checks, which would find its group taken by the job itself
        }
        SyncJobDefinition job = requireValid(instanceId, definition.withDefaults(), null);
        try {
            long id = transaction.execute(status -> {
                Instant scheduleFrom = clock.now();
                long jobId = store.insertJob(instanceId, job.name(), job.description(), job.source().topic(), documents.store(job),
                        job.enabled(), scheduleFrom);
                scheduler.schedule(jobId, job, scheduleFrom);
                audit.record("syncjob.create", target(instanceId, job.name()), details(job));
                return jobId;
            });
            return response(store.job(id).orElseThrow());
        } catch (DuplicateKeyException e) {
            throw nameTaken(job.name());
        }
    }

    private static ApiException nameTaken(String name) {
        return ApiException.conflict("name", "name.unique", "a sync job named '" + name + "' already exists on this instance");
    }

    SyncJobResponse update(String instanceId, String name, SyncJobDefinition definition) {
        SyncJobStore.Job existing = find(instanceId, name);
        if (definition.name() != null && !definition.name().equals(name)) {
            throw ApiException.badRequest("name", "name.immutable", "a sync job cannot be renamed (path has '" + name
                    + "', body has '" + definition.name() + "')");
        }
        SyncJobDefinition job = requireValid(instanceId, documents.keepStoredSecret(definition.withName(name), existing).withDefaults(),
                existing.id());
        transaction.executeWithoutResult(status -> {
            lock(instanceId, existing);
            Instant now = clock.now();
            store.updateJob(existing.id(), job.description(), job.source().topic(), documents.store(job));
            if (job.enabled() != existing.enabled()) {
                store.setEnabled(existing.id(), job.enabled(), now);
            }
            scheduler.schedule(existing.id(), job, now);
            audit.record("syncjob.update", target(instanceId, name), details(job));
        });
        return response(store.job(existing.id()).orElseThrow());
    }

    SyncJobResponse setEnabled(String instanceId, String name, boolean enabled) {
        SyncJobStore.Job existing = find(instanceId, name);
        SyncJobDefinition job = documents.plain(existing).withEnabled(enabled);
        transaction.executeWithoutResult(status -> {
            lock(instanceId, existing);
            store.updateJob(existing.id(), job.description(), job.source().topic(), documents.store(job));
            Instant scheduleFrom = clock.now();
            store.setEnabled(existing.id(), enabled, scheduleFrom);
            scheduler.schedule(existing.id(), job, scheduleFrom);
            audit.record(enabled ? "syncjob.resume" : "syncjob.pause", target(instanceId, name), Map.of());
        });
        return response(store.job(existing.id()).orElseThrow());
    }

    /**
     * Deletes the job, its run history and its consumer group; a run under way is cancelled by its agent (it commits
     * nothing).
     */
    void delete(String instanceId, String name) {
        SyncJobStore.Job existing = find(instanceId, name);
        String group = documents.masked(existing).source().consumerGroup();
        transaction.executeWithoutResult(status -> {
            lock(instanceId, existing);
            scheduler.unschedule(existing.id());
            store.deleteJob(existing.id());
            audit.record("syncjob.delete", target(instanceId, name), Map.of());
        });
        deleteGroupOfRuns(instances.connection(instanceId), group);
    }

    /**
     * The group holds what the job's runs committed (creating the job made sure it held nothing else), so it goes with
     * the job, unless another application or job has used it since: then it is theirs and stays. Never fails the
     * delete, which is done: a group left behind is only offsets, and free for a new job.
     */
    private void deleteGroupOfRuns(KafkaConnection connection, String group) {
        try (Admin admin = kafka.admin(connection)) {
            List<FieldViolation> taken = groupTaken(admin, connection, group, null);
            if (!taken.isEmpty()) {
                log.info("Left consumer group {} of a deleted sync job on instance {}: {}", group, connection.instanceId(),
                        taken.get(0).message());
                return;
            }
            kafka.await(admin.deleteConsumerGroups(List.of(group)).all(), connection);
            log.info("Deleted consumer group {} of a deleted sync job on instance {}", group, connection.instanceId());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                log.warn("Could not delete consumer group {} of a deleted sync job on instance {}: {}", group,
                        connection.instanceId(), e.getCause().toString());
            }
        } catch (RuntimeException e) {
            log.warn("Could not delete consumer group {} of a deleted sync job on instance {}: {}", group,
                    connection.instanceId(), e.toString());
        }
    }

    SyncJobResponse get(String instanceId, String name) {
        return response(find(instanceId, name));
    }

    PageResponse<SyncJobResponse> list(String instanceId, String q, int page, int size) {
        instances.requireExists(instanceId);
        int pageSize = Math.max(1, Math.min(size, 500));
        int pageIndex = Math.max(0, page);
        long total = store.countJobs(instanceId, q);
        List<SyncJobResponse> items = store.jobs(instanceId, q, pageIndex * pageSize, pageSize).stream().map(this::response).toList();
        return new PageResponse<>(items, pageIndex, pageSize, total, (int) ((total + pageSize - 1) / pageSize));
    }

    /** Seed 002's run with parameters: the window of the given values, run now. */
    SyncRunView trialRun(String instanceId, String name, TrialRunRequest request) {
        SyncJobStore.Job job = find(instanceId, name);
        SyncJobDefinition definition = documents.plain(job);
        ZoneId zone = SyncJobDocuments.zone(definition);
        LocalDateTime at = request == null || request.scheduledTime() == null
                ? clock.now().atZone(zone).toLocalDateTime().withNano(0) : request.scheduledTime();
        SyncWindow window;
        try {
            window = SyncJobDocuments.window(definition, at, request == null || request.parameters() == null ? Map.of()
                    : request.parameters());
        } catch (InvalidSyncJobException e) {
            throw invalid(e);
        }
        long runId = transaction.execute(status -> {
            lock(instanceId, job);
            long id = store.insertRun(job.id(), SyncRunTrigger.TRIAL, at.atZone(zone).toInstant(), AuditLog.currentActor(),
                    window.start(), window.end(), window.partitionSpec(), window.parameters(), SyncRunState.WAITING,
                    definition.rerun().maxAttempts(), Instant.now(), null);
            audit.record("syncjob.run", target(instanceId, name), Map.of("run", id, "partition", window.partitionSpec()));
            return id;
        });
        return view(store.run(runId).orElseThrow(), zone);
    }

    /** Runs a finished run's window again (its partition is replaced), e.g. to take in late records. */
    SyncRunView rerun(String instanceId, String name, long runId) {
        SyncJobStore.Job job = find(instanceId, name);
        SyncJobStore.Run run = store.run(job.id(), runId).orElseThrow(() -> runNotFound(name, runId));
        if (run.state().open()) {
            throw ApiException.conflict("state", "run.open", "run " + runId + " is " + run.state() + "; wait until it ends");
        }
        if (run.windowStart() == null) {
            throw ApiException.conflict("window", "run.noWindow", "run " + runId + " has no window to rerun: " + run.error());
        }
        SyncJobDefinition definition = documents.plain(job);
        long id = transaction.execute(status -> {
            lock(instanceId, job);
            long newRun = store.insertRun(job.id(), SyncRunTrigger.RERUN, run.scheduledTime(), AuditLog.currentActor(),
                    run.windowStart(), run.windowEnd(), run.partitionSpec(), run.parameters(), SyncRunState.WAITING,
                    definition.rerun().maxAttempts(), Instant.now(), null);
            audit.record("syncjob.rerun", target(instanceId, name), Map.of("run", newRun, "of", runId,
                    "partition", run.partitionSpec()));
            return newRun;
        });
        return view(store.run(id).orElseThrow(), SyncJobDocuments.zone(definition));
    }

    PageResponse<SyncRunView> runs(String instanceId, String name, int page, int size) {
        SyncJobStore.Job job = find(instanceId, name);
        ZoneId zone = SyncJobDocuments.zone(documents.masked(job));
        int pageSize = Math.max(1, Math.min(size, 500));
        int pageIndex = Math.max(0, page);
        long total = store.countRuns(job.id());
        List<SyncRunView> items = store.runs(job.id(), pageIndex * pageSize, pageSize).stream().map(r -> view(r, zone)).toList();
        return new PageResponse<>(items, pageIndex, pageSize, total, (int) ((total + pageSize - 1) / pageSize));
    }

    SyncRunView run(String instanceId, String name, long runId) {
        SyncJobStore.Job job = find(instanceId, name);
        return view(store.run(job.id(), runId).orElseThrow(() -> runNotFound(name, runId)),
                SyncJobDocuments.zone(documents.masked(job)));
    }

    List<WindowPreview> nextWindows(String instanceId, String name, int count) {
        SyncJobDefinition job = documents.masked(find(instanceId, name));
        return SyncJobDocuments.nextWindows(job, clock.now(), Math.max(1, Math.min(count, 50)));
    }

    /** "Generate target table" (seed 002 appendix); with {@code create} the statement is also run. */
    TargetTable targetTable(String instanceId, String name, boolean create) {
        SyncJobDefinition job = documents.plain(find(instanceId, name));
        String table = TargetTableDdl.tableName(job.source().topic());
        String sql = TargetTableDdl.createTable(job.source().topic(), job.destination().partition());
        if (!create) {
            return new TargetTable(job.destination().project(), table, sql, false);
        }
        Odps odps;
        try {
            odps = new Odps(account(job.destination().auth()));
        } catch (RoleSessions.RoleNotAssumable e) {
            throw ApiException.of(HttpStatus.UNPROCESSABLE_CONTENT, "destination.auth.roleName",
                    "destination.auth.roleName.notAssumable", e.getMessage());
        }
        odps.setEndpoint(job.destination().endpoint());
        odps.setDefaultProject(job.destination().project());
        odps.getRestClient().setConnectTimeout(5);
        odps.getRestClient().setReadTimeout(30);
        odps.getRestClient().setRetryTimes(0);
        try {
            SQLTask.run(odps, sql).waitForSuccess();
        } catch (OdpsException e) {
            throw ApiException.of(HttpStatus.UNPROCESSABLE_CONTENT, "destination", "destination.createTable",
                    "MaxCompute refused to create " + job.destination().project() + "." + table + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw ApiException.of(HttpStatus.BAD_GATEWAY, "destination.endpoint", "destination.unreachable",
                    "MaxCompute at " + job.destination().endpoint() + " did not answer: " + e.getMessage());
        }
        audit.record("syncjob.createTable", target(instanceId, name), Map.of("table", table));
        return new TargetTable(job.destination().project(), table, sql, true);
    }

    private Account account(DestinationAuth auth) {
        if (auth instanceof DestinationAuth.RamRole role) {
            RoleSessions.Credentials assumed = roles.credentials(role);
            return new StsAccount(assumed.accessKeyId(), assumed.accessKeySecret(), assumed.securityToken());
        }
        DestinationAuth.AccessKey key = (DestinationAuth.AccessKey) auth;
        return new AliyunAccount(key.accessKeyId(), key.accessKeySecret());
    }

    /** The shape rules, and what this service can do: a RAM role needs the service's own cloud identity. */
    private List<FieldViolation> violations(SyncJobDefinition job) {
        List<FieldViolation> errors = new ArrayList<>(SyncJobValidator.validate(job));
        if (job.destination().auth() instanceof DestinationAuth.RamRole && !roles.available()) {
            errors.add(new FieldViolation("destination.auth.type", "destination.auth.type.roleUnavailable",
                    "this connector service has no cloud identity to assume RAM roles with (its operator sets"
                    + " connectors.cloud.access-key-id and connectors.cloud.access-key-secret): use an AccessKey"));
        }
        return errors;
    }

    private SyncJobDefinition requireValid(String instanceId, SyncJobDefinition job, Long self) {
        KafkaConnection connection = instances.connection(instanceId);
        List<FieldViolation> errors = violations(job);
        if (errors.isEmpty()) {
            errors.addAll(onTheCluster(connection, job, self, errors));
        }
        if (!errors.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, errors.size() == 1 ? errors.get(0).message()
                    : "the sync job has " + errors.size() + " errors", errors, List.of());
        }
        return job;
    }

    /** The checks that ask the cluster (and the other jobs on it), for the fields that passed their own rules. */
    private List<FieldViolation> onTheCluster(KafkaConnection connection, SyncJobDefinition job, Long self,
            List<FieldViolation> fieldErrors) {
        List<FieldViolation> errors = new ArrayList<>();
        try (Admin admin = kafka.admin(connection)) {
            if (fieldErrors.stream().noneMatch(error -> "source.topic".equals(error.field()))) {
                errors.addAll(topicExists(admin, connection, job));
            }
            if (fieldErrors.stream().noneMatch(error -> "source.consumerGroup".equals(error.field()))) {
                errors.addAll(groupTaken(admin, connection, job.source().consumerGroup(), self));
            }
        }
        return errors;
    }

    /**
     * Seed 002 asks for a consumer group unique on the cluster, and it must be: each run commits its window's end
     * offsets to it, which would move the position of any other application reading with it (a connector's
     * included) while that application is stopped. A group of this job, or one only sync runs ever committed to
     * (a deleted job's), is free.
     */
    private List<FieldViolation> groupTaken(Admin admin, KafkaConnection connection, String group, Long self) {
        if (group.startsWith(ConnectorNames.Resource.CONSUMER_GROUP.prefix())) {
            return List.of(groupTaken("'" + ConnectorNames.Resource.CONSUMER_GROUP.prefix() + "' begins the groups of connectors"
                    + " (their consumers and workers)"));
        }
        Optional<String> otherJob = store.jobUsingGroup(connection.instanceId(), group, self);
        if (otherJob.isPresent()) {
            return List.of(groupTaken("consumer group '" + group + "' is the group of sync job " + otherJob.get()));
        }
        try {
            ConsumerGroupDescription described = kafka.await(admin.describeConsumerGroups(List.of(group)).describedGroups()
                    .get(group), connection);
            if (!described.members().isEmpty()) {
                return List.of(groupTaken("consumer group '" + group + "' has " + described.members().size()
                        + " member(s) consuming with it now"));
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = kafka.await(admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata(), connection);
            Optional<TopicPartition> foreign = offsets.entrySet().stream().filter(entry -> entry.getValue() != null
                    && (entry.getValue().metadata() == null
                            || !entry.getValue().metadata().startsWith(SyncRunProtocol.GROUP_OFFSET_METADATA)))
                    .map(Map.Entry::getKey).findFirst();
            return foreign.map(tp -> List.of(groupTaken("consumer group '" + group + "' holds offsets another application"
                    + " committed (" + tp + ")"))).orElse(List.of());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return List.of();
            }
            if (e.getCause() instanceof GroupAuthorizationException) {
                // the instance's credentials may not describe groups: the seed leaves uniqueness to the user then
                log.info("Cannot check that consumer group {} is unused on instance {}: {}", group, connection.instanceId(),
                        e.getCause().getMessage());
                return List.of();
            }
            throw kafka.unreachable(connection, e);
        }
    }

    private static FieldViolation groupTaken(String why) {
        return new FieldViolation("source.consumerGroup", "source.consumerGroup.taken", why + "; a sync job needs a"
                + " consumer group of its own on the Kafka cluster (its runs commit their offsets to it)");
    }

    private List<FieldViolation> topicExists(Admin admin, KafkaConnection connection, SyncJobDefinition job) {
        if (job.source().topic() == null || job.source().topic().isBlank()) {
            return List.of();
        }
        try {
            kafka.await(admin.describeTopics(List.of(job.source().topic())).allTopicNames(), connection);
            return List.of();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return List.of(new FieldViolation("source.topic", "source.topic.notFound", "topic '" + job.source().topic()
                        + "' does not exist on instance '" + connection.instanceId() + "'"));
            }
            throw kafka.unreachable(connection, e);
        }
    }

    private static ApiException invalid(InvalidSyncJobException e) {
        List<FieldViolation> errors = e.violations().stream().map(v -> new FieldViolation(v.field(), v.rule(), v.message())).toList();
        return new ApiException(HttpStatus.BAD_REQUEST, errors.get(0).message(), errors, List.of());
    }

    private SyncJobStore.Job find(String instanceId, String name) {
        instances.requireExists(instanceId);
        return store.job(instanceId, name).orElseThrow(() -> jobNotFound(instanceId, name));
    }

    /**
     * Locks the job's row for the rest of the transaction, so that changes and deletes of one job take turns: a job
     * deleted meanwhile is a 404 (two deletes at once answered 500, Quartz refusing to unschedule the same trigger).
     */
    private void lock(String instanceId, SyncJobStore.Job job) {
        store.lockJob(job.id()).orElseThrow(() -> jobNotFound(instanceId, job.name()));
    }

    private static ApiException jobNotFound(String instanceId, String name) {
        return ApiException.notFound("name", "syncjob.notFound", "no sync job named '" + name + "' on instance '"
                + instanceId + "'");
    }

    private static ApiException runNotFound(String name, long runId) {
        return ApiException.notFound("runId", "run.notFound", "sync job '" + name + "' has no run " + runId);
    }

    private SyncJobResponse response(SyncJobStore.Job job) {
        SyncJobDefinition d = documents.masked(job);
        ZoneId zone = SyncJobDocuments.zone(d);
        List<WindowPreview> next = job.enabled() ? SyncJobDocuments.nextWindows(d, clock.now(), 3) : List.of();
        SyncRunView last = store.lastRun(job.id()).map(r -> view(r, zone)).orElse(null);
        return new SyncJobResponse(job.instanceId(), job.name(), d.description(), job.enabled(), d.source(), d.destination(),
                d.mapping(), d.parameters(), d.schedule(), d.rerun(), next, last, job.createdAt(), job.updatedAt());
    }

    static SyncRunView view(SyncJobStore.Run run, ZoneId zone) {
        Long duration = run.startedAt() != null && run.finishedAt() != null
                ? run.finishedAt().toEpochMilli() - run.startedAt().toEpochMilli() : null;
        return new SyncRunView(run.id(), run.jobName(), run.trigger(), SyncJobDocuments.offset(run.scheduledTime(), zone),
                run.scheduledBy(),
                SyncJobDocuments.offset(run.windowStart(), zone), SyncJobDocuments.offset(run.windowEnd(), zone),
                run.partitionSpec(), run.parameters(), run.state(), run.attempt(), run.maxAttempts(), run.nodeId(),
                run.recordsRead(), run.recordsWritten(), run.lateRecords(), duration, run.error(),
                run.state() == SyncRunState.WAITING ? run.notBefore() : null, run.createdAt(), run.startedAt(),
                run.finishedAt(), run.attempts());
    }

    private static String target(String instanceId, String name) {
        return "instances/" + instanceId + "/sync-jobs/" + name;
    }

    private static Map<String, Object> details(SyncJobDefinition job) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sourceTopic", job.source().topic());
        details.put("table", job.destination().project() + "." + job.destination().table());
        details.put("schedule", SyncJobDocuments.schedule(job).describe());
        details.put("enabled", job.enabled());
        return details;
    }
}
