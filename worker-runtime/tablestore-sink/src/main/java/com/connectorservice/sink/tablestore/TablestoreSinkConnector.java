package com.connectorservice.sink.tablestore;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * Exports Kafka topics into Tablestore wide column or time series tables (the managed product's
 * "Tablestore sink connector"). Every setting is in {@link TablestoreSinkConfig}.
 */
public final class TablestoreSinkConnector extends SinkConnector {

    static final String VERSION = versionOfJar();

    private Map<String, String> props;

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        new TablestoreSinkConfig(props); // fail fast, with the key and the rule, before tasks start
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return TablestoreSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
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
        return TablestoreSinkConfig.CONFIG_DEF;
    }

    /** Adds the rules that tie several keys together to the per-key checks, each on the key it concerns. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        boolean keysValid = config.configValues().stream().allMatch(value -> value.errorMessages().isEmpty());
        if (keysValid) {
            TablestoreSinkConfig.problemsByKey(connectorConfigs).forEach((key, message) -> config.configValues().stream()
                    .filter(value -> value.name().equals(key)).findFirst()
                    .orElseGet(() -> {
                        ConfigValue added = new ConfigValue(key);
                        config.configValues().add(added);
                        return added;
                    })
                    .addErrorMessage(message));
        }
        return config;
    }

    private static String versionOfJar() {
        String version = TablestoreSinkConnector.class.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-SNAPSHOT" : version;
    }
}
