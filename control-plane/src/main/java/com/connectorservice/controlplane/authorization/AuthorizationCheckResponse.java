package com.connectorservice.controlplane.authorization;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.util.List;

import com.connectorservice.controlplane.api.FieldViolation;
import com.fasterxml.jackson.annotation.JsonInclude;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The answer of an authorization check: {@code ok} when nothing blocks the connector from writing with the given
 * credentials; the problems, each naming the field and the rule; the MaxCompute statements the user must run for a
 * RAM role, ready to copy; the trust policy a RAM role must have so the service may assume it (null without a RAM
 * role); and what was done on the user's behalf (e.g. the service-linked role created at their request).
 */
public record AuthorizationCheckResponse(@Schema(requiredMode = REQUIRED) boolean ok,
        @Schema(requiredMode = REQUIRED) List<FieldViolation> problems,
        @Schema(requiredMode = REQUIRED) List<String> grantStatements,
        @Schema(description = "the trust policy (AssumeRolePolicyDocument) the RAM role must have, to copy")
        @JsonInclude(JsonInclude.Include.NON_NULL) String trustPolicy,
        @Schema(requiredMode = REQUIRED) List<String> actionsTaken) {
}
