package com.connectorservice.controlplane.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One broken rule: {@code field} is the JSON path of the offending value (e.g.
 * {@code destination.primaryKeyColumns[1].type}), {@code rule} a stable identifier clients can
 * switch on (e.g. {@code destination.primaryKeyColumns.type.required}), {@code fix} (when there is one) the exact text
 * that repairs it, for the user to copy: the DDL of a missing table.
 */
public record FieldViolation(String field, String rule, String message,
        @Schema(description = "text to copy that repairs it, e.g. the DDL of a missing table")
        @JsonInclude(JsonInclude.Include.NON_NULL) String fix) {

    public FieldViolation(String field, String rule, String message) {
        this(field, rule, message, null);
    }

    /** The violation of {@code ruleName} at {@code field}; its rule id is the field path without list indices plus the name. */
    public static FieldViolation at(String field, String ruleName, String message) {
        return at(field, ruleName, message, null);
    }

    public static FieldViolation at(String field, String ruleName, String message, String fix) {
        return new FieldViolation(field, field.replaceAll("\\[\\d+]", "") + "." + ruleName, message, fix);
    }
}
