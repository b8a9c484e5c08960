package com.connectorservice.controlplane.kafka;

import java.util.Map;

/** How to reach one Kafka instance: bootstrap servers plus client settings, secrets already decrypted. */
public record KafkaConnection(String instanceId, String bootstrapServers, Map<String, String> clientProperties) {

    @Override
    public String toString() {
        // client properties may hold SASL passwords: never let them reach a log line
        return "KafkaConnection[" + instanceId + " @ " + bootstrapServers + "]";
    }
}
