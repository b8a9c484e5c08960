package com.connectorservice.agent.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.SortedMap;

import com.connectorservice.agent.runtime.WorkerView;
import com.connectorservice.contracts.agent.AgentProtocol.Exit;

/** One connector's Connect worker process as the supervisor knows it. Guarded by the supervisor's lock. */
final class ChildWorker {

    final String connector;
    SortedMap<String, String> settings;
    ProcessHandle process;
    /** The process when this agent process started it (not when adopted): it alone knows the exit code. */
    Process started;
    int port;
    /** The address the worker advertises and other hosts reach it at. */
    String host;
    Instant startedAt;
    boolean exited;
    Exit lastExit;
    int restarts;
    int consecutiveCrashes;
    Instant nextStartAt = Instant.EPOCH;
    boolean restAnswered;

    ChildWorker(String connector) {
        this.connector = connector;
    }

    boolean isAlive() {
        return process != null && !exited && process.isAlive();
    }

    Integer exitCode() {
        return started != null && process != null && started.pid() == process.pid() && !started.isAlive()
                ? started.exitValue() : null;
    }

    String restUrl() {
        return WorkerAddress.restUrl(host, port);
    }

    /** Records a crash once, counting the restart it leads to, and schedules it with exponential back-off. */
    void recordExit(Integer exitCode, Instant at, Duration baseBackoff, Duration maxBackoff, Duration stableAfter) {
        if (exited) {
            return;
        }
        exited = true;
        restarts++;
        lastExit = new Exit(exitCode, at.toString());
        consecutiveCrashes = Duration.between(startedAt, at).compareTo(stableAfter) > 0 ? 1 : consecutiveCrashes + 1;
        // The first crash restarts at once (data is waiting); a worker that keeps crashing backs off exponentially.
        long delay = consecutiveCrashes == 1 ? 0
                : Math.min(maxBackoff.toMillis(), baseBackoff.toMillis() << Math.min(consecutiveCrashes - 2, 20));
        nextStartAt = at.plusMillis(delay);
    }

    WorkerView view() {
        return new WorkerView(connector, isAlive() ? process.pid() : null, isAlive(), restAnswered, restUrl(),
                restarts, lastExit, isAlive() ? null : nextStartAt);
    }
}
