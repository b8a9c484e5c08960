package com.connectorservice.agent.worker;

import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import com.connectorservice.agent.controlplane.AgentProtocol.WorkerSpec;

/**
 * The {@code worker.properties} of a connector's own Connect worker, apart from the REST port the supervisor
 * picks at launch. Two equal settings maps mean the running worker needs no restart.
 */
public final class WorkerSettings {

    private static final String BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";
    private static final String[] CLIENT_PREFIXES = {"", "producer.", "consumer.", "admin."};

    private WorkerSettings() {
    }

    /**
     * @param spec          the worker group of the connector, its client properties' secret references already
     *                      rewritten to FileConfigProvider references
     * @param secretsDir    the only directory the worker's FileConfigProvider may read
     */
    public static SortedMap<String, String> of(String connector, WorkerSpec spec, Path pluginPath, Path secretsDir) {
        SortedMap<String, String> settings = new TreeMap<>();
        for (String prefix : CLIENT_PREFIXES) {
            settings.put(prefix + "bootstrap.servers", spec.bootstrapServers());
            spec.clientProperties().forEach((key, value) -> settings.put(prefix + key, value));
        }
        settings.put("group.id", orDefault(spec.groupId(), "connect-cluster-" + connector));
        settings.put("config.storage.topic", orDefault(spec.configTopic(), "connect-config-" + connector));
        settings.put("offset.storage.topic", orDefault(spec.offsetTopic(), "connect-offset-" + connector));
        settings.put("status.storage.topic", orDefault(spec.statusTopic(), "connect-status-" + connector));
        for (String store : new String[] {"config", "offset", "status"}) {
            settings.put(store + ".storage.replication.factor", "-1");
        }
        settings.put("rest.advertised.host.name", "127.0.0.1");
        settings.put("plugin.path", pluginPath.toString());
        // Our plugins and Kafka's own ship ServiceLoader manifests; scanning every jar would cost seconds per start.
        settings.put("plugin.discovery", "service_load");
        settings.put("key.converter", BYTE_ARRAY_CONVERTER);
        settings.put("value.converter", BYTE_ARRAY_CONVERTER);
        settings.put("config.providers", "file");
        settings.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        settings.put("config.providers.file.param.allowed.paths", secretsDir.toString());
        settings.put("connector.client.config.override.policy", "All");
        // Sink offsets are committed this often; a crash replays at most this much, so keep it short.
        settings.put("offset.flush.interval.ms", "5000");
        // A killed worker's group membership, and its sink consumer's partitions, move on after these timeouts
        // (the consumer default of 45 s would hold a crashed task's partitions that long).
        settings.put("session.timeout.ms", "6000");
        settings.put("heartbeat.interval.ms", "2000");
        settings.put("consumer.session.timeout.ms", "10000");
        settings.put("consumer.heartbeat.interval.ms", "3000");
        // A worker that left (host lost) gets its tasks reassigned after this delay instead of Connect's 5 minutes.
        settings.put("scheduled.rebalance.max.delay.ms", "20000");
        return settings;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    static Map<String, String> withListener(Map<String, String> settings, int port) {
        SortedMap<String, String> all = new TreeMap<>(settings);
        all.put("listeners", "http://127.0.0.1:" + port);
        all.put("rest.advertised.port", Integer.toString(port));
        return all;
    }

    static SortedMap<String, String> withoutListener(Map<String, String> all) {
        SortedMap<String, String> settings = new TreeMap<>(all);
        settings.remove("listeners");
        settings.remove("rest.advertised.port");
        return settings;
    }
}
