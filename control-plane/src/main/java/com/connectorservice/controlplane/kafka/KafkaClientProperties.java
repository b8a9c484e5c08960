package com.connectorservice.controlplane.kafka;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code apiTimeout}: how long one Kafka admin or produce call may take before the API answers with an error;
 * {@code probeTimeout}: how long registering an instance waits for its cluster to answer.
 */
@ConfigurationProperties("connectors.kafka")
public record KafkaClientProperties(@DefaultValue("15s") Duration apiTimeout, @DefaultValue("10s") Duration probeTimeout) {
}
