package com.connectorservice.controlplane.syncjob;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

import com.connectorservice.controlplane.api.ApiException;
import com.connectorservice.controlplane.api.FieldViolation;
import com.connectorservice.controlplane.instance.InstanceService;
import com.connectorservice.controlplane.kafka.KafkaClients;
import com.connectorservice.controlplane.kafka.KafkaConnection;
import com.connectorservice.syncjob.mapping.KafkaField;
import com.connectorservice.syncjob.mapping.SamplePaths;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The mapping editor's field list: the six Kafka fields, and the JSON paths found in the latest record of each
 * partition of the topic (read without a consumer group, nothing committed).
 */
@Component
class SampleFields {

    private static final int MAX_PATHS = 200;

    private final InstanceService instances;
    private final KafkaClients kafka;

    SampleFields(InstanceService instances, KafkaClients kafka) {
        this.instances = instances;
        this.kafka = kafka;
    }

    @Schema(name = "SampleFieldsRequest", description = "Which topic to sample")
    record Request(String topic, String encoding) {
    }

    @Schema(name = "SampledFields", description = "Kafka fields and the JSON paths of the sampled values")
    record Fields(@Schema(requiredMode = REQUIRED) List<String> kafkaFields, @Schema(requiredMode = REQUIRED) List<String> paths,
            @Schema(description = "The sampled value (one)") String sample) {
    }

    Fields sample(String instanceId, Request request) {
        if (request == null || request.topic() == null || request.topic().isBlank()) {
            throw ApiException.badRequest("topic", "topic.required", "topic is required");
        }
        String encodingName = request.encoding() == null || request.encoding().isBlank() ? "UTF-8" : request.encoding();
        List<FieldViolation> errors = new ArrayList<>();
        SyncJobValidator.topic("topic", request.topic()).ifPresent(errors::add);
        SyncJobValidator.encoding("encoding", encodingName).ifPresent(errors::add);
        if (!errors.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, errors.get(0).message(), errors, List.of());
        }
        Charset encoding = Charset.forName(encodingName);
        KafkaConnection connection = instances.connection(instanceId);
        Set<String> paths = new LinkedHashSet<>();
        String sample = null;
        try (KafkaConsumer<byte[], byte[]> consumer = kafka.reader(connection, "connector-service-sample-fields")) {
            List<PartitionInfo> infos = consumer.partitionsFor(request.topic(), Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                throw ApiException.notFound("topic", "source.topic.notFound", "topic '" + request.topic() + "' does not exist");
            }
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(request.topic(), i.partition())).toList();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            List<TopicPartition> withData = new ArrayList<>();
            consumer.assign(partitions);
            for (TopicPartition tp : partitions) {
                long offset = end.get(tp);
                if (offset > 0) {
                    consumer.seek(tp, offset - 1);
                    withData.add(tp);
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            int seen = 0;
            while (seen < withData.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(300))) {
                    seen++;
                    if (record.value() != null) {
                        String value = new String(record.value(), encoding);
                        List<String> found = SamplePaths.of(value, MAX_PATHS);
                        if (sample == null || !found.isEmpty() && paths.isEmpty()) {
                            sample = value.length() > 4096 ? value.substring(0, 4096) : value;
                        }
                        paths.addAll(found);
                    }
                }
            }
        } catch (KafkaException e) {
            throw kafka.unreachable(connection, e);
        }
        return new Fields(Arrays.stream(KafkaField.values()).map(KafkaField::fieldName).toList(),
                paths.stream().limit(MAX_PATHS).toList(), sample);
    }
}
