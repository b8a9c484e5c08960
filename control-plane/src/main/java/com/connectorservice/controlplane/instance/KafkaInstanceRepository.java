package com.connectorservice.controlplane.instance;

import org.springframework.data.jpa.repository.JpaRepository;

interface KafkaInstanceRepository extends JpaRepository<KafkaInstance, String> {
}
