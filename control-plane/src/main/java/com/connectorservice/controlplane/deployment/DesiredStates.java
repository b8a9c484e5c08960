package com.connectorservice.controlplane.deployment;

import java.util.List;

import org.springframework.stereotype.Component;

import com.connectorservice.contracts.agent.AgentProtocol.DesiredConnector;
import com.connectorservice.contracts.agent.AgentProtocol.ResetOffsetsRequest;
import com.connectorservice.contracts.agent.AgentProtocol.RestartRequest;
import com.connectorservice.contracts.agent.AgentProtocol.WorkerSpec;
import com.connectorservice.controlplane.authorization.CloudIdentityProperties;
import com.connectorservice.controlplane.connectconfig.ConfigProblemAt;
import com.connectorservice.controlplane.connectconfig.ConnectConfigMapper;
import com.connectorservice.controlplane.connectconfig.ConnectRuntimeConfig;
import com.connectorservice.controlplane.connector.ConnectorDefinition;
import com.connectorservice.controlplane.connector.ConnectorService;
import com.connectorservice.controlplane.instance.InstanceService;
import com.connectorservice.controlplane.kafka.KafkaConnection;

/** The desired-state entry of one deployed connector, as every node it is placed on receives it. */
@Component
class DesiredStates {

    private final ConnectorService connectors;
    private final InstanceService instances;
    private final ConnectConfigMapper mapper;
    private final ConnectConfigMapper.ServiceIdentity service;

    DesiredStates(ConnectorService connectors, InstanceService instances, ConnectConfigMapper mapper,
            CloudIdentityProperties cloud) {
        this.connectors = connectors;
        this.instances = instances;
        this.mapper = mapper;
        this.service = cloud.serviceIdentity();
    }

    ConnectRuntimeConfig runtimeConfig(Deployment deployment) {
        return runtimeConfig(deployment, definition(deployment));
    }

    private ConnectorDefinition definition(Deployment deployment) {
        return connectors.definition(deployment.instanceId(), deployment.name()).withDefaults();
    }

    private ConnectRuntimeConfig runtimeConfig(Deployment deployment, ConnectorDefinition definition) {
        KafkaConnection connection = instances.connection(deployment.instanceId());
        return mapper.map(definition, connection, deployment.deadLetterReplicationFactor(), service);
    }

    /** What the sink's own checks find wrong with the config the definition maps to on this control plane. */
    List<ConfigProblemAt> problems(ConnectorDefinition definition, KafkaConnection connection) {
        return mapper.map(definition, connection, 1, service).problems();
    }

    DesiredConnector desired(Deployment deployment) {
        ConnectorDefinition definition = definition(deployment);
        ConnectRuntimeConfig config = runtimeConfig(deployment, definition);
        ConnectRuntimeConfig.WorkerSettings worker = config.worker();
        return new DesiredConnector(deployment.name(), deployment.instanceId(), deployment.generation(),
                deployment.targetState(),
                new WorkerSpec(worker.bootstrapServers(), worker.clientProperties(), worker.groupId(), worker.configTopic(),
                        worker.offsetTopic(), worker.statusTopic(), definition.isolation()),
                config.connectorConfig(), config.secrets(),
                deployment.restartRequestId() == null ? null : new RestartRequest(deployment.restartRequestId(),
                        deployment.restartIncludeTasks(), deployment.restartOnlyFailed()),
                deployment.resetRequestId() == null ? null : new ResetOffsetsRequest(deployment.resetRequestId()));
    }
}
