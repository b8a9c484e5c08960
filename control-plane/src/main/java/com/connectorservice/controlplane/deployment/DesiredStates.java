package com.connectorservice.controlplane.deployment;

import org.springframework.stereotype.Component;

import com.connectorservice.controlplane.authorization.CloudIdentityProperties;
import com.connectorservice.controlplane.connectconfig.ConnectConfigMapper;
import com.connectorservice.controlplane.connectconfig.ConnectRuntimeConfig;
import com.connectorservice.controlplane.connector.ConnectorDefinition;
import com.connectorservice.controlplane.connector.ConnectorService;
import com.connectorservice.controlplane.deployment.AgentProtocol.DesiredConnector;
import com.connectorservice.controlplane.deployment.AgentProtocol.ResetOffsetsRequest;
import com.connectorservice.controlplane.deployment.AgentProtocol.RestartRequest;
import com.connectorservice.controlplane.deployment.AgentProtocol.WorkerSpec;
import com.connectorservice.controlplane.instance.InstanceService;
import com.connectorservice.controlplane.kafka.KafkaConnection;

/** The desired-state entry of one deployed connector, as every node it is placed on receives it. */
@Component
class DesiredStates {

    private final ConnectorService connectors;
    private final InstanceService instances;
    private final ConnectConfigMapper.ServiceIdentity service;

    DesiredStates(ConnectorService connectors, InstanceService instances, CloudIdentityProperties cloud) {
        this.connectors = connectors;
        this.instances = instances;
        this.service = new ConnectConfigMapper.ServiceIdentity(cloud.accessKeyId(), cloud.accessKeySecret(),
                cloud.stsEndpoint(), cloud.regionId());
    }

    ConnectRuntimeConfig runtimeConfig(Deployment deployment) {
        ConnectorDefinition definition = connectors.definition(deployment.instanceId(), deployment.name()).withDefaults();
        KafkaConnection connection = instances.connection(deployment.instanceId());
        return ConnectConfigMapper.map(definition, connection, deployment.deadLetterReplicationFactor(), service);
    }

    DesiredConnector desired(Deployment deployment) {
        ConnectRuntimeConfig config = runtimeConfig(deployment);
        ConnectRuntimeConfig.WorkerSettings worker = config.worker();
        return new DesiredConnector(deployment.name(), deployment.instanceId(), deployment.generation(),
                deployment.targetState(),
                new WorkerSpec(worker.bootstrapServers(), worker.clientProperties(), worker.groupId(), worker.configTopic(),
                        worker.offsetTopic(), worker.statusTopic()),
                config.connectorConfig(), config.secrets(),
                deployment.restartRequestId() == null ? null : new RestartRequest(deployment.restartRequestId(),
                        deployment.restartIncludeTasks(), deployment.restartOnlyFailed()),
                deployment.resetRequestId() == null ? null : new ResetOffsetsRequest(deployment.resetRequestId()));
    }
}
