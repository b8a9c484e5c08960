package com.connectorservice.controlplane.provisioning;

/** A topic or consumer group the service created on a Kafka cluster, as the API lists it. */
public record CreatedResource(Type type, String name) {

    public enum Type { TOPIC, GROUP }

    public static CreatedResource topic(String name) {
        return new CreatedResource(Type.TOPIC, name);
    }

    public static CreatedResource group(String name) {
        return new CreatedResource(Type.GROUP, name);
    }
}
