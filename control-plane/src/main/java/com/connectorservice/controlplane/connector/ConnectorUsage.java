package com.connectorservice.controlplane.connector;

import org.springframework.stereotype.Component;

import com.connectorservice.controlplane.instance.InstanceUsage;

@Component
class ConnectorUsage implements InstanceUsage {

    private final ConnectorRepository repository;

    ConnectorUsage(ConnectorRepository repository) {
        this.repository = repository;
    }

    @Override
    public long count(String instanceId) {
        return repository.countByInstanceId(instanceId);
    }

    @Override
    public String what() {
        return "connector(s)";
    }
}
