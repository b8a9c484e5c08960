package com.connectorservice.controlplane.connector;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.connectorservice.controlplane.api.FieldViolation;
import com.connectorservice.controlplane.instance.InstanceService;
import com.connectorservice.controlplane.kafka.KafkaConnection;
import com.connectorservice.controlplane.provisioning.CreatedResource;
import com.connectorservice.controlplane.provisioning.KafkaResources;
import com.connectorservice.controlplane.provisioning.ProvisionedResources;
import com.connectorservice.controlplane.provisioning.ProvisioningResult;

/**
 * Connectors' Kafka resources on their cluster: which cluster an instance is, what other connectors of it own
 * ({@link ClusterOwnership}), what provisioning created ({@link ProvisionedResources}) and what a delete may remove.
 * Changes run in {@link #inClusterTransaction}: one database transaction holding the cluster's lock, Kafka calls
 * included (they can take seconds, and changes to one cluster's connectors are rare), so a change that fails can take
 * back exactly what it created, with nobody having built on it meanwhile.
 */
@Component
class ConnectorResources {

    /** Provisioning inside {@link #inClusterTransaction}: what it creates is deleted again if the transaction fails. */
    interface Provisioning {

        ProvisioningResult provision(SourceSettings source);
    }

    private final InstanceService instances;
    private final KafkaResources kafka;
    private final ProvisionedResources provisioned;
    private final ClusterOwnership ownership;
    private final TransactionTemplate transaction;

    ConnectorResources(InstanceService instances, KafkaResources kafka, ProvisionedResources provisioned,
            ClusterOwnership ownership, TransactionTemplate transaction) {
        this.instances = instances;
        this.kafka = kafka;
        this.provisioned = provisioned;
        this.ownership = ownership;
        this.transaction = transaction;
    }

    /** The instance's cluster id; rows recorded before it was known are assigned to it on the way. */
    String clusterId(String instanceId) {
        String clusterId = instances.clusterId(instanceId);
        provisioned.assignCluster(instanceId, clusterId);
        return clusterId;
    }

    /** What in {@code definition} another connector of the cluster owns ({@code self}: its own id, when stored). */
    List<FieldViolation> conflicts(ConnectorDefinition definition, String instanceId, String clusterId, Long self) {
        return ClusterOwnership.conflicts(definition, instanceId, self, ownership.connectorsOn(clusterId, instanceId));
    }

    <T> T inClusterTransaction(KafkaConnection connection, String clusterId, Function<Provisioning, T> work) {
        List<ProvisioningResult> made = new ArrayList<>();
        try {
            return transaction.execute(status -> {
                provisioned.lockCluster(clusterId);
                return work.apply(source -> {
                    ProvisioningResult result = kafka.provision(connection, source);
                    made.add(result);
                    return result;
                });
            });
        } catch (RuntimeException e) {
            made.forEach(result -> kafka.undo(connection, result));
            throw e;
        }
    }

    /** Records what provisioning created as the connector's, and takes over kept resources it uses. */
    void record(String instanceId, String clusterId, long connectorId, ConnectorDefinition definition,
            ProvisioningResult result) {
        provisioned.recordCreated(instanceId, clusterId, connectorId, result);
        provisioned.adoptKept(clusterId, connectorId, ClusterOwnership.resourcesOf(definition));
    }

    List<CreatedResource> createdFor(long connectorId) {
        return provisioned.belongingTo(connectorId);
    }

    Map<Long, List<CreatedResource>> createdFor(Collection<Long> connectorIds) {
        return provisioned.belongingTo(connectorIds);
    }

    /**
     * Inside {@link #inClusterTransaction}: deletes from the cluster the topics and the group the service created for
     * the connector, and only those; one another connector of the cluster still uses is handed over to it instead.
     * Answers what happened, for the audit trail.
     */
    Map<String, Object> deleteCreated(KafkaConnection connection, String clusterId, String instanceId, long connectorId,
            SourceSettings source) {
        List<ClusterOwnership.Neighbour> neighbours = ownership.connectorsOn(clusterId, instanceId);
        List<CreatedResource> toDelete = new ArrayList<>();
        Map<String, String> handedOver = new LinkedHashMap<>();
        for (CreatedResource resource : provisioned.belongingTo(connectorId)) {
            Optional<ClusterOwnership.Neighbour> user = ClusterOwnership.otherUser(neighbours, connectorId, resource);
            if (user.isPresent()) {
                provisioned.handOver(clusterId, resource, user.get().id());
                handedOver.put(resource.name(), user.get().instanceId() + "/" + user.get().name());
            } else {
                toDelete.add(resource);
            }
        }
        String group = toDelete.stream().filter(r -> r.type() == CreatedResource.Type.GROUP).map(CreatedResource::name)
                .findFirst().orElse(null);
        List<String> topics = toDelete.stream().filter(r -> r.type() == CreatedResource.Type.TOPIC).map(CreatedResource::name)
                .toList();
        List<String> deletedTopics = kafka.delete(connection, topics, group);
        provisioned.forget(clusterId, toDelete);
        List<String> keptTopics = new ArrayList<>(KafkaResources.internalTopicNames(source));
        keptTopics.removeAll(deletedTopics);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("deletedGroup", group);
        details.put("deletedTopics", deletedTopics);
        details.put("keptTopics", keptTopics);
        if (!handedOver.isEmpty()) {
            details.put("handedOver", handedOver);
        }
        return details;
    }
}
