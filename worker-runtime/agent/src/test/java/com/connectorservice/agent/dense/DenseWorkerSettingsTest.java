package com.connectorservice.agent.dense;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import com.connectorservice.agent.worker.WorkerSettings;
import com.connectorservice.contracts.agent.AgentProtocol.WorkerSpec;

class DenseWorkerSettingsTest {

    private static SortedMap<String, String> settings(Map<String, String> clientProperties) {
        return WorkerSettings.of("orders", new WorkerSpec("broker:9092", clientProperties, null, null, null, null),
                Path.of("/plugins"), Path.of("/secrets"));
    }

    @Test
    void aHerderKeepsTheProcessWorkersSettingsWithItsFetchAndProducerBuffersBounded() {
        SortedMap<String, String> process = settings(Map.of());
        SortedMap<String, String> dense = DenseConnectorRuntime.withMemoryBounds(process);

        SortedMap<String, String> sameAsProcess = new TreeMap<>(dense);
        sameAsProcess.keySet().removeIf(key -> !process.containsKey(key));
        assertThat(sameAsProcess).as("group, topics, clients as a process worker's").isEqualTo(process);
        assertThat(dense).containsEntry("group.id", "connect-cluster-orders")
                .containsEntry("consumer.fetch.max.bytes", String.valueOf(8 << 20))
                .containsEntry("consumer.max.partition.fetch.bytes", String.valueOf(1 << 20))
                .containsEntry("producer.buffer.memory", String.valueOf(4 << 20));
    }

    @Test
    void sizesTheConnectorsOwnClientPropertiesSetAreKeptAndTheFetchBoundFollowsThem() {
        SortedMap<String, String> dense = DenseConnectorRuntime.withMemoryBounds(
                settings(Map.of("max.partition.fetch.bytes", String.valueOf(16 << 20))));

        assertThat(dense).containsEntry("consumer.max.partition.fetch.bytes", String.valueOf(16 << 20))
                .containsEntry("consumer.fetch.max.bytes", String.valueOf(16 << 20));
    }

    @Test
    void oneJvmPerKafkaInstance() {
        assertThat(DenseConnectorRuntime.tenantKey("a:9092")).isEqualTo(DenseConnectorRuntime.tenantKey("a:9092"))
                .isNotEqualTo(DenseConnectorRuntime.tenantKey("b:9092")).matches("tenant-[0-9a-f]{12}");
    }
}
