package com.connectorservice.agent.syncjob;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.connectorservice.syncjob.protocol.SyncRunProtocol;
import com.connectorservice.syncjob.protocol.SyncRunProtocol.Assignment;
import com.connectorservice.syncjob.protocol.SyncRunProtocol.Report;
import com.connectorservice.syncjob.protocol.SyncRunProtocol.RunState;
import com.connectorservice.syncjob.protocol.WindowRunResult;
import com.connectorservice.syncjob.runner.WindowRunner;

/**
 * Runs the sync-job runs placed on this agent, each on a thread of its own in the agent's JVM, and reports them.
 * The assignments are the desired state: an assigned attempt not yet known is started, a known one no longer
 * assigned (the control plane moved or deleted it) is cancelled, which commits nothing. A finished attempt is
 * reported until the control plane stops assigning it. An agent that dies mid-run leaves nothing visible
 * (the window's tunnel session is never committed); the control plane retries the run.
 */
public final class SyncRunExecutor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SyncRunExecutor.class);

    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "sync-run");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<Long, Execution> executions = new LinkedHashMap<>();

    private static final class Execution {
        final Assignment assignment;
        final WindowRunner.Progress progress = new WindowRunner.Progress();
        final AtomicBoolean cancelled = new AtomicBoolean();
        final long startedNanos = System.nanoTime();
        volatile WindowRunResult result;
        volatile String error;

        Execution(Assignment assignment) {
            this.assignment = assignment;
        }

        boolean finished() {
            return result != null || error != null;
        }
    }

    /** Starts what is newly assigned, cancels what is no longer assigned. */
    public synchronized void apply(List<Assignment> assignments) {
        Set<Long> assigned = new HashSet<>();
        for (Assignment assignment : assignments) {
            assigned.add(assignment.runId());
            Execution known = executions.get(assignment.runId());
            if (known != null && known.assignment.attempt() == assignment.attempt()) {
                continue;
            }
            if (known != null) {
                known.cancelled.set(true);
            }
            Execution execution = new Execution(assignment);
            executions.put(assignment.runId(), execution);
            threads.execute(() -> run(execution));
        }
        executions.entrySet().removeIf(entry -> {
            if (assigned.contains(entry.getKey())) {
                return false;
            }
            if (!entry.getValue().finished()) {
                LOG.info("sync run {} attempt {} is no longer assigned here; cancelling it", entry.getKey(),
                        entry.getValue().assignment.attempt());
                entry.getValue().cancelled.set(true);
            }
            return true;
        });
    }

    public synchronized List<Report> reports() {
        List<Report> reports = new ArrayList<>();
        for (Execution execution : executions.values()) {
            Assignment assignment = execution.assignment;
            long millis = Duration.ofNanos(System.nanoTime() - execution.startedNanos).toMillis();
            WindowRunResult result = execution.result;
            if (result != null) {
                reports.add(new Report(assignment.runId(), assignment.attempt(), RunState.SUCCEEDED, result.recordsRead(),
                        result.recordsWritten(), result.startOffsets(), result.endOffsets(), result.lateRecordsByWindowStart(),
                        null, result.durationMillis()));
            } else if (execution.error != null) {
                reports.add(new Report(assignment.runId(), assignment.attempt(), RunState.FAILED,
                        execution.progress.read().get(), execution.progress.written().get(), null, null, null, execution.error,
                        millis));
            } else {
                reports.add(new Report(assignment.runId(), assignment.attempt(), RunState.RUNNING,
                        execution.progress.read().get(), execution.progress.written().get(), null, null, null, null, millis));
            }
        }
        return reports;
    }

    private void run(Execution execution) {
        Assignment assignment = execution.assignment;
        try {
            LOG.info("sync run {} attempt {}: {} [{}, {}) into {}", assignment.runId(), assignment.attempt(),
                    assignment.spec().kafka().topic(), assignment.spec().windowStartMillis(),
                    assignment.spec().windowEndMillis(), assignment.spec().target());
            execution.result = WindowRunner.run(assignment.spec(), execution.progress, execution.cancelled::get);
        } catch (Throwable e) {
            if (!execution.cancelled.get()) {
                LOG.warn("sync run {} attempt {} failed", assignment.runId(), assignment.attempt(), e);
            }
            execution.error = describe(e);
        }
    }

    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.getClass().getSimpleName()).append(": ").append(e.getMessage());
        for (Throwable cause = e.getCause(); cause != null && cause != cause.getCause(); cause = cause.getCause()) {
            text.append("; caused by ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
        }
        return text.length() > 4000 ? text.substring(0, 4000) : text.toString();
    }

    /** Closing the agent cancels its runs: nothing of them is committed, and the control plane places them again. */
    @Override
    public synchronized void close() {
        executions.values().forEach(e -> e.cancelled.set(true));
        threads.shutdownNow();
        try {
            threads.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** For the protocol's unknown-agent case: nothing assigned is known to the control plane any more. */
    public static SyncRunProtocol.Exchange exchange(List<Report> reports) {
        return new SyncRunProtocol.Exchange(reports);
    }
}
