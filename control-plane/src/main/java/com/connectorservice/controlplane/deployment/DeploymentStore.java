package com.connectorservice.controlplane.deployment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

import com.connectorservice.contracts.agent.AgentProtocol;
import com.connectorservice.contracts.agent.AgentProtocol.ConnectorReport;
import com.connectorservice.contracts.agent.TargetState;
import com.connectorservice.controlplane.connector.ConnectorRepository;
import com.connectorservice.controlplane.connector.ConnectorStatus;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Worker nodes, deployments, placements and reports (tables of V100); the connector table only through its
 * repository. Every write is a single idempotent statement, so the agent API and the scheduler can run on any control-plane replica at once.
 */
@Repository
class DeploymentStore {

    private static final String DEPLOYMENT_COLUMNS = "d.connector_id, c.instance_id, c.name, d.target_state, d.generation,"
            + " d.replicas, d.dlq_replication_factor, d.reason, d.restart_request_id, d.restart_include_tasks,"
            + " d.restart_only_failed, d.reset_request_id";
    private static final String DEPLOYMENT_FROM = " from connector_deployment d join connector c on c.id = d.connector_id";

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final ConnectorRepository connectors;

    DeploymentStore(JdbcTemplate jdbc, JsonMapper json, ConnectorRepository connectors) {
        this.jdbc = jdbc;
        this.json = json;
        this.connectors = connectors;
    }

    Optional<Long> connectorId(String instanceId, String name) {
        return jdbc.query("select id from connector where instance_id = ? and name = ?",
                (rs, i) -> rs.getLong(1), instanceId, name).stream().findFirst();
    }

    // ---- deployments

    Optional<Deployment> deployment(long connectorId) {
        return jdbc.query("select " + DEPLOYMENT_COLUMNS + DEPLOYMENT_FROM + " where d.connector_id = ?",
                DeploymentStore::deployment, connectorId).stream().findFirst();
    }

    List<Deployment> deployments() {
        return jdbc.query("select " + DEPLOYMENT_COLUMNS + DEPLOYMENT_FROM + " order by d.connector_id", DeploymentStore::deployment);
    }

    /** Creates the deployment or sets its target state again; either way a new generation. */
    void deploy(long connectorId, TargetState target, int replicas, int deadLetterReplicationFactor) {
        jdbc.update("insert into connector_deployment (connector_id, target_state, generation, replicas,"
                + " dlq_replication_factor, updated_at) values (?, ?, 1, ?, ?, now())"
                + " on conflict (connector_id) do update set target_state = excluded.target_state,"
                + " generation = connector_deployment.generation + 1, replicas = excluded.replicas,"
                + " dlq_replication_factor = excluded.dlq_replication_factor, updated_at = now()",
                connectorId, target.name(), replicas, deadLetterReplicationFactor);
    }

    boolean setTargetState(long connectorId, TargetState target) {
        return jdbc.update("update connector_deployment set target_state = ?, generation = generation + 1, updated_at = now()"
                + " where connector_id = ?", target.name(), connectorId) > 0;
    }

    /** A changed definition: agents must apply the new config (and the scheduler the new replica count). */
    void definitionChanged(long connectorId, int replicas) {
        jdbc.update("update connector_deployment set generation = generation + 1, replicas = ?, updated_at = now()"
                + " where connector_id = ?", replicas, connectorId);
    }

    void requestRestart(long connectorId, String requestId, boolean includeTasks, boolean onlyFailed) {
        jdbc.update("update connector_deployment set restart_request_id = ?, restart_include_tasks = ?,"
                + " restart_only_failed = ?, generation = generation + 1, updated_at = now() where connector_id = ?",
                requestId, includeTasks, onlyFailed, connectorId);
    }

    void requestReset(long connectorId, String requestId) {
        jdbc.update("update connector_deployment set reset_request_id = ?, generation = generation + 1, updated_at = now()"
                + " where connector_id = ?", requestId, connectorId);
    }

    void setReason(long connectorId, String reason) {
        jdbc.update("update connector_deployment set reason = ? where connector_id = ? and reason is distinct from ?",
                reason, connectorId, reason);
    }

    void undeploy(long connectorId) {
        jdbc.update("delete from connector_placement where connector_id = ?", connectorId);
        jdbc.update("delete from connector_report where connector_id = ?", connectorId);
        jdbc.update("delete from connector_deployment where connector_id = ?", connectorId);
    }

    /**
     * The list/GET status column, through the connector table's one writer ({@link ConnectorRepository#updateStatus});
     * not the definition's updated_at, which stays the time of the last edit.
     */
    void setStatus(long connectorId, String status) {
        connectors.updateStatus(connectorId, ConnectorStatus.valueOf(status));
    }

    // ---- nodes

    void register(String id, String host, int capacity, String version, Instant leaseExpiresAt) {
        jdbc.update("insert into worker_node (id, host, capacity, version, registered_at, last_heartbeat, lease_expires_at)"
                + " values (?, ?, ?, ?, now(), now(), ?) on conflict (id) do update set host = excluded.host,"
                + " capacity = excluded.capacity, version = excluded.version, last_heartbeat = now(),"
                + " lease_expires_at = excluded.lease_expires_at", id, host, capacity, version, Timestamp.from(leaseExpiresAt));
    }

    /** Renews the lease; false when the node is unknown (it must register again). */
    boolean renewLease(String id, Instant leaseExpiresAt) {
        return jdbc.update("update worker_node set last_heartbeat = now(), lease_expires_at = ? where id = ?",
                Timestamp.from(leaseExpiresAt), id) > 0;
    }

