package com.connectorservice.agent.reconcile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.connectorservice.agent.runtime.ConnectorControl;
import com.connectorservice.agent.runtime.ConnectorOperationException;
import com.connectorservice.agent.runtime.ConnectorRuntime;
import com.connectorservice.agent.runtime.ConnectorRuntimes;
import com.connectorservice.agent.runtime.ConnectorStatus;
import com.connectorservice.agent.runtime.WorkerUsage;
import com.connectorservice.agent.runtime.WorkerView;
import com.connectorservice.agent.secrets.SecretsStore;
import com.connectorservice.agent.worker.WorkerSettings;
import com.connectorservice.contracts.agent.AgentProtocol.AppliedRequests;
import com.connectorservice.contracts.agent.AgentProtocol.Condition;
import com.connectorservice.contracts.agent.AgentProtocol.ConnectorReport;
import com.connectorservice.contracts.agent.AgentProtocol.DesiredConnector;
import com.connectorservice.contracts.agent.AgentProtocol.TaskMetrics;
import com.connectorservice.contracts.agent.AgentProtocol.TaskReport;
import com.connectorservice.contracts.agent.AgentProtocol.WorkerReport;
import com.connectorservice.contracts.agent.AgentProtocol.WorkerSpec;
import com.connectorservice.contracts.agent.TargetState;

/**
 * Drives the actual state (the connectors' workers in the {@link ConnectorRuntime} and the connectors inside them)
 * towards the desired state, one idempotent step at a time. A step that fails becomes a condition in the connector's report and is retried on
 * the next pass; it never stops the loop nor the other connectors.
 */
public final class Reconciler {

    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

    private final SecretsStore secrets;
    private final ConnectorRuntimes runtime;
    private final LocalState localState;
    private final Path pluginPath;
    private volatile List<DesiredConnector> desired;
    private final Map<String, ConnectorReport> reports = new ConcurrentHashMap<>();
    private final Map<String, Long> appliedGenerations = new ConcurrentHashMap<>();
    private final Set<String> secretsChangedSinceTaskStart = ConcurrentHashMap.newKeySet();

    public Reconciler(SecretsStore secrets, ConnectorRuntimes runtime, LocalState localState, Path pluginPath) {
        this.secrets = secrets;
        this.runtime = runtime;
        this.localState = localState;
        this.pluginPath = pluginPath;
        this.desired = localState.loadDesired();
    }

    /** Replaces the desired state (from a heartbeat reply) and keeps it on disk for when the control plane is away. */
    public void desire(List<DesiredConnector> connectors) {
        localState.saveDesired(connectors);
        desired = List.copyOf(connectors);
    }

    public List<DesiredConnector> desired() {
        return desired;
    }

    public List<ConnectorReport> reports() {
        return List.copyOf(reports.values());
    }

    /**
     * One pass over all connectors.
     *
     * @return whether some connector is on its way to its target state (a worker starting, a state change under
     *         way), so the caller checks again sooner than the regular interval
     */
    public synchronized boolean reconcileOnce() {
        List<DesiredConnector> wanted = desired;
        boolean converging = false;
        for (DesiredConnector connector : wanted) {
            ConnectorReport report;
            try {
                report = reconcile(connector);
            } catch (RuntimeException e) {
                LOG.warn("reconciling {} failed", connector.name(), e);
                report = report(connector, "FAILED", e.toString(), null, null,
                        List.of(Condition.failed("Reconciled", "InternalError", e.toString())));
            }
            reports.put(connector.name(), report);
            converging |= isConverging(connector, report);
        }
        Set<String> wantedNames = wanted.stream().map(DesiredConnector::name).collect(Collectors.toSet());
        Set<String> present = new TreeSet<>(runtime.connectors());
        present.addAll(reports.keySet());
        present.stream().filter(name -> !wantedNames.contains(name)).forEach(this::remove);
        return converging;
    }

    private static boolean isConverging(DesiredConnector connector, ConnectorReport report) {
        return switch (report.state()) {
            case "FAILED" -> false;
            case "RUNNING" -> connector.targetState() != TargetState.RUNNING || report.tasks().isEmpty()
                    || report.tasks().stream().anyMatch(task -> !"RUNNING".equals(task.state())
                    && !"FAILED".equals(task.state()));
            default -> !report.state().equals(connector.targetState().name());
        };
    }

