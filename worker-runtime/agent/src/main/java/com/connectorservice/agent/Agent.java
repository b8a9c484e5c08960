package com.connectorservice.agent;

import java.time.Duration;
import java.util.List;
import java.util.Map;
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
import com.connectorservice.agent.runtime.ConnectorRuntime;
import com.connectorservice.agent.secrets.SecretsStore;
import com.connectorservice.agent.syncjob.SyncRunExecutor;
import com.connectorservice.agent.worker.ProcessConnectorRuntime;
import com.connectorservice.contracts.agent.AgentProtocol.ConnectorReport;
import com.connectorservice.contracts.agent.AgentProtocol.Heartbeat;
import com.connectorservice.contracts.agent.AgentProtocol.Registration;

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

    private final AgentConfig config;
    private final ConnectorRuntime runtime;
    private final Reconciler reconciler;
    private final ControlPlaneSync sync;
    private final ControlPlaneClient controlPlane;
    private final SyncRunExecutor syncRuns = new SyncRunExecutor();
    private final ScheduledExecutorService reconcileThread = Executors.newSingleThreadScheduledExecutor(
            runnable -> new Thread(runnable, "agent-reconcile"));
    private final ScheduledExecutorService syncThread = Executors.newSingleThreadScheduledExecutor(
            runnable -> new Thread(runnable, "agent-sync"));
    private final AtomicBoolean reconcileQueued = new AtomicBoolean();
    private final AtomicBoolean followUpScheduled = new AtomicBoolean();
    private final AtomicBoolean reportQueued = new AtomicBoolean();
    /** Per connector, the states last handed to the sync thread: a difference is reported at once. */
    private volatile Map<String, String> reportedStates = Map.of();

    public Agent(AgentConfig config) {
        this.config = config;
        SecretsStore secrets = new SecretsStore(config.secretsDir());
        this.runtime = new ProcessConnectorRuntime(config.workersDir(), config.workerAddress(), config.workerLaunch(),
                config.workerStartTimeout(), this::reconcileSoon);
        this.reconciler = new Reconciler(secrets, runtime, new LocalState(config.dataDir(), secrets),
                config.workerLaunch().pluginPath());
        this.controlPlane = new ControlPlaneClient(config.controlPlaneUrl(), config.token());
        this.sync = new ControlPlaneSync(controlPlane,
                new Registration(config.id(), config.host(), config.capacity(), config.version()),
                () -> new Heartbeat(reconciler.reports()),
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

    public List<ConnectorReport> reports() {
        return reconciler.reports();
    }

    public ConnectorRuntime runtime() {
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
