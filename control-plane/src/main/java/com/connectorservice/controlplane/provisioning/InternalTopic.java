package com.connectorservice.controlplane.provisioning;

import java.util.function.Function;

import org.apache.kafka.common.config.TopicConfig;

import com.connectorservice.controlplane.connector.SourceSettings;

/**
 * The five topics a connector's Connect worker group needs, with the partition count and cleanup policy
 * AUTO creates them with and the rules an existing topic must meet.
 */
public enum InternalTopic {
    OFFSET("offsetTopic", SourceSettings::offsetTopic, 12, TopicConfig.CLEANUP_POLICY_COMPACT),
    CONFIG("configTopic", SourceSettings::configTopic, 1, TopicConfig.CLEANUP_POLICY_COMPACT),
    STATUS("statusTopic", SourceSettings::statusTopic, 6, TopicConfig.CLEANUP_POLICY_COMPACT),
    DEAD_LETTER("deadLetterTopic", SourceSettings::deadLetterTopic, 6, TopicConfig.CLEANUP_POLICY_DELETE),
    ERROR("errorTopic", SourceSettings::errorTopic, 6, TopicConfig.CLEANUP_POLICY_DELETE);

    private final String field;
    private final Function<SourceSettings, String> name;
    private final int partitions;
    private final String cleanupPolicy;

    InternalTopic(String field, Function<SourceSettings, String> name, int partitions, String cleanupPolicy) {
        this.field = field;
        this.name = name;
        this.partitions = partitions;
        this.cleanupPolicy = cleanupPolicy;
    }

    /** The JSON path of this topic's name in a definition, e.g. {@code source.offsetTopic}. */
    public String field() {
        return "source." + field;
    }

    public String nameIn(SourceSettings source) {
        return name.apply(source);
    }

    public int partitions() {
        return partitions;
    }

    public String cleanupPolicy() {
        return cleanupPolicy;
    }

    public boolean compacted() {
        return TopicConfig.CLEANUP_POLICY_COMPACT.equals(cleanupPolicy);
    }
}
