package com.connectorservice.controlplane.authorization;

import java.util.Map;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.connectorservice.controlplane.api.ProblemResponses;
import com.connectorservice.controlplane.audit.AuditLog;
import com.connectorservice.controlplane.connector.ConnectorDefinition;

import io.swagger.v3.oas.annotations.Operation;

@RestController
@RequestMapping("/api/v1/instances/{instanceId}")
class AuthorizationController {

    private final AuthorizationCheck check;
    private final AuditLog audit;

    AuthorizationController(AuthorizationCheck check, AuditLog audit) {
        this.check = check;
        this.audit = audit;
    }

    /** Checks the destination's cloud authorization of a definition (also the wizard's); saves nothing. */
    @Operation(operationId = "checkConnectorAuthorization", summary = "Checks the destination's cloud authorization of a definition; saves nothing")
    @ProblemResponses({400, 404})
    @PostMapping("/connectors:check-authorization")
    AuthorizationCheckResponse checkAuthorization(@PathVariable String instanceId,
            @RequestBody ConnectorDefinition definition) {
        return check.check(definition == null ? null : definition.withDefaults());
    }

    /** Creates the service-linked role Tablestore connectors write with, when a check reported it missing. */
    @Operation(operationId = "createServiceLinkedRole", summary = "Creates the service-linked role Tablestore connectors"
            + " write with (seed 003); an existing one is kept")
    @ProblemResponses({404})
    @PostMapping("/connectors:create-service-linked-role")
    AuthorizationCheckResponse createServiceLinkedRole(@PathVariable String instanceId) {
        AuthorizationCheckResponse answer = check.createServiceLinkedRole();
        if (!answer.actionsTaken().isEmpty()) {
            audit.record("cloud.service-linked-role.create", "instances/" + instanceId,
                    Map.of("actions", answer.actionsTaken()));
        }
        return answer;
    }
}
