package com.connectorservice.controlplane.provisioning;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The record of which topics and consumer groups the service created on each Kafka cluster and which connector each
 * belongs to (table {@code kafka_resource}, V102). Deleting a connector with its resources deletes exactly these, so a
 * user's own topic or group is never touched. A resource whose connector was deleted without its resources stays
 * recorded ("kept") until a connector that uses it again takes it over.
 */
@Repository
public class ProvisionedResources {

    /** Namespace of the advisory locks that serialise changes to one cluster's connectors (ASCII "kres"). */
    private static final int LOCK_NAMESPACE = 0x6b726573;

    private final JdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate named;

    ProvisionedResources(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.named = new NamedParameterJdbcTemplate(jdbc);
    }

    /**
     * Holds, until the current transaction ends, the lock under which connectors of one cluster are created, changed
     * and deleted: a create that fails can then take back exactly what it made, with nobody having built on it.
     */
    public void lockCluster(String clusterId) {
        jdbc.queryForList("select pg_advisory_xact_lock(?, hashtext(?))", LOCK_NAMESPACE, clusterId);
    }

    /** Rows recorded for an instance before its cluster's id was known now count for that cluster. */
    public void assignCluster(String instanceId, String clusterId) {
        jdbc.update("update kafka_resource r set cluster_id = ? where r.instance_id = ? and r.cluster_id is null"
                + " and not exists (select 1 from kafka_resource o where o.cluster_id = ? and o.kind = r.kind and o.name = r.name)",
                clusterId, instanceId, clusterId);
    }

    /** Records what one provisioning run created as belonging to {@code connectorId}. */
    public void recordCreated(String instanceId, String clusterId, long connectorId, ProvisioningResult provisioned) {
        List<CreatedResource> created = new ArrayList<>();
        provisioned.createdTopics().forEach(topic -> created.add(CreatedResource.topic(topic)));
        if (provisioned.createdGroup() != null) {
            created.add(CreatedResource.group(provisioned.createdGroup()));
        }
        for (CreatedResource resource : created) {
            // a row may be left from a topic someone deleted outside the service: it is this connector's now
            jdbc.update("insert into kafka_resource (instance_id, cluster_id, kind, name, connector_id, created_at)"
                    + " values (?, ?, ?, ?, ?, now()) on conflict (cluster_id, kind, name) do update set"
                    + " instance_id = excluded.instance_id, connector_id = excluded.connector_id, created_at = now()",
                    instanceId, clusterId, resource.type().name(), resource.name(), connectorId);
        }
    }

    /** Takes over, for a connector that uses them, created resources whose own connector is gone (kept ones). */
    public void adoptKept(String clusterId, long connectorId, Collection<CreatedResource> used) {
        for (CreatedResource resource : used) {
            jdbc.update("update kafka_resource set connector_id = ? where cluster_id = ? and kind = ? and name = ?"
                    + " and connector_id is null", connectorId, clusterId, resource.type().name(), resource.name());
        }
    }

    /** Hands a created resource still used by another connector over to it. */
    public void handOver(String clusterId, CreatedResource resource, long toConnectorId) {
        jdbc.update("update kafka_resource set connector_id = ? where cluster_id = ? and kind = ? and name = ?",
                toConnectorId, clusterId, resource.type().name(), resource.name());
    }

    /** Forgets resources that were deleted from the cluster. */
    public void forget(String clusterId, Collection<CreatedResource> deleted) {
        for (CreatedResource resource : deleted) {
            jdbc.update("delete from kafka_resource where cluster_id = ? and kind = ? and name = ?", clusterId,
                    resource.type().name(), resource.name());
        }
    }

    public List<CreatedResource> belongingTo(long connectorId) {
        return belongingTo(List.of(connectorId)).getOrDefault(connectorId, List.of());
    }

    /** The created resources of each connector, topics first, by name. */
    public Map<Long, List<CreatedResource>> belongingTo(Collection<Long> connectorIds) {
        Map<Long, List<CreatedResource>> byConnector = new HashMap<>();
        if (connectorIds.isEmpty()) {
            return byConnector;
        }
        named.query("select connector_id, kind, name from kafka_resource where connector_id in (:ids)"
                + " order by kind desc, name", new MapSqlParameterSource("ids", connectorIds), row -> {
                    byConnector.computeIfAbsent(row.getLong(1), id -> new ArrayList<>())
                            .add(new CreatedResource(CreatedResource.Type.valueOf(row.getString(2)), row.getString(3)));
                });
        return byConnector;
    }
}
