package com.connectorservice.controlplane.connector;

import java.util.List;

import com.connectorservice.controlplane.api.FieldViolation;

/** Answer of {@code connectors:validate}: every violation, and the definition as it would be stored (masked). */
public record ValidationResponse(boolean valid, List<FieldViolation> errors, List<FieldViolation> warnings,
        ConnectorDefinition definition) {
}
