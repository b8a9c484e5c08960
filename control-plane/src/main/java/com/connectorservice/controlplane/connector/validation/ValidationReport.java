package com.connectorservice.controlplane.connector.validation;

import java.util.List;

import com.connectorservice.controlplane.api.FieldViolation;

/** Everything wrong with a definition at once: errors block it, warnings do not. */
public record ValidationReport(List<FieldViolation> errors, List<FieldViolation> warnings) {

    public boolean valid() {
        return errors.isEmpty();
    }
}