    /** The memory the agent reported with its heartbeat: the placement's measure of its room. */
    void recordMemory(String id, long budgetBytes, long usedBytes) {
        jdbc.update("update worker_node set memory_budget_bytes = ?, memory_used_bytes = ? where id = ?",
                budgetBytes, usedBytes, id);
    }

    List<WorkerNode> nodes() {
        return jdbc.query("select id, host, capacity, version, last_heartbeat, lease_expires_at, memory_budget_bytes,"
                + " memory_used_bytes from worker_node order by id",
                (rs, i) -> new WorkerNode(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                        rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(), rs.getObject(7, Long.class),
                        rs.getObject(8, Long.class)));
    }

    // ---- placements

    List<String> placements(long connectorId) {
        return jdbc.queryForList("select node_id from connector_placement where connector_id = ? order by node_id",
                String.class, connectorId);
    }

    List<Long> connectorsOn(String nodeId) {
        return jdbc.queryForList("select connector_id from connector_placement where node_id = ? order by connector_id",
                Long.class, nodeId);
    }

    /**
     * The version of a node's desired state: which connectors are placed on it and at which generation (every change
     * an agent must apply raises a deployment's generation). Equal versions mean the agent has nothing new to apply.
     */
    String desiredVersion(String nodeId) {
        String placed = jdbc.queryForObject("select coalesce(string_agg(p.connector_id || ':' || d.generation, ','"
                + " order by p.connector_id), '') from connector_placement p join connector_deployment d"
                + " on d.connector_id = p.connector_id where p.node_id = ?", String.class, nodeId);
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(placed.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(digest, 0, 12);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void place(long connectorId, String nodeId) {
        jdbc.update("insert into connector_placement (connector_id, node_id, placed_at) values (?, ?, now())"
                + " on conflict do nothing", connectorId, nodeId);
    }

    void unplace(long connectorId, String nodeId) {
        jdbc.update("delete from connector_placement where connector_id = ? and node_id = ?", connectorId, nodeId);
    }

    // ---- reports

    void saveReport(long connectorId, String nodeId, ConnectorReport report) {
        String logs = report.logs() == null ? null : json.writeValueAsString(report.logs());
        jdbc.update("insert into connector_report (connector_id, node_id, generation, state, trace, tasks, worker, conditions,"
                + " applied_restart, applied_reset, reported_at, logs, logs_at) values (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb,"
                + " ?::jsonb, ?, ?, now(), ?::jsonb, case when ?::jsonb is null then null else now() end)"
                + " on conflict (connector_id, node_id) do update set generation = excluded.generation,"
                + " state = excluded.state, trace = excluded.trace, tasks = excluded.tasks, worker = excluded.worker,"
                + " conditions = excluded.conditions, applied_restart = excluded.applied_restart,"
                + " applied_reset = excluded.applied_reset, reported_at = excluded.reported_at,"
                // absent: unchanged since the agent last sent it
                + " logs = coalesce(excluded.logs, connector_report.logs),"
                + " logs_at = coalesce(excluded.logs_at, connector_report.logs_at)",
                connectorId, nodeId, report.generation(),
                report.state() == null ? "DEPLOYING" : report.state(), report.trace(),
                json.writeValueAsString(report.tasks()),
                report.worker() == null ? null : json.writeValueAsString(report.worker()),
                json.writeValueAsString(report.conditions()),
                report.appliedRequests() == null ? null : report.appliedRequests().restart(),
                report.appliedRequests() == null ? null : report.appliedRequests().resetOffsets(),
                logs, logs);
    }

    /** The worker-log tails the agents sent of the connector, one per node that runs it, newest first. */
    List<ConnectorReports.NodeLog> logs(long connectorId) {
        return jdbc.query("select node_id, logs::text, logs_at from connector_report where connector_id = ?"
                + " and logs is not null order by logs_at desc", (rs, row) -> new ConnectorReports.NodeLog(
                rs.getString(1), rs.getTimestamp(3).toInstant(),
                json.readValue(rs.getString(2), new TypeReference<List<AgentProtocol.TaskLog>>() {
                })), connectorId);
    }

    List<AgentReport> reports(long connectorId) {
        return jdbc.query("select node_id, generation, state, trace, tasks::text, worker::text, conditions::text,"
                + " applied_restart, applied_reset, reported_at from connector_report where connector_id = ?"
                + " order by reported_at desc", this::report, connectorId);
    }

    private AgentReport report(ResultSet rs, int row) throws SQLException {
        String worker = rs.getString(6);
        return new AgentReport(rs.getString(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                json.readValue(rs.getString(5), new TypeReference<List<AgentProtocol.TaskReport>>() {
                }),
                worker == null ? null : json.readValue(worker, AgentProtocol.WorkerReport.class),
                json.readValue(rs.getString(7), new TypeReference<List<AgentProtocol.Condition>>() {
                }),
                rs.getString(8), rs.getString(9), rs.getTimestamp(10).toInstant());
    }

    private static Deployment deployment(ResultSet rs, int row) throws SQLException {
        return new Deployment(rs.getLong(1), rs.getString(2), rs.getString(3), TargetState.valueOf(rs.getString(4)),
                rs.getLong(5), rs.getInt(6), rs.getInt(7), rs.getString(8), rs.getString(9), rs.getBoolean(10),
                rs.getBoolean(11), rs.getString(12));
    }
}
