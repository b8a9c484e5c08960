package com.connectorservice.controlplane.connector;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.util.List;

import com.connectorservice.controlplane.api.FieldViolation;

import io.swagger.v3.oas.annotations.media.Schema;

/** Answer of {@code connectors:validate}: every violation, and the definition as it would be stored (masked). */
public record ValidationResponse(@Schema(requiredMode = REQUIRED) boolean valid,
        @Schema(requiredMode = REQUIRED) List<FieldViolation> errors, @Schema(requiredMode = REQUIRED) List<FieldViolation> warnings,
        ConnectorDefinition definition) {
}
