package com.connectorservice.agent.worker;

import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import com.connectorservice.contracts.agent.AgentProtocol.WorkerSpec;
import com.connectorservice.contracts.connector.ConnectorNames.Resource;
import com.connectorservice.worker.metrics.TaskMetricsEndpoint;

/**
 * The Connect worker settings of a connector's own worker, whatever the runtime hosting it: its group, its internal
 * topics, its client settings. The REST listener and the advertised address are the runtime's (the process runtime
 * adds them at launch). Two equal settings maps mean the running worker needs no restart.
 */
public final class WorkerSettings {

    private static final String BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";
    private static final String[] CLIENT_PREFIXES = {"", "producer.", "consumer.", "admin."};
    private static final String LISTENERS = "listeners";
    private static final String ADVERTISED_HOST = "rest.advertised.host.name";
    private static final String ADVERTISED_PORT = "rest.advertised.port";
    private static final String REST_EXTENSIONS = "rest.extension.classes";

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
        settings.put("group.id", orDefault(spec.groupId(), Resource.WORKER_GROUP.defaultName(connector)));
        settings.put("config.storage.topic", orDefault(spec.configTopic(), Resource.CONFIG_TOPIC.defaultName(connector)));
        settings.put("offset.storage.topic", orDefault(spec.offsetTopic(), Resource.OFFSET_TOPIC.defaultName(connector)));
        settings.put("status.storage.topic", orDefault(spec.statusTopic(), Resource.STATUS_TOPIC.defaultName(connector)));
        for (String store : new String[] {"config", "offset", "status"}) {
            settings.put(store + ".storage.replication.factor", "-1");
        }
        settings.put("plugin.path", pluginPath.toString());
        // Our plugins and Kafka's own ship ServiceLoader manifests; scanning every jar would cost seconds per start.
        settings.put("plugin.discovery", "service_load");
        settings.put("key.converter", BYTE_ARRAY_CONVERTER);
        settings.put("value.converter", BYTE_ARRAY_CONVERTER);
        settings.put("config.providers", "file");
        settings.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
        settings.put("config.providers.file.param.allowed.paths", secretsDir.toString());
        settings.put("connector.client.config.override.policy", "All");
        // Connect records every sink record's topic as active, a status-store lookup per record (about 4% of a sink
        // worker's CPU in a profile), for GET /connectors/{name}/topics: nothing reads it, the definition names them.
        settings.put("topic.tracking.enable", "false");
        // Sink offsets are committed this often; a crash replays at most this much, so keep it short.
        settings.put("offset.flush.interval.ms", "5000");
        // A killed worker's group membership, and its sink consumer's partitions, move on after these timeouts
        // (the consumer default of 45 s would hold a crashed task's partitions that long).
        settings.put("session.timeout.ms", "6000");
        settings.put("heartbeat.interval.ms", "2000");
        settings.put("consumer.session.timeout.ms", "10000");
        // A sink task's consumer learns that another task joined its group from its next heartbeat: at 3 s, a task
        // that joined a moment after the first one (a connector starting, a task restarted) waited that long with
        // nothing assigned, while the first one consumed every partition it would then give back.
        settings.put("consumer.heartbeat.interval.ms", "500");
        // A worker that left (host lost) gets its tasks reassigned after this delay instead of Connect's 5 minutes.
        settings.put("scheduled.rebalance.max.delay.ms", "20000");
        return settings;
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    /**
     * The settings a worker process starts with: its REST listener on this host, the address it advertises and the
     * REST extension that answers its task metrics.
     */
    static Map<String, String> withListener(Map<String, String> settings, WorkerAddress address, int port) {
        SortedMap<String, String> all = new TreeMap<>(settings);
        all.put(LISTENERS, address.listenerUrl(port));
        all.put(ADVERTISED_HOST, address.advertisedHost());
        all.put(ADVERTISED_PORT, Integer.toString(port));
        // Answers the connector's task metrics on the worker's REST API, for the agent's reports (worker-metrics).
        all.put(REST_EXTENSIONS, TaskMetricsEndpoint.EXTENSION_CLASS);
        return all;
    }

    static SortedMap<String, String> withoutListener(Map<String, String> all) {
        SortedMap<String, String> settings = new TreeMap<>(all);
        settings.remove(LISTENERS);
        settings.remove(ADVERTISED_HOST);
        settings.remove(ADVERTISED_PORT);
        // a worker adopted from an agent without the extension keeps running; it reports no task metrics until restarted
        settings.remove(REST_EXTENSIONS);
        return settings;
    }
}
