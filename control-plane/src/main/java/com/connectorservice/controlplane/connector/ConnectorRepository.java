package com.connectorservice.controlplane.connector;

import java.util.List;
import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one writer of the {@code connector} table. Saving an entity writes the definition's columns and never the
 * status ({@link ConnectorEntity} maps it read-only after insert); the status is written only by the statements here,
 * so a status report and a concurrent definition edit each keep what the other wrote.
 */
public interface ConnectorRepository extends JpaRepository<ConnectorEntity, Long>, JpaSpecificationExecutor<ConnectorEntity> {

    Optional<ConnectorEntity> findByInstanceIdAndName(String instanceId, String name);

    boolean existsByInstanceIdAndName(String instanceId, String name);

    long countByInstanceId(String instanceId);

    List<ConnectorEntity> findByStatus(ConnectorStatus status);

    /** The state the agents report; a connector being deleted stays DELETING until its row is gone. */
    @Transactional
    @Modifying
    @Query("update ConnectorEntity c set c.status = :status where c.id = :id and c.status <> :status"
            + " and c.status <> com.connectorservice.controlplane.connector.ConnectorStatus.DELETING")
    int updateStatus(@Param("id") long id, @Param("status") ConnectorStatus status);

    /** Marks a DELETE accepted, with what it deletes; answers 0 when the connector was already DELETING. */
    @Transactional
    @Modifying
    @Query("update ConnectorEntity c set c.status = com.connectorservice.controlplane.connector.ConnectorStatus.DELETING,"
            + " c.deleteResources = :deleteResources where c.id = :id"
            + " and c.status <> com.connectorservice.controlplane.connector.ConnectorStatus.DELETING")
    int markDeleting(@Param("id") long id, @Param("deleteResources") boolean deleteResources);
}