    /**
     * Takes the connector off this host: its worker leaves the Connect group, its secrets file goes. The
     * connector itself stays in its config topic, because other hosts of the same group may still run it.
     */
    private void remove(String name) {
        try {
            LOG.info("{} is no longer placed on this agent; stopping its worker", name);
            runtime.remove(name);
            secrets.delete(name);
            localState.forget(name);
            reports.remove(name);
            appliedGenerations.remove(name);
            secretsChangedSinceTaskStart.remove(name);
        } catch (RuntimeException e) {
            LOG.warn("removing {} failed; retrying on the next pass", name, e);
        }
    }

    private ConnectorReport reconcile(DesiredConnector connector) {
        String name = connector.name();
        List<String> problems = DesiredStateValidation.problems(connector);
        if (!problems.isEmpty()) {
            String message = String.join("; ", problems);
            return report(connector, "FAILED", message, null, null,
                    List.of(Condition.failed("Valid", "InvalidDesiredState", message)));
        }
        if (secrets.write(name, connector.secrets())) {
            secretsChangedSinceTaskStart.add(name);
        }
        Map<String, String> config = new LinkedHashMap<>(secrets.resolveReferences(name, connector.connectorConfig()));
        config.put("name", name);
        WorkerSpec spec = connector.worker();
        SortedMap<String, String> settings = WorkerSettings.of(name, new WorkerSpec(spec.bootstrapServers(),
                        secrets.resolveReferences(name, spec.clientProperties()), spec.groupId(), spec.configTopic(),
                        spec.offsetTopic(), spec.statusTopic()), pluginPath, secrets.directory());
        // Not a Connect setting (the worker ignores it): it makes a changed client secret restart the worker.
        SecretsStore.digestOfReferenced(spec.clientProperties(), connector.secrets())
                .ifPresent(digest -> settings.put("connectorservice.agent.client.secrets.digest", digest));

        WorkerView worker = runtime.start(name, spec.isolation(), settings);
        if (!worker.alive()) {
            String message = "the worker exited" + (worker.lastExit() == null ? "" : " (" + worker.lastExit() + ")")
                    + "; next start at " + worker.nextStartAt();
            return report(connector, "RESTARTING", null, null, worker,
                    List.of(Condition.failed("WorkerRunning", "WorkerExited", message)));
        }
        ConnectorControl connect = runtime.control(name);
        if (!connect.isReady()) {
            return report(connector, "DEPLOYING", null, null, worker,
                    List.of(Condition.failed("WorkerReady", "WorkerStarting",
                            "the worker's REST API at " + worker.restUrl() + " does not answer yet")));
        }

        List<Condition> conditions = new ArrayList<>();
        AppliedRequests applied = localState.applied(name);
        boolean resetPending = connector.resetOffsets() != null
                && !connector.resetOffsets().requestId().equals(applied.resetOffsets());
        // Offsets can only be reset while stopped, so a pending reset holds the connector stopped until done.
        TargetState target = resetPending ? TargetState.STOPPED : connector.targetState();

        Optional<ConnectorOperationException> configRejected = step(conditions, "Configured", "ConfigRejected", () -> {
            Optional<Map<String, String>> current = connect.config();
            if (current.isEmpty()) {
                connect.create(config, target);
                LOG.info("created {} in its worker, {}", name, target);
            } else if (!current.get().equals(config)) {
                connect.applyConfig(config);
                LOG.info("updated the config of {} (generation {})", name, connector.generation());
            } else if (secretsChangedSinceTaskStart.contains(name)) {
                // FileConfigProvider values are read when tasks start: restart them to pick up new secrets.
                connect.restart(true, false);
                LOG.info("restarted {} and its tasks to read changed secrets", name);
            }
            secretsChangedSinceTaskStart.remove(name);
        });
        Optional<ConnectorStatus> status = Optional.empty();
        try {
            status = connect.status();
        } catch (ConnectorOperationException e) {
            conditions.add(Condition.failed("StatusKnown", "StatusUnavailable", e.getMessage()));
        }
        String actual = status.map(ConnectorStatus::state).orElse(null);
        if (actual != null) {
            step(conditions, "TargetStateApplied", "TargetStateRejected", () -> applyTargetState(connect, target, actual));
        }
        if (connector.restart() != null && !connector.restart().requestId().equals(applied.restart())) {
            step(conditions, "RestartApplied", "RestartRejected", () -> {
                connect.restart(connector.restart().includeTasks(), connector.restart().onlyFailed());
                localState.recordApplied(name, localState.applied(name).withRestart(connector.restart().requestId()));
            });
        }
        if (resetPending) {
            if ("STOPPED".equals(actual)) {
                step(conditions, "OffsetsReset", "OffsetsResetRejected", () -> {
                    connect.resetOffsets();
                    localState.recordApplied(name,
                            localState.applied(name).withResetOffsets(connector.resetOffsets().requestId()));
                    LOG.info("reset the offsets of {} (request {})", name, connector.resetOffsets().requestId());
                });
            } else {
                conditions.add(Condition.failed("OffsetsReset", "WaitingForStop",
                        "offsets are reset once the connector is STOPPED; it is " + actual));
            }
        }
        if (conditions.isEmpty()) {
            appliedGenerations.put(name, connector.generation());
        }
        List<TaskMetrics> metrics = status.isPresent() ? taskMetrics(name, connect) : List.of();
        if (actual == null && configRejected.filter(ConnectorOperationException::configRejected).isPresent()) {
            // Connect's config validation refused to create the connector: nothing runs until another config
            // comes, so this is FAILED with Connect's reason, not DEPLOYING.
            return report(connector, "FAILED", configRejected.get().getMessage(), null, worker, conditions);
        }
        return report(connector, actual == null ? "DEPLOYING" : actual,
                status.map(ConnectorStatus::trace).orElse(null), status.orElse(null), worker, conditions, metrics);
    }

