package com.connectorservice.controlplane.connector;

import java.util.Optional;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;

public interface ConnectorRepository extends JpaRepository<ConnectorEntity, Long>, JpaSpecificationExecutor<ConnectorEntity> {

    Optional<ConnectorEntity> findByInstanceIdAndName(String instanceId, String name);

    boolean existsByInstanceIdAndName(String instanceId, String name);

    long countByInstanceId(String instanceId);
}
