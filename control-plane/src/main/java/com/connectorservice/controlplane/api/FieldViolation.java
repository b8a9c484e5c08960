package com.connectorservice.controlplane.api;

/**
 * One broken rule: {@code field} is the JSON path of the offending value (e.g.
 * {@code destination.primaryKeyColumns[1].type}), {@code rule} a stable identifier clients can
 * switch on (e.g. {@code destination.primaryKeyColumns.type.required}).
 */
public record FieldViolation(String field, String rule, String message) {

    /** The violation of {@code ruleName} at {@code field}; its rule id is the field path without list indices plus the name. */
    public static FieldViolation at(String field, String ruleName, String message) {
        return new FieldViolation(field, field.replaceAll("\\[\\d+]", "") + "." + ruleName, message);
    }
}