package com.connectorservice.controlplane.testmessage;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

import com.connectorservice.controlplane.api.ApiException;
import com.connectorservice.controlplane.audit.AuditLog;
import com.connectorservice.controlplane.connector.ConnectorService;
import com.connectorservice.controlplane.instance.InstanceService;
import com.connectorservice.controlplane.kafka.KafkaClients;
import com.connectorservice.controlplane.kafka.KafkaConnection;

/** Sends one message to a connector's source topic, as the console's "Test" panel does. */
@Service
class TestMessageService {

    private final ConnectorService connectors;
    private final InstanceService instances;
    private final KafkaClients kafka;
    private final AuditLog audit;

    TestMessageService(ConnectorService connectors, InstanceService instances, KafkaClients kafka, AuditLog audit) {
        this.connectors = connectors;
        this.instances = instances;
        this.kafka = kafka;
        this.audit = audit;
    }

    TestMessageResponse send(String instanceId, String connectorName, TestMessageRequest request) {
        if (request.value() == null) {
            throw ApiException.badRequest("value", "value.required", "value is required");
        }
        String topic = connectors.definition(instanceId, connectorName).source().topic();
        KafkaConnection connection = instances.connection(instanceId);
        RecordMetadata metadata;
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer(connection)) {
            int partitions = producer.partitionsFor(topic).size();
            Integer partition = request.partition();
            if (partition != null && (partition < 0 || partition >= partitions)) {
                throw ApiException.badRequest("partition", "partition.range", "partition must be between 0 and "
                        + (partitions - 1) + " (topic '" + topic + "' has " + partitions + " partitions), got " + partition);
            }
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, partition, bytes(request.key()), bytes(request.value()));
            metadata = producer.send(record).get(kafka.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordTooLargeException) {
                throw tooLarge(connection, topic, request);
            }
            throw kafka.unreachable(connection, e);
        } catch (TimeoutException | org.apache.kafka.common.KafkaException e) {
            throw kafka.unreachable(connection, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw kafka.unreachable(connection, e);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("topic", metadata.topic());
        details.put("partition", metadata.partition());
        details.put("offset", metadata.offset());
        audit.record("connector.test-message", "instances/" + instanceId + "/connectors/" + connectorName, details);
        return new TestMessageResponse(metadata.topic(), metadata.partition(), metadata.offset(),
                Instant.ofEpochMilli(metadata.timestamp()));
    }

    /** The broker refused the message as too large: 413 naming the topic's limit, the one the broker applies. */
    private ApiException tooLarge(KafkaConnection connection, String topic, TestMessageRequest request) {
        long size = length(request.key()) + length(request.value());
        String limit;
        try (Admin admin = kafka.admin(connection)) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            ConfigEntry entry = kafka.await(admin.describeConfigs(List.of(resource)).all(), connection).get(resource)
                    .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            limit = entry == null ? "its limit" : entry.value() + " bytes";
        } catch (ExecutionException | RuntimeException e) {
            limit = "its limit";
        }
        return ApiException.of(HttpStatus.CONTENT_TOO_LARGE, "value", "value.size", "the message is " + size
                + " bytes of key and value; topic '" + topic + "' accepts at most " + limit + " per record batch ("
                + TopicConfig.MAX_MESSAGE_BYTES_CONFIG + ", which defaults to the broker's message.max.bytes)");
    }

    private static long length(String text) {
        return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
