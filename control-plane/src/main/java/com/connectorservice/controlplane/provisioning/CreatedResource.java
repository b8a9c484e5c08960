package com.connectorservice.controlplane.provisioning;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** A topic or consumer group the service created on a Kafka cluster, as the API lists it. */
public record CreatedResource(@Schema(requiredMode = REQUIRED) Type type, @Schema(requiredMode = REQUIRED) String name) {

    public enum Type { TOPIC, GROUP }

    public static CreatedResource topic(String name) {
        return new CreatedResource(Type.TOPIC, name);
    }

    public static CreatedResource group(String name) {
        return new CreatedResource(Type.GROUP, name);
    }
}
