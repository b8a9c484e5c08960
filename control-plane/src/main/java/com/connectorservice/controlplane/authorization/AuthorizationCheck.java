package com.connectorservice.controlplane.authorization;

import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.connectorservice.controlplane.api.FieldViolation;
import com.connectorservice.controlplane.connector.ConnectorDefinition;
import com.connectorservice.controlplane.destination.Destinations;

/**
 * Checks, before a connector is deployed (and for the wizard), that the connector service can act on the destination;
 * what that means is the destination's own ({@link Destinations#checkAuthorization}): for a MaxCompute RAM role, that
 * the role exists and trusts the service and holds seed 000's grants (the statements to run when it does not); for
 * Tablestore, the service-linked role, which {@link #createServiceLinkedRole()} creates when the user asks.
 */
public class AuthorizationCheck {

    private static final Logger log = LoggerFactory.getLogger(AuthorizationCheck.class);

    private final CloudIdentityProperties identity;
    private final Destinations destinations;

    public AuthorizationCheck(CloudIdentityProperties identity, Destinations destinations) {
        this.identity = identity;
        this.destinations = destinations;
    }

    public AuthorizationCheckResponse check(ConnectorDefinition definition) {
        if (definition == null || definition.destination() == null) {
            return refused(new FieldViolation("destination", "destination.required", "a destination is required"));
        }
        if (!identity.configured()) {
            return refused(missingIdentity());
        }
        try (CloudRoles cloud = new CloudRoles(identity)) {
            AuthorizationFindings findings = new AuthorizationFindings(identity, cloud);
            destinations.checkAuthorization(definition.destination(), findings);
            return findings.response();
        }
    }

    private static AuthorizationCheckResponse refused(FieldViolation problem) {
        return new AuthorizationCheckResponse(false, List.of(problem), List.of(), null, List.of());
    }

    /**
     * Creates the service-linked role Tablestore connectors write with (seed 003), at the user's request after a check
     * reported it missing; an existing role is left as it is.
     */
    public AuthorizationCheckResponse createServiceLinkedRole() {
        if (!identity.configured()) {
            return refused(missingIdentity());
        }
        try (CloudRoles cloud = new CloudRoles(identity)) {
            AuthorizationFindings findings = new AuthorizationFindings(identity, cloud);
            findings.createServiceLinkedRole();
            return findings.response();
        }
    }

    /**
     * Seed 003: creating a Tablestore connector creates the service-linked role when it is missing. A service without
     * a cloud identity has nothing to create it with; a refusal is logged and the connector stays created (the
     * wizard's check reports the role until it exists).
     */
    public void ensureServiceLinkedRole() {
        if (!identity.configured()) {
            return;
        }
        try {
            AuthorizationCheckResponse answer = createServiceLinkedRole();
            answer.problems().forEach(problem -> log.warn("Service-linked role: {}", problem.message()));
            answer.actionsTaken().forEach(action -> log.info("Service-linked role: {}", action));
        } catch (RuntimeException e) {
            log.warn("Could not create the service-linked role {}: {}", identity.serviceLinkedRoleName(), e.toString());
        }
    }

    private static FieldViolation missingIdentity() {
        return new FieldViolation("destination.auth", "cloud.identity.missing", "the connector service has"
                + " no cloud identity to call RAM and STS with: set connectors.cloud.access-key-id and"
                + " connectors.cloud.access-key-secret");
    }
}
