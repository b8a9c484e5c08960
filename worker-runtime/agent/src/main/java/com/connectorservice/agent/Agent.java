package com.connectorservice.agent;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.connectorservice.agent.controlplane.ControlPlaneClient;
import com.connectorservice.agent.controlplane.ControlPlaneSync;
import com.connectorservice.agent.reconcile.LocalState;
import com.connectorservice.agent.reconcile.Reconciler;
import com.connectorservice.agent.dense.DenseConnectorRuntime;
import com.connectorservice.agent.logs.WorkerLogs;
import com.connectorservice.agent.runtime.ConnectorRuntimes;
import com.connectorservice.agent.secrets.SecretsStore;
import com.connectorservice.agent.syncjob.SyncRunExecutor;
import com.connectorservice.agent.worker.ProcessConnectorRuntime;
import com.connectorservice.agent.worker.ResidentMemory;
import com.connectorservice.contracts.agent.AgentProtocol.ConnectorReport;
import com.connectorservice.contracts.agent.AgentProtocol.Heartbeat;
import com.connectorservice.contracts.agent.AgentProtocol.HostMemory;
import com.connectorservice.contracts.agent.AgentProtocol.Registration;
import com.connectorservice.contracts.agent.Isolation;

/**
 * One agent per host: syncs with the control plane on one thread and reconciles on another, so a slow or
 * absent control plane never delays supervision. A change of state (a worker that died, tasks that started) is
 * reported at once rather than at the next heartbeat, so the control plane never shows RUNNING for a worker
 * that is gone. Closing the agent leaves its workers running: the next agent process adopts them.
 */
