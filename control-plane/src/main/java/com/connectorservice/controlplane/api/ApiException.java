package com.connectorservice.controlplane.api;

import java.util.List;

import org.springframework.http.HttpStatus;

/** An error answered as RFC 9457 problem+json with the violations listed under {@code errors}. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final List<FieldViolation> errors;
    private final List<FieldViolation> warnings;

    public ApiException(HttpStatus status, String detail, List<FieldViolation> errors, List<FieldViolation> warnings) {
        super(detail);
        this.status = status;
        this.errors = List.copyOf(errors);
        this.warnings = List.copyOf(warnings);
    }

    public ApiException(HttpStatus status, List<FieldViolation> errors) {
        this(status, errors.isEmpty() ? status.getReasonPhrase() : errors.get(0).message(), errors, List.of());
    }

    public static ApiException of(HttpStatus status, String field, String rule, String message) {
        return new ApiException(status, List.of(new FieldViolation(field, rule, message)));
    }

    public static ApiException notFound(String field, String rule, String message) {
        return of(HttpStatus.NOT_FOUND, field, rule, message);
    }

    public static ApiException conflict(String field, String rule, String message) {
        return of(HttpStatus.CONFLICT, field, rule, message);
    }

    public static ApiException badRequest(String field, String rule, String message) {
        return of(HttpStatus.BAD_REQUEST, field, rule, message);
    }

    public HttpStatus status() {
        return status;
    }

    public List<FieldViolation> errors() {
        return errors;
    }

    public List<FieldViolation> warnings() {
        return warnings;
    }
}