    /** Metrics are reported when the worker tells them; a worker that cannot is no reason to hold the report. */
    private static List<TaskMetrics> taskMetrics(String name, ConnectorControl connect) {
        try {
            return connect.taskMetrics();
        } catch (ConnectorOperationException e) {
            LOG.debug("the task metrics of {} are not available: {}", name, e.getMessage());
            return List.of();
        }
    }

    private static void applyTargetState(ConnectorControl connect, TargetState target, String actual)
            throws ConnectorOperationException {
        switch (target) {
            case RUNNING -> {
                // A FAILED connector is not resumed but restarted: that takes an explicit restart request.
                if ("PAUSED".equals(actual) || "STOPPED".equals(actual)) {
                    connect.resume();
                }
            }
            case PAUSED -> {
                if (!"PAUSED".equals(actual)) {
                    connect.pause();
                }
            }
            case STOPPED -> {
                if (!"STOPPED".equals(actual)) {
                    connect.stop();
                }
            }
        }
    }

    private interface Step {
        void run() throws ConnectorOperationException;
    }

    private static Optional<ConnectorOperationException> step(List<Condition> conditions, String type, String reason,
                                                        Step step) {
        try {
            step.run();
            return Optional.empty();
        } catch (ConnectorOperationException e) {
            conditions.add(Condition.failed(type, reason, e.getMessage()));
            return Optional.of(e);
        }
    }

    private ConnectorReport report(DesiredConnector connector, String state, String trace, ConnectorStatus status,
                                   WorkerView worker, List<Condition> conditions) {
        return report(connector, state, trace, status, worker, conditions, List.of());
    }

    private ConnectorReport report(DesiredConnector connector, String state, String trace, ConnectorStatus status,
                                   WorkerView worker, List<Condition> conditions, List<TaskMetrics> taskMetrics) {
        List<TaskReport> tasks = status == null ? List.of() : status.tasks().stream()
                .map(task -> new TaskReport(task.id(), task.state(), task.workerId(), task.trace())).toList();
        WorkerReport workerReport = worker == null ? null
                : new WorkerReport(worker.pid(), worker.restarts(), worker.lastExit(), worker.restUrl(),
                        runtime.usage(connector.name()).map(WorkerUsage::residentBytes).orElse(null), taskMetrics);
        return new ConnectorReport(connector.name(), connector.instanceId(),
                appliedGenerations.getOrDefault(connector.name(), 0L), state, trace, tasks, workerReport,
                List.copyOf(conditions), localState.applied(connector.name()));
    }
}
