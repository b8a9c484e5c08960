package com.connectorservice.controlplane.authorization;

import java.util.List;

import com.connectorservice.controlplane.api.FieldViolation;

/**
 * The answer of an authorization check: {@code ok} when nothing blocks the connector from writing with the given
 * credentials; the problems, each naming the field and the rule; the MaxCompute statements the user must run for a
 * RAM role, ready to copy; and what the check did on the user's behalf (e.g. the service-linked role it created).
 */
public record AuthorizationCheckResponse(boolean ok, List<FieldViolation> problems, List<String> grantStatements,
        List<String> actionsTaken) {
}
