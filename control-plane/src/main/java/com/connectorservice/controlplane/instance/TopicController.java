package com.connectorservice.controlplane.instance;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import com.connectorservice.controlplane.api.ProblemResponses;
import com.connectorservice.controlplane.kafka.KafkaClients;
import com.connectorservice.controlplane.kafka.KafkaConnection;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;

/** The topics of an instance, for the wizard's source topic picker. Kafka's internal topics are left out. */
@RestController
class TopicController {

    record TopicResponse(@Schema(requiredMode = REQUIRED) String name, @Schema(requiredMode = REQUIRED) int partitions) {
    }

    private final InstanceService instances;
    private final KafkaClients kafka;

    TopicController(InstanceService instances, KafkaClients kafka) {
        this.instances = instances;
        this.kafka = kafka;
    }

    @Operation(operationId = "listTopics", summary = "The instance's topics, for the source topic picker")
    @ProblemResponses({404, 502})
    @GetMapping("/api/v1/instances/{instanceId}/topics")
    List<TopicResponse> topics(@PathVariable String instanceId) {
        KafkaConnection connection = instances.connection(instanceId);
        try (Admin admin = kafka.admin(connection)) {
            var names = kafka.await(admin.listTopics(new ListTopicsOptions().listInternal(false)).names(), connection);
            return kafka.await(admin.describeTopics(names).allTopicNames(), connection).values().stream()
                    .map(topic -> new TopicResponse(topic.name(), topic.partitions().size()))
                    .sorted(Comparator.comparing(TopicResponse::name))
                    .toList();
        } catch (ExecutionException e) {
            throw kafka.unreachable(connection, e);
        }
    }
}
