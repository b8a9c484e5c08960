package com.connectorservice.controlplane.testmessage;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.time.Instant;

import io.swagger.v3.oas.annotations.media.Schema;

/** Where the broker stored the test message. */
public record TestMessageResponse(@Schema(requiredMode = REQUIRED) String topic, @Schema(requiredMode = REQUIRED) int partition,
        @Schema(requiredMode = REQUIRED) long offset, @Schema(requiredMode = REQUIRED) Instant timestamp) {
}
