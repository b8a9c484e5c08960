package com.connectorservice.sink.maxcompute;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Exports Kafka topics into a partitioned MaxCompute table. Accepts the keys of the self-hosted
 * connector's {@code odps-sink-connector.json} (seed 001) as written; see {@link MaxComputeSinkConfig}.
 */
public class MaxComputeSinkConnector extends SinkConnector {

    static final String VERSION = versionOf(MaxComputeSinkConnector.class);

    private Map<String, String> props;

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        new MaxComputeSinkConfig(props); // fail fast with the key at fault
        this.props = Collections.unmodifiableMap(new HashMap<>(props));
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MaxComputeSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>(maxTasks);
        for (int i = 0; i < maxTasks; i++) {
            configs.add(props);
        }
        return configs;
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return MaxComputeSinkConfig.CONFIG_DEF;
    }

    /** Adds the rules between keys (e.g. DEFAULT mode needs TEXT or BINARY) to the per-key checks. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        Map<String, ConfigValue> byName = config.configValues().stream()
                .collect(Collectors.toMap(ConfigValue::name, Function.identity()));
        for (ConfigValue error : MaxComputeSinkConfig.crossFieldErrors(connectorConfigs)) {
            ConfigValue target = byName.get(error.name());
            if (target != null && target.errorMessages().isEmpty()) {
                error.errorMessages().forEach(target::addErrorMessage);
            }
        }
        return config;
    }

    private static String versionOf(Class<?> type) {
        String version = type.getPackage() == null ? null : type.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-SNAPSHOT" : version;
    }
}
