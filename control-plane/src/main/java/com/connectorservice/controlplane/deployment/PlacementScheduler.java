package com.connectorservice.controlplane.deployment;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Places deployed connectors and refreshes their status. Runs on every control-plane replica, but each pass
 * takes a transaction-scoped PostgreSQL advisory lock first, so only one replica places at a time. A node counts
 * as lost only after it had a whole lease to reach this control plane: leases that ran out while the control plane
 * was down (a crash, an upgrade) say nothing about the nodes, whose connectors kept running meanwhile.
 * <p>
 * That lease is counted from when this control plane answers (the application is ready), not from when this bean was
 * made: on a busy host the rest of the start-up (JPA, the web layer) took longer than a lease, so the grace was over
 * before any agent could reach it and connectors were moved off nodes that had never stopped running them.
 */
@Component
class PlacementScheduler {

    private static final Logger log = LoggerFactory.getLogger(PlacementScheduler.class);
    /** Arbitrary constant naming the placement lock (ASCII "placemnt"). */
    private static final long LOCK_KEY = 0x706c6163656d6e74L;

    private final DeploymentStore store;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final DeploymentProperties properties;
    /** When this control plane began answering agents; until then nothing is lost (nobody could reach it). */
    private volatile Instant answeringSince;

    PlacementScheduler(DeploymentStore store, JdbcTemplate jdbc, TransactionTemplate transaction,
            DeploymentProperties properties) {
        this.store = store;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.properties = properties;
    }

    @Scheduled(fixedDelayString = "${connectors.deployment.placement-interval:2s}", initialDelayString = "1s")
    void scheduled() {
        try {
            if (!tryRunOnce()) {
                log.debug("Another placement pass holds the lock; this one is skipped");
            }
        } catch (RuntimeException e) {
            log.warn("Placement pass failed; retrying at the next interval: {}", e.toString());
        }
    }

    @EventListener(ApplicationReadyEvent.class)
    void answering() {
        answeringSince = Instant.now();
    }

    /** Until this instant a node whose lease ran out keeps its placements: a lease after this control plane answers. */
    Instant keepUntil() {
        Instant since = answeringSince;
        return since == null ? Instant.MAX : since.plus(properties.lease());
    }

    /**
     * One pass, after any pass running elsewhere: what a deploy calls, so that its answer names the nodes it was placed
     * on (skipped while the timer's pass held the lock, a deploy answered with no node, and a test failed on it).
     */
    void runOnce() {
        transaction.executeWithoutResult(status -> {
            jdbc.queryForObject("select pg_advisory_xact_lock(?)::text", String.class, LOCK_KEY);
            pass();
        });
    }

    /** One pass unless another holds the lock (the timer's: another replica's pass does the same work). */
    boolean tryRunOnce() {
        return Boolean.TRUE.equals(transaction.execute(status -> {
            Boolean locked = jdbc.queryForObject("select pg_try_advisory_xact_lock(?)", Boolean.class, LOCK_KEY);
            if (Boolean.TRUE.equals(locked)) {
                pass();
            }
            return locked;
        }));
    }

    /** One idempotent pass, under the lock: place, move off lost nodes, record reasons and statuses. */
    private void pass() {
        List<Deployment> deployments = store.deployments();
        Map<Long, List<String>> current = new LinkedHashMap<>();
        deployments.forEach(d -> current.put(d.connectorId(), store.placements(d.connectorId())));
        PlacementPlanner.Plan plan = PlacementPlanner.plan(deployments, current, store.nodes(), Instant.now(),
                keepUntil(), properties.connectorMemory().toBytes());
        plan.remove().forEach((connector, nodes) -> nodes.forEach(node -> {
            log.info("Connector {}: removing placement on node {}", connector, node);
            store.unplace(connector, node);
        }));
        plan.add().forEach((connector, nodes) -> nodes.forEach(node -> {
            log.info("Connector {}: placing on node {}", connector, node);
            store.place(connector, node);
        }));
        plan.reasons().forEach(store::setReason);
        for (Deployment deployment : deployments) {
            refreshStatus(deployment.connectorId());
        }
    }

    /** The status column of the connector list (refreshed at every pass, so a node falling late shows in it). */
    void refreshStatus(long connectorId) {
        store.setStatus(connectorId, aggregate(connectorId).state().name());
    }

    /** The connector's state from the current reports of the nodes it is placed on. */
    StatusAggregation.Aggregate aggregate(long connectorId) {
        List<String> placed = store.placements(connectorId);
        List<AgentReport> reports = store.reports(connectorId).stream().filter(r -> placed.contains(r.nodeId())).toList();
        return StatusAggregation.aggregate(reports,
                StatusAggregation.lateNodes(store.nodes(), Instant.now(), properties.heartbeatInterval()));
    }
}
