package com.connectorservice.sink.common;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.sink.SinkConnector;

import com.connectorservice.contracts.sink.ConfigProblem;

/**
 * The part every sink connector of ours shares, as Kafka's FileStreamSinkConnector does it: the connector only checks
 * its config and hands each task a copy; the tasks do the work. Its spec is the one source of truth: {@link #config()}
 * is the spec's ConfigDef and {@link #validate} adds the spec's rules between keys, attached by
 * {@link ConfigProblem#attach} (the one rule both sinks and the control plane follow).
 */
public abstract class SpecSinkConnector extends SinkConnector {

    private final ConfigDef configDef;
    private final Function<Map<String, String>, List<ConfigProblem>> problems;
    private final Consumer<Map<String, String>> parse;
    private Map<String, String> props;

    /**
     * @param configDef the spec's ConfigDef
     * @param problems  every problem of a config (the spec's {@code problems})
     * @param parse     parses a config as a task would, throwing a ConfigException that names the key at fault
     */
    protected SpecSinkConnector(ConfigDef configDef, Function<Map<String, String>, List<ConfigProblem>> problems,
                                Consumer<Map<String, String>> parse) {
        this.configDef = configDef;
        this.problems = problems;
        this.parse = parse;
    }

    @Override
    public String version() {
        return versionOf(getClass());
    }

    /** The version in the plugin jar's manifest (tasks report the same). */
    public static String versionOf(Class<?> type) {
        String version = type.getPackage() == null ? null : type.getPackage().getImplementationVersion();
        return version == null ? "0.1.0-SNAPSHOT" : version;
    }

    /** Fails fast, with the key and the rule, before any task starts. */
    @Override
    public void start(Map<String, String> props) {
        parse.accept(props);
        this.props = Map.copyOf(props);
    }

    /** Every task reads the same config; Connect gives each its share of the topic partitions. */
    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        return new ArrayList<>(Collections.nCopies(maxTasks, props));
    }

    @Override
    public void stop() {
    }

    @Override
    public ConfigDef config() {
        return configDef;
    }

    /** Connect's per-key checks plus the spec's rules between keys, each on the key it concerns. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        List<ConfigValue> values = new ArrayList<>(config.configValues());
        ConfigProblem.attach(problems.apply(connectorConfigs), values);
        return new Config(values);
    }
}
