package com.connectorservice.controlplane.kafka;

import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import com.connectorservice.controlplane.api.ApiException;

/** Creates short-lived Kafka clients for one instance and waits on their futures with the API timeout. */
@Component
@EnableConfigurationProperties(KafkaClientProperties.class)
public class KafkaClients {

    /** Above any request body the API accepts, so only the broker's own limit refuses a test message. */
    private static final int MAX_TEST_MESSAGE_REQUEST_BYTES = 32 * 1024 * 1024;

    private final Duration timeout;
    private final Duration probeTimeout;

    public KafkaClients(KafkaClientProperties properties) {
        this.timeout = properties.apiTimeout();
        this.probeTimeout = properties.probeTimeout();
    }

    /**
     * What answers at an address: the cluster's id (the same however its brokers are addressed) and how many brokers it
     * has.
     */
    public record ClusterProbe(String clusterId, int brokers) {
    }

    /**
     * Asks the cluster for its id and brokers within the probe timeout; answers them or throws the
     * {@link ExecutionException} / {@link TimeoutException} that says why it did not answer.
     */
    public ClusterProbe probe(KafkaConnection connection) throws ExecutionException, TimeoutException {
        Properties props = base(connection, "connector-service-probe");
        int millis = (int) probeTimeout.toMillis();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        try (Admin admin = Admin.create(props)) {
            DescribeClusterResult cluster = admin.describeCluster();
            int brokers = cluster.nodes().get(millis + 1000L, TimeUnit.MILLISECONDS).size();
            return new ClusterProbe(cluster.clusterId().get(millis + 1000L, TimeUnit.MILLISECONDS), brokers);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted");
        }
    }

    public Duration probeTimeout() {
        return probeTimeout;
    }

    public Duration timeout() {
        return timeout;
    }

    public Admin admin(KafkaConnection connection) {
        Properties props = base(connection, "connector-service-admin");
        int millis = (int) timeout.toMillis();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        return Admin.create(props);
    }

    public KafkaProducer<byte[], byte[]> producer(KafkaConnection connection) {
        Properties props = base(connection, "connector-service-test-message");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        // the topic's max.message.bytes is the limit that counts: the broker refuses what exceeds it, naming it
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_TEST_MESSAGE_REQUEST_BYTES);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** A consumer that reads by assignment only: no group, no committed offsets. */
    public KafkaConsumer<byte[], byte[]> reader(KafkaConnection connection, String clientId) {
        Properties props = base(connection, clientId);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** A producer whose retries never write a record twice (idempotence), for actions that must send once. */
    public KafkaProducer<byte[], byte[]> idempotentProducer(KafkaConnection connection, String clientId) {
        Properties props = base(connection, clientId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout.toMillis());
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, MAX_TEST_MESSAGE_REQUEST_BYTES);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Waits for a Kafka future; a timeout or broker error becomes a 502 naming the instance. */
    public <T> T await(KafkaFuture<T> future, KafkaConnection connection) throws ExecutionException {
        try {
            return future.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(connection, e);
        } catch (TimeoutException e) {
            throw unreachable(connection, e);
        }
    }

    public ApiException unreachable(KafkaConnection connection, Throwable cause) {
        Throwable root = cause instanceof ExecutionException && cause.getCause() != null ? cause.getCause() : cause;
        return ApiException.of(HttpStatus.BAD_GATEWAY, "instanceId", "instance.unreachable",
                "Kafka instance '" + connection.instanceId() + "' at " + connection.bootstrapServers()
                        + " did not answer: " + root.getClass().getSimpleName()
                        + (root.getMessage() == null ? "" : " " + root.getMessage()));
    }

    private static Properties base(KafkaConnection connection, String clientId) {
        Properties props = new Properties();
        props.putAll(connection.clientProperties());
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, connection.bootstrapServers());
        props.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return props;
    }
}