public final class Agent implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);
    /** While a worker starts or a state change is under way, look again this soon: the checks are loopback calls. */
    private static final Duration CONVERGING_INTERVAL = Duration.ofMillis(300);
    private static final Duration WATCH_WAIT = Duration.ofSeconds(25);
    private static final Duration WATCH_RETRY = Duration.ofSeconds(1);

    private final AgentConfig config;
    private final ConnectorRuntimes runtime;
    private final Reconciler reconciler;
    private final ControlPlaneSync sync;
    private final ControlPlaneClient controlPlane;
    private final SyncRunExecutor syncRuns = new SyncRunExecutor();
    private final WorkerLogs workerLogs = new WorkerLogs();
    private final ScheduledExecutorService reconcileThread = Executors.newSingleThreadScheduledExecutor(
            runnable -> new Thread(runnable, "agent-reconcile"));
    private final ScheduledExecutorService syncThread = Executors.newSingleThreadScheduledExecutor(
            runnable -> new Thread(runnable, "agent-sync"));
    private final ExecutorService watchThread = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "agent-watch");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;
    private final AtomicBoolean reconcileQueued = new AtomicBoolean();
    private final AtomicBoolean followUpScheduled = new AtomicBoolean();
    private final AtomicBoolean reportQueued = new AtomicBoolean();
    /** Per connector, the states last handed to the sync thread: a difference is reported at once. */
    private volatile Map<String, String> reportedStates = Map.of();

    public Agent(AgentConfig config) {
        this.config = config;
        SecretsStore secrets = new SecretsStore(config.secretsDir());
        this.runtime = new ConnectorRuntimes(Map.of(
                Isolation.DENSE, new DenseConnectorRuntime(config.denseDir(), config.workerAddress(),
                        config.denseLaunch(), config.workerStartTimeout(), this::reconcileSoon),
                Isolation.PROCESS, new ProcessConnectorRuntime(config.workersDir(), config.workerAddress(),
                        config.workerLaunch(), config.workerStartTimeout(), this::reconcileSoon)));
        this.reconciler = new Reconciler(secrets, runtime, new LocalState(config.dataDir(), secrets),
                config.workerLaunch().pluginPath());
        this.controlPlane = new ControlPlaneClient(config.controlPlaneUrl(), config.token());
        this.sync = new ControlPlaneSync(controlPlane,
                new Registration(config.id(), config.host(), config.capacity(), config.version()),
                () -> new Heartbeat(workerLogs.withChangedTails(reconciler.reports(), runtime::logFile,
                        this::secretValues), memory()),
                reply -> {
                    reconciler.desire(reply.desired());
                    reconcileSoon();
                });
    }

    public Agent start() {
        List<String> adopted = runtime.adopt();
        LOG.info("agent {} starting; workers reached at {}, data dir {}, adopted workers {}, last desired state {}",
                config.id(), config.workerAddress().advertisedHost(), config.dataDir(), adopted,
                reconciler.desired().size() + " connectors");
        long interval = config.reconcileInterval().toMillis();
        reconcileThread.scheduleWithFixedDelay(this::reconcileGuarded, 0, interval, TimeUnit.MILLISECONDS);
        syncThread.execute(this::syncAndReschedule);
        watchThread.execute(this::watchDesiredState);
        return this;
    }

    /** Reconciles as soon as the reconcile thread is free; calls while one is queued collapse into it. */
    public void reconcileSoon() {
        if (reconcileQueued.compareAndSet(false, true)) {
            try {
                reconcileThread.execute(() -> {
                    reconcileQueued.set(false);
                    reconcileGuarded();
                });
            } catch (RejectedExecutionException closing) {
                reconcileQueued.set(false);
            }
        }
    }

    /** The agent's own resident memory and its runtimes': what the control plane places by. */
    private HostMemory memory() {
        long agent = ResidentMemory.ofProcess(ProcessHandle.current().pid()).orElse(0L);
        Map<Isolation, Long> runtimes = runtime.residentBytesByIsolation();
        return new HostMemory(config.memoryBudgetBytes(),
                agent + runtimes.values().stream().mapToLong(Long::longValue).sum(), runtimes);
    }

    /** The values to blank out of the connector's log lines: its secrets, as the desired state hands them over. */
    private Collection<String> secretValues(String connector) {
        return reconciler.desired().stream().filter(desired -> desired.name().equals(connector))
                .flatMap(desired -> desired.secrets().values().stream()).toList();
    }

    public List<ConnectorReport> reports() {
        return reconciler.reports();
    }

    public ConnectorRuntimes runtime() {
        return runtime;
    }

    private void reconcileGuarded() {
        try {
            boolean converging = reconciler.reconcileOnce();
            reportChanges();
            if (converging && followUpScheduled.compareAndSet(false, true)) {
                reconcileThread.schedule(() -> {
                    followUpScheduled.set(false);
                    reconcileSoon();
                }, CONVERGING_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException closing) {
            // the agent is closing
        } catch (RuntimeException e) {
            LOG.error("reconcile pass failed", e);
        }
    }

    private void reportChanges() {
        Map<String, String> states = reconciler.reports().stream().collect(Collectors.toMap(ConnectorReport::name,
                report -> report.state() + " " + report.tasks().stream().map(task -> task.id() + ":" + task.state()).toList()
                        + " pid " + (report.worker() == null ? null : report.worker().pid())));
        if (!states.equals(reportedStates)) {
            reportedStates = states;
            reportSoon();
        }
    }

    /** An extra heartbeat as soon as the sync thread is free; the regular ones keep their schedule. */
    private void reportSoon() {
        if (reportQueued.compareAndSet(false, true)) {
            try {
                syncThread.execute(() -> {
                    reportQueued.set(false);
                    try {
                        sync.syncOnce();
                    } catch (RuntimeException e) {
                        LOG.error("control plane sync failed", e);
                    }
                });
            } catch (RejectedExecutionException closing) {
                reportQueued.set(false);
            }
        }
    }

    private void syncAndReschedule() {
        Duration next = Duration.ofSeconds(5);
        try {
            next = sync.syncOnce();
            exchangeSyncRuns();
        } catch (RuntimeException e) {
            LOG.error("control plane sync failed", e);
        } finally {
            try {
                syncThread.schedule(this::syncAndReschedule, next.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException closing) {
                // the agent is closing
            }
        }
    }

    /**
     * Long-polls the control plane for a new version of this agent's desired state and heartbeats as soon as one
     * comes, so a change reaches the reconciler within a fraction of a second instead of at the next heartbeat. A
     * control plane without the call (404) leaves the agent on its heartbeat interval.
     */
    private void watchDesiredState() {
        while (!closed) {
            String held = sync.desiredVersion();
            try {
                if (held == null) {
                    Thread.sleep(WATCH_RETRY.toMillis());
                    continue;
                }
                String current = controlPlane.watchDesiredState(config.id(), held, WATCH_WAIT);
                if (!current.equals(held) && held.equals(sync.desiredVersion())) {
                    reportSoon();
                    // the heartbeat brings the new version; wait for it rather than watch the old one again
                    for (int i = 0; i < 50 && held.equals(sync.desiredVersion()) && !closed; i++) {
                        Thread.sleep(20);
                    }
                }
            } catch (InterruptedException e) {
                return;
            } catch (java.io.IOException e) {
                if (e instanceof ControlPlaneClient.UnknownAgentException) {
                    LOG.info("the control plane has no desired-state watch; changes arrive with heartbeats");
                    return;
                }
                try {
                    Thread.sleep(WATCH_RETRY.toMillis());
                } catch (InterruptedException interrupted) {
                    return;
                }
            } catch (RuntimeException e) {
                LOG.warn("desired-state watch failed", e);
            }
        }
    }

    /** Sync jobs' runs (issue 17): report them, get the runs placed here; a failed exchange is retried next time. */
    private void exchangeSyncRuns() {
        try {
            syncRuns.apply(controlPlane.exchangeSyncRuns(config.id(), SyncRunExecutor.exchange(syncRuns.reports())).runs());
        } catch (java.io.IOException e) {
            LOG.debug("sync-run exchange failed: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the agent's own threads and cancels its sync runs; the child workers keep running (data keeps flowing). */
    @Override
    public void close() {
        closed = true;
        watchThread.shutdownNow();
        syncRuns.close();
        syncThread.shutdownNow();
        reconcileThread.shutdownNow();
        try {
            reconcileThread.awaitTermination(30, TimeUnit.SECONDS);
            syncThread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
