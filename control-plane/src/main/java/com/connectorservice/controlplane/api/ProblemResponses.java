package com.connectorservice.controlplane.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The error statuses an endpoint answers besides 401 and 403 (every endpoint's), each as problem+json with field
 * errors. The OpenAPI document lists them, so a generated client knows every answer.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ProblemResponses {

    /** HTTP statuses, e.g. {@code {400, 404, 409}}. */
    int[] value();
}
