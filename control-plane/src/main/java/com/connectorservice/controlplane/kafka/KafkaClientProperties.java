package com.connectorservice.controlplane.kafka;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** How long one Kafka admin or produce call may take before the API answers with an error. */
@ConfigurationProperties("connectors.kafka")
public record KafkaClientProperties(@DefaultValue("15s") Duration apiTimeout) {
}
