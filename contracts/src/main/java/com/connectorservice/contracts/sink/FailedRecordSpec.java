package com.connectorservice.contracts.sink;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The keys that say where a record that cannot be written goes, shared by both sinks. Names and meaning follow the
 * self-hosted MaxCompute connector (seed 001), so its users' JSON works as written.
 */
public final class FailedRecordSpec {

    public static final String SKIP_ERROR = "skip_error";
    public static final boolean SKIP_ERROR_DEFAULT = false;
    public static final String ERROR_TOPIC = "runtime.error.topic.name";
    public static final String ERROR_TOPIC_BOOTSTRAP = "runtime.error.topic.bootstrap.servers";
    /** Client settings (SASL/SSL, ...) for the error-topic producer, e.g. {@code runtime.error.topic.producer.security.protocol}. */
    public static final String ERROR_TOPIC_PRODUCER_PREFIX = "runtime.error.topic.producer.";

    private static final String GROUP = "Failed records";

    private FailedRecordSpec() {
    }

    public static ConfigDef define(ConfigDef def) {
        return def
                .define(SKIP_ERROR, Type.BOOLEAN, SKIP_ERROR_DEFAULT, Importance.MEDIUM,
                        "When no error topic is configured and Connect's errors.tolerance is not 'all': true skips a"
                                + " record that cannot be written (logged with its topic, partition and offset); false"
                                + " fails the task with the reason.",
                        GROUP, 1, ConfigDef.Width.SHORT, "Skip records that cannot be written")
                .define(ERROR_TOPIC, Type.STRING, null, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Kafka topic that receives each record that cannot be written, with its original key and"
                                + " value bytes and headers saying why (Connect's __connect.errors.* names). The task"
                                + " keeps running.",
                        GROUP, 2, ConfigDef.Width.MEDIUM, "Error topic")
                .define(ERROR_TOPIC_BOOTSTRAP, Type.STRING, null, Importance.MEDIUM,
                        "Bootstrap servers (host:port, comma separated) of the cluster holding the error topic."
                                + " Required when " + ERROR_TOPIC + " is set.",
                        GROUP, 3, ConfigDef.Width.LONG, "Error topic bootstrap servers");
    }

    /** An error topic needs the servers that hold it. */
    public static List<ConfigProblem> crossFieldProblems(Map<String, String> props) {
        List<ConfigProblem> problems = new ArrayList<>();
        String errorTopic = props.get(ERROR_TOPIC);
        String bootstrap = props.get(ERROR_TOPIC_BOOTSTRAP);
        if (errorTopic != null && !errorTopic.isBlank() && (bootstrap == null || bootstrap.isBlank())) {
            problems.add(new ConfigProblem(ERROR_TOPIC_BOOTSTRAP, "required", "is required when " + ERROR_TOPIC + " is set"));
        }
        return problems;
    }
}
