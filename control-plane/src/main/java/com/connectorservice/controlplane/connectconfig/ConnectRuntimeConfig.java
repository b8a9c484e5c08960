package com.connectorservice.controlplane.connectconfig;

import java.util.List;
import java.util.Map;

/**
 * What a worker agent needs to run one connector: its Connect worker settings, the Connect connector config
 * (secrets only as {@code ${secret:key}} references) and the values of those references. {@code problems} lists what
 * the sink's own checks (its ConfigDef and rules between keys) find wrong with the config; empty for any definition the
 * validator accepted.
 */
public record ConnectRuntimeConfig(WorkerSettings worker, Map<String, String> connectorConfig, Map<String, String> secrets,
        List<ConfigProblemAt> problems) {

    /** The connector's own Connect worker group: bootstrap, client settings and its three internal topics. */
    public record WorkerSettings(String bootstrapServers, Map<String, String> clientProperties, String groupId,
            String configTopic, String offsetTopic, String statusTopic) {
    }

    @Override
    public String toString() {
        // secrets and client settings may hold passwords: keep them out of any log line
        return "ConnectRuntimeConfig[" + worker.groupId() + ", keys=" + connectorConfig.keySet() + "]";
    }
}
