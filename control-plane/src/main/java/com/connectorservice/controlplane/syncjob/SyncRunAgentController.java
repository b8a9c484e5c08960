package com.connectorservice.controlplane.syncjob;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.connectorservice.controlplane.api.ApiException;
import com.connectorservice.controlplane.authorization.RoleSessions;
import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.controlplane.instance.InstanceService;
import com.connectorservice.controlplane.kafka.KafkaConnection;
import com.connectorservice.controlplane.security.AgentIdentity;
import com.connectorservice.syncjob.protocol.SyncRunProtocol;
import com.connectorservice.syncjob.protocol.WindowRunSpec;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * The agent protocol's sync-run exchange ({@code docs/agent-protocol.md}): an agent reports its runs and gets the
 * runs placed on it, with what each needs (the AccessKey secret only for the runs placed on that agent).
 * A report for an attempt that is no longer the run's current one (a retry elsewhere took over) is ignored.
 */
@Hidden
@RestController
@RequestMapping("/api/v1/agents")
class SyncRunAgentController {

    private static final Logger log = LoggerFactory.getLogger(SyncRunAgentController.class);
    private static final int EARLIER_WINDOWS = 200;

    private final SyncJobStore store;
    private final SyncJobDocuments documents;
    private final SyncRunDispatcher dispatcher;
    private final InstanceService instances;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final RoleSessions roles;

    SyncRunAgentController(SyncJobStore store, SyncJobDocuments documents, SyncRunDispatcher dispatcher, InstanceService instances,
            JdbcTemplate jdbc, TransactionTemplate transaction, RoleSessions roles) {
        this.store = store;
        this.documents = documents;
        this.dispatcher = dispatcher;
        this.instances = instances;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.roles = roles;
    }

    @PostMapping("/{id}/sync-runs")
    SyncRunProtocol.Assignments exchange(@PathVariable String id, @RequestBody SyncRunProtocol.Exchange exchange) {
        AgentIdentity.require(id);
        Integer known = jdbc.queryForObject("select count(*) from worker_node where id = ?", Integer.class, id);
        if (known == null || known == 0) {
            throw ApiException.notFound("id", "agent.unknown", "no agent registered with id '" + id + "'; register first");
        }
        for (SyncRunProtocol.Report report : exchange.reports()) {
            transaction.executeWithoutResult(status -> apply(id, report));
        }
        List<SyncRunProtocol.Assignment> assignments = new ArrayList<>();
        for (SyncJobStore.Run run : store.runsOn(id)) {
            try {
                assignments.add(new SyncRunProtocol.Assignment(run.id(), run.attempt(), spec(run)));
            } catch (RuntimeException e) {
                log.warn("Sync run {} cannot be handed to {}: {}", run.id(), id, e.toString());
                transaction.executeWithoutResult(status -> dispatcher.failAttempt(run, "cannot prepare the run: " + e.getMessage()));
            }
        }
        return new SyncRunProtocol.Assignments(assignments);
    }

    private void apply(String nodeId, SyncRunProtocol.Report report) {
        Optional<SyncJobStore.Run> found = store.run(report.runId());
        if (found.isEmpty() || !nodeId.equals(found.get().nodeId()) || found.get().attempt() != report.attempt()
                || !found.get().state().open()) {
            return;
        }
        SyncJobStore.Run run = found.get();
        switch (report.state()) {
            case RUNNING -> store.running(run.id(), run.attempt(), nodeId, report.recordsRead(), report.recordsWritten());
            case SUCCEEDED -> {
                List<SyncRunView.Attempt> attempts = new ArrayList<>(run.attempts());
                attempts.add(new SyncRunView.Attempt(run.attempt(), nodeId, SyncRunState.SUCCEEDED, null, report.recordsRead(),
                        report.recordsWritten(), run.startedAt() == null ? run.assignedAt() : run.startedAt(), Instant.now()));
                if (store.succeeded(run.id(), run.attempt(), nodeId, report.recordsRead(), report.recordsWritten(),
                        report.startOffsets() == null ? Map.of() : report.startOffsets(),
                        report.endOffsets() == null ? Map.of() : report.endOffsets(), attempts)) {
                    Map<Instant, Long> late = new LinkedHashMap<>();
                    if (report.lateRecordsByWindowStart() != null) {
                        report.lateRecordsByWindowStart().forEach((start, count) -> late.put(Instant.ofEpochMilli(start), count));
                    }
                    store.replaceLateObservations(run.jobId(), run.windowStart(), late);
                    store.lateRecordsTakenIn(run.jobId(), run.windowStart(), run.assignedAt());
                    log.info("Sync run {} ({} {}) succeeded on {}: {} read, {} written, late for earlier windows {}", run.id(),
                            run.jobName(), run.partitionSpec(), nodeId, report.recordsRead(), report.recordsWritten(), late);
                }
            }
            case FAILED -> dispatcher.failAttempt(run, report.error() == null ? "failed on " + nodeId : report.error());
        }
    }

    private WindowRunSpec spec(SyncJobStore.Run run) {
        SyncJobStore.Job job = store.job(run.jobId()).orElseThrow();
        SyncJobDefinition definition = documents.plain(job);
        KafkaConnection connection = instances.connection(job.instanceId());
        SyncJobDefinition.SyncSource source = definition.source();
        SyncJobDefinition.SyncDestination destination = definition.destination();
        // a RAM role is assumed here: the agent gets temporary credentials, never the service's own AccessKey
        RoleSessions.Credentials credentials = destination.auth() instanceof DestinationAuth.RamRole role
                ? roles.credentials(role) : RoleSessions.Credentials.of((DestinationAuth.AccessKey) destination.auth());
        List<SyncJobStore.Run> windows = store.succeededWindows(run.jobId(), EARLIER_WINDOWS);
        Map<Integer, Long> scanUntil = new TreeMap<>();
        List<WindowRunSpec.EarlierWindow> earlier = new ArrayList<>();
        for (SyncJobStore.Run done : windows) {
            if (done.endOffsets() != null) {
                done.endOffsets().forEach((partition, offset) -> {
                    if (offset != null) {
                        scanUntil.merge(partition, offset, Math::max);
                    }
                });
            }
            if (!done.windowStart().equals(run.windowStart())) {
                earlier.add(new WindowRunSpec.EarlierWindow(done.windowStart().toEpochMilli(), done.windowEnd().toEpochMilli(),
                        done.endOffsets()));
            }
        }
        return new WindowRunSpec(run.jobName() + "-" + run.id() + "-" + run.attempt(),
                new WindowRunSpec.Kafka(connection.bootstrapServers(), connection.clientProperties(), source.topic(),
                        source.consumerGroup(), source.keyType(), source.valueType(), source.encoding()),
                run.windowStart().toEpochMilli(), run.windowEnd().toEpochMilli(),
                WindowRunSpec.EndStrategy.valueOf(source.endStrategy().name()), source.noNewDataSeconds() * 1000L, scanUntil,
                earlier, new WindowRunSpec.Target(destination.endpoint(), destination.tunnelEndpoint(), destination.project(),
                        destination.schema(), destination.table(), run.partitionSpec(), credentials.accessKeyId(),
                        credentials.accessKeySecret(), credentials.securityToken(), source.timeZone()),
                definition.columnMappings());
    }
}
