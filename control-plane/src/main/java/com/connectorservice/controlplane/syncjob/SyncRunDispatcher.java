package com.connectorservice.controlplane.syncjob;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;


/**
 * Places waiting runs on worker agents, as connectors are placed: live nodes only, least busy first, at most the
 * node's capacity in open runs. A run whose node stops heartbeating (its lease expires) has failed that attempt.
 * A failed attempt is retried after the job's rerun interval while attempts remain (seed 002: 3 reruns, 2 minutes
 * apart), else the run is FAILED. Every control plane runs this; a transaction-scoped advisory lock lets one at a time.
 */
@Component
class SyncRunDispatcher {

    private static final Logger log = LoggerFactory.getLogger(SyncRunDispatcher.class);
    /** Arbitrary constant naming the dispatch lock (ASCII "syncruns"). */
    private static final long LOCK_KEY = 0x73796e6372756e73L;

    private final SyncJobStore store;
    private final SyncJobDocuments documents;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;

    SyncRunDispatcher(SyncJobStore store, SyncJobDocuments documents, JdbcTemplate jdbc, TransactionTemplate transaction) {
        this.store = store;
        this.documents = documents;
        this.jdbc = jdbc;
        this.transaction = transaction;
    }

    @Scheduled(fixedDelayString = "${connectors.sync-jobs.dispatch-interval:1s}", initialDelayString = "2s")
    void scheduled() {
        try {
            dispatchOnce();
        } catch (RuntimeException e) {
            log.warn("Sync run dispatch failed; retrying at the next interval: {}", e.toString());
        }
    }

    void dispatchOnce() {
        transaction.executeWithoutResult(status -> {
            Boolean locked = jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, LOCK_KEY);
            if (!Boolean.TRUE.equals(locked)) {
                return;
            }
            Map<String, Integer> capacity = liveNodes();
            Map<String, Integer> busy = new HashMap<>();
            capacity.keySet().forEach(node -> busy.put(node, 0));
            List<SyncJobStore.Run> open = store.openRuns();
            List<SyncJobStore.Run> waiting = new ArrayList<>();
            Instant now = Instant.now();
            for (SyncJobStore.Run run : open) {
                if (run.nodeId() == null) {
                    waiting.add(run);
                } else if (!capacity.containsKey(run.nodeId())) {
                    failAttempt(run, "worker node " + run.nodeId() + " stopped reporting (its lease expired) during attempt "
                            + run.attempt());
                } else {
                    busy.merge(run.nodeId(), 1, Integer::sum);
                }
            }
            for (SyncJobStore.Run run : waiting) {
                if (run.notBefore().isAfter(now)) {
                    continue;
                }
                String node = busy.entrySet().stream().filter(e -> e.getValue() < capacity.get(e.getKey()))
                        .min(Comparator.<Map.Entry<String, Integer>>comparingDouble(
                                e -> (double) e.getValue() / capacity.get(e.getKey())).thenComparing(Map.Entry::getKey))
                        .map(Map.Entry::getKey).orElse(null);
                if (node == null) {
                    return; // no free node: runs wait, oldest first
                }
                if (store.assign(run.id(), run.attempt(), node)) {
                    busy.merge(node, 1, Integer::sum);
                    log.info("Sync run {} ({} {}) attempt {} placed on {}", run.id(), run.jobName(), run.partitionSpec(),
                            run.attempt(), node);
                }
            }
        });
    }

    /** An attempt ended in failure: retry after the job's interval while attempts remain. */
    void failAttempt(SyncJobStore.Run run, String error) {
        int interval = store.job(run.jobId()).map(documents::plain).map(d -> d.rerun().intervalSeconds()).orElse(120);
        Instant retryAt = run.attempt() < run.maxAttempts() ? Instant.now().plusSeconds(interval) : null;
        List<SyncRunView.Attempt> attempts = new ArrayList<>(run.attempts());
        attempts.add(new SyncRunView.Attempt(run.attempt(), run.nodeId(), SyncRunState.FAILED, error, run.recordsRead(),
                run.recordsWritten(), run.startedAt(), Instant.now()));
        if (store.attemptFailed(run.id(), run.attempt(), error, attempts, retryAt)) {
            log.warn("Sync run {} ({} {}) attempt {} of {} failed: {}{}", run.id(), run.jobName(), run.partitionSpec(),
                    run.attempt(), run.maxAttempts(), error, retryAt == null ? "; no attempts left" : "; retrying at " + retryAt);
        }
    }

    /** Live worker nodes and their capacity (the deployment feature's table, read only). */
    private Map<String, Integer> liveNodes() {
        Map<String, Integer> nodes = new LinkedHashMap<>();
        jdbc.query("select id, capacity from worker_node where lease_expires_at > now() order by id",
                rs -> {
                    nodes.put(rs.getString(1), rs.getInt(2));
                });
        return nodes;
    }

}
