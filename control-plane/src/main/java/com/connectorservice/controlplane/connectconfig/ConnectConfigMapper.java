package com.connectorservice.controlplane.connectconfig;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import com.connectorservice.contracts.connector.ConnectorNames.Resource;
import com.connectorservice.contracts.sink.ConfigProblem;
import com.connectorservice.contracts.sink.FailedRecordSpec;
import com.connectorservice.controlplane.connector.ConnectorDefinition;
import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.controlplane.connector.SourceSettings;
import com.connectorservice.controlplane.connector.SourceSettings.FailurePolicy;
import com.connectorservice.controlplane.destination.Destinations;
import com.connectorservice.controlplane.instance.ClientPropertySecrets;
import com.connectorservice.controlplane.kafka.KafkaConnection;

/**
 * Maps a stored connector definition (defaults filled in, secrets decrypted) onto the Kafka Connect worker settings and
 * the connector config the sink plugins read (the destination's part written by its own support, with the keys of its
 * sink's spec), and checks every config it produces
 * with that sink's own ConfigDef and rules between keys ({@link ConnectRuntimeConfig#problems()}). Secret values never
 * enter the config: they travel beside it and the agent resolves them through Kafka's FileConfigProvider, so the
 * Connect config topic only ever holds references.
 */
@Component
public class ConnectConfigMapper {

    public static final String CONNECTOR_CLASS = "connector.class";
    static final String ACCESS_KEY_SECRET = "accessKeySecret";
    static final String SERVICE_ACCESS_KEY_SECRET = "serviceAccessKeySecret";
    public static final String SERVICE_KEY_NOTE = "RAM_ROLE assumes the role with the connector service's own AccessKey:"
            + " set connectors.cloud.access-key-id and access-key-secret (CONNECTORS_CLOUD_ACCESS_KEY_ID/SECRET)";
    public static final String SERVICE_REGION_NOTE = "the connector service's region: connectors.cloud.region-id";
    public static final String SERVICE_STS_ENDPOINT_NOTE = "name one, or set the service's connectors.cloud.sts-endpoint";
    private static final String CLIENT_SECRET_PREFIX = "kafka.";

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

    private final Destinations destinations;

    public ConnectConfigMapper(Destinations destinations) {
        this.destinations = destinations;
    }

    public static String workerGroupFor(String connectorName) {
        return Resource.WORKER_GROUP.defaultName(connectorName);
    }

    /**
     * Also maps a definition that is still incomplete (the validator checks the sink's rules on it): what is missing
     * stays out of the config and shows up in its problems.
     *
     * @param deadLetterReplicationFactor replication factor of the dead-letter topic as provisioned
     */
    public ConnectRuntimeConfig map(ConnectorDefinition definition, KafkaConnection connection,
            int deadLetterReplicationFactor, ServiceIdentity service) {
        Map<String, String> secrets = new LinkedHashMap<>();
        Map<String, String> clientProperties = clientProperties(connection, secrets);
        SourceSettings source = definition.source();
        SinkConfigWriter config = new SinkConfigWriter();
        // No converter: the worker's ByteArrayConverter (the agent sets it for every worker) hands the sinks each
        // record's bytes as they are, which they read as text or JSON themselves, and a failed record reaches the
        // error topic with its original bytes. A StringConverter would decode every key and value into a String
        // first, and a text column would encode it again (MaxCompute, 1 KiB TEXT: 14% more worker CPU per record).
        config.putConnect("tasks.max", String.valueOf(source.concurrency()));
        if (source.topic() != null) {
            config.putConnect("topics", source.topic());
        }
        failureHandling(source, connection.bootstrapServers(), clientProperties, deadLetterReplicationFactor, config);
        // the sink's rules run on the whole config: its failed-record keys included
        List<ConfigProblem> problems = destinations.writeSinkConfig(definition.destination(), service, config, secrets);
        ConnectRuntimeConfig.WorkerSettings worker = new ConnectRuntimeConfig.WorkerSettings(connection.bootstrapServers(),
                clientProperties, workerGroupFor(definition.name()), source.configTopic(), source.offsetTopic(),
                source.statusTopic());
        return new ConnectRuntimeConfig(worker, config.config(), secrets, config.locate(problems));
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
            int deadLetterReplicationFactor, SinkConfigWriter config) {
        if (source.failurePolicy() == FailurePolicy.STOP) {
            config.putConnect("errors.tolerance", "none");
            return;
        }
        config.putConnect("errors.tolerance", "all");
        config.putConnect("errors.log.enable", "true");
        config.putConnect("errors.deadletterqueue.topic.name", source.deadLetterTopic());
        config.putConnect("errors.deadletterqueue.topic.replication.factor", String.valueOf(deadLetterReplicationFactor));
        config.putConnect("errors.deadletterqueue.context.headers.enable", "true");
        config.put(FailedRecordSpec.ERROR_TOPIC, source.errorTopic(), "source.errorTopic");
        config.put(FailedRecordSpec.ERROR_TOPIC_BOOTSTRAP, bootstrapServers, "source");
        clientProperties.forEach((key, value) ->
                config.put(FailedRecordSpec.ERROR_TOPIC_PRODUCER_PREFIX + key, value, "source"));
    }

    static String reference(String secretKey) {
        return "${secret:" + secretKey + "}";
    }

    /** The service's AccessKey secret as a reference (null without one): the caller that assumes a user's role. */
    public static String serviceSecretReference(ServiceIdentity service, Map<String, String> secrets) {
        if (service.accessKeySecret() == null || service.accessKeySecret().isBlank()) {
            return null;
        }
        secrets.put(SERVICE_ACCESS_KEY_SECRET, service.accessKeySecret());
        return reference(SERVICE_ACCESS_KEY_SECRET);
    }

    /** Puts the AccessKey secret into {@code secrets} and answers its reference (null without a secret). */
    public static String secretReference(DestinationAuth.AccessKey key, Map<String, String> secrets) {
        if (key.accessKeySecret() == null) {
            return null;
        }
        secrets.put(ACCESS_KEY_SECRET, key.accessKeySecret());
        return reference(ACCESS_KEY_SECRET);
    }
}
