package com.connectorservice.controlplane.connector.validation;

import java.util.ArrayList;
import java.util.List;

import com.connectorservice.controlplane.api.FieldViolation;

/**
 * Collects violations. The rule id is the field path without list indices plus a rule name, so
 * {@code destination.primaryKeyColumns[1].type} + {@code required} gives rule
 * {@code destination.primaryKeyColumns.type.required}.
 */
public final class Violations {

    private final List<FieldViolation> errors = new ArrayList<>();
    private final List<FieldViolation> warnings = new ArrayList<>();

    public void error(String field, String rule, String message) {
        errors.add(violation(field, rule, message));
    }

    public void warning(String field, String rule, String message) {
        warnings.add(violation(field, rule, message));
    }

    /** An error with the text that repairs it (e.g. the DDL of a missing table), for the user to copy. */
    public void error(String field, String rule, String message, String fix) {
        errors.add(FieldViolation.at(field, rule, message, fix));
    }

    public boolean hasErrorOn(String fieldPrefix) {
        return errors.stream().anyMatch(e -> e.field() != null && e.field().startsWith(fieldPrefix));
    }

    /** Adds {@code field.required} when the value is blank; answers whether the value is present. */
    public boolean required(String field, String value) {
        if (value == null || value.isBlank()) {
            error(field, "required", field + " is required");
            return false;
        }
        return true;
    }

    public boolean required(String field, Object value) {
        if (value == null) {
            error(field, "required", field + " is required");
            return false;
        }
        return true;
    }

    public List<FieldViolation> errors() {
        return List.copyOf(errors);
    }

    public ValidationReport report() {
        return new ValidationReport(List.copyOf(errors), List.copyOf(warnings));
    }

    private static FieldViolation violation(String field, String rule, String message) {
        return FieldViolation.at(field, rule, message);
    }
}
