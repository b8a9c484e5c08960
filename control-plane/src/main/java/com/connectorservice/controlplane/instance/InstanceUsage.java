package com.connectorservice.controlplane.instance;

/** How many connectors live on an instance; implemented by the connector feature. */
public interface InstanceUsage {

    long connectorCount(String instanceId);
}
