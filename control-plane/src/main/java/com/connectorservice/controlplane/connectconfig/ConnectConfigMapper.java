package com.connectorservice.controlplane.connectconfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import com.connectorservice.controlplane.connector.ConnectorDefinition;
import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.controlplane.connector.MaxComputeDestination;
import com.connectorservice.controlplane.connector.SourceSettings;
import com.connectorservice.controlplane.connector.SourceSettings.FailurePolicy;
import com.connectorservice.controlplane.connector.TablestoreDestination;
import com.connectorservice.controlplane.instance.ClientPropertySecrets;
import com.connectorservice.controlplane.kafka.KafkaConnection;

/**
 * Maps a stored connector definition (defaults filled in, secrets decrypted) onto the Kafka Connect worker
 * settings and connector config the sink plugins read (seed 001's MaxCompute keys, the Tablestore sink's keys).
 * Secret values never enter the config: they travel beside it and the agent resolves them through Kafka's
 * FileConfigProvider, so the Connect config topic only ever holds references.
 */
public final class ConnectConfigMapper {

    public static final String MAXCOMPUTE_CONNECTOR = "com.connectorservice.sink.maxcompute.MaxComputeSinkConnector";
    public static final String TABLESTORE_CONNECTOR = "com.connectorservice.sink.tablestore.TablestoreSinkConnector";
    static final String STRING_CONVERTER = "org.apache.kafka.connect.storage.StringConverter";
    static final String BYTE_ARRAY_CONVERTER = "org.apache.kafka.connect.converters.ByteArrayConverter";
    static final String ACCESS_KEY_SECRET = "accessKeySecret";
    static final String SERVICE_ACCESS_KEY_SECRET = "serviceAccessKeySecret";

    /**
     * The connector service's own AccessKey: the caller that assumes a user's RAM role (MaxCompute
     * {@code account_type=STS}), with the STS endpoint and region used when the definition names none.
     */
    public record ServiceIdentity(String accessKeyId, String accessKeySecret, String stsEndpoint, String regionId) {

        public static final ServiceIdentity NONE = new ServiceIdentity(null, null, null, null);

        @Override
        public String toString() {
            return "ServiceIdentity[" + accessKeyId + "]";
        }
    }
    private static final String CLIENT_SECRET_PREFIX = "kafka.";

    private ConnectConfigMapper() {
    }

    public static String workerGroupFor(String connectorName) {
        return "connect-cluster-" + connectorName;
    }

    /** @param deadLetterReplicationFactor replication factor of the dead-letter topic as provisioned */
    public static ConnectRuntimeConfig map(ConnectorDefinition definition, KafkaConnection connection,
            int deadLetterReplicationFactor, ServiceIdentity service) {
        Map<String, String> secrets = new LinkedHashMap<>();
        Map<String, String> clientProperties = clientProperties(connection, secrets);
        SourceSettings source = definition.source();
        Map<String, String> config = new LinkedHashMap<>();
        config.put("tasks.max", String.valueOf(source.concurrency()));
        config.put("topics", source.topic());
        if (definition.destination() instanceof MaxComputeDestination maxCompute) {
            MaxComputeKeys.put(maxCompute, service, config, secrets);
        } else if (definition.destination() instanceof TablestoreDestination tablestore) {
            TablestoreKeys.put(tablestore, service, config, secrets);
        }
        failureHandling(source, connection.bootstrapServers(), clientProperties, deadLetterReplicationFactor, config);
        ConnectRuntimeConfig.WorkerSettings worker = new ConnectRuntimeConfig.WorkerSettings(connection.bootstrapServers(),
                clientProperties, workerGroupFor(definition.name()), source.configTopic(), source.offsetTopic(),
                source.statusTopic());
        return new ConnectRuntimeConfig(worker, config, secrets);
    }

    /** Instance client settings with every secret value replaced by a reference. */
    private static Map<String, String> clientProperties(KafkaConnection connection, Map<String, String> secrets) {
        Map<String, String> result = new LinkedHashMap<>();
        connection.clientProperties().forEach((key, value) -> {
            if (ClientPropertySecrets.isSecret(key)) {
                secrets.put(CLIENT_SECRET_PREFIX + key, value);
                result.put(key, reference(CLIENT_SECRET_PREFIX + key));
            } else {
                result.put(key, value);
            }
        });
        return result;
    }

    /**
     * CONTINUE: Connect's tolerance sends records that fail conversion to the dead-letter topic, and the sink's
     * own error topic receives records the destination refuses; STOP: the first failure fails the task.
     */
    private static void failureHandling(SourceSettings source, String bootstrapServers, Map<String, String> clientProperties,
            int deadLetterReplicationFactor, Map<String, String> config) {
        if (source.failurePolicy() == FailurePolicy.STOP) {
            config.put("errors.tolerance", "none");
            return;
        }
        config.put("errors.tolerance", "all");
        config.put("errors.log.enable", "true");
        config.put("errors.deadletterqueue.topic.name", source.deadLetterTopic());
        config.put("errors.deadletterqueue.topic.replication.factor", String.valueOf(deadLetterReplicationFactor));
        config.put("errors.deadletterqueue.context.headers.enable", "true");
        config.put("runtime.error.topic.name", source.errorTopic());
        config.put("runtime.error.topic.bootstrap.servers", bootstrapServers);
        clientProperties.forEach((key, value) -> config.put("runtime.error.topic.producer." + key, value));
    }

    static String reference(String secretKey) {
        return "${secret:" + secretKey + "}";
    }

    static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    static void putIfPresent(Map<String, String> config, String key, Object value) {
        if (value != null && !(value instanceof String s && s.isBlank())) {
            config.put(key, String.valueOf(value));
        }
    }

    static String commaList(List<String> values) {
        return values == null ? "" : values.stream().collect(Collectors.joining(","));
    }

    /** The service's AccessKey secret as a reference (null without one): the caller that assumes a user's role. */
    static String serviceSecretReference(ServiceIdentity service, Map<String, String> secrets) {
        if (service.accessKeySecret() == null || service.accessKeySecret().isBlank()) {
            return null;
        }
        secrets.put(SERVICE_ACCESS_KEY_SECRET, service.accessKeySecret());
        return reference(SERVICE_ACCESS_KEY_SECRET);
    }

    /** Puts the AccessKey secret into {@code secrets} and answers its reference. */
    static String secretReference(DestinationAuth.AccessKey key, Map<String, String> secrets) {
        secrets.put(ACCESS_KEY_SECRET, key.accessKeySecret());
        return reference(ACCESS_KEY_SECRET);
    }
}
