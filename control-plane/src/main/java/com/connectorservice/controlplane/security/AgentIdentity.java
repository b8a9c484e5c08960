package com.connectorservice.controlplane.security;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

import com.connectorservice.controlplane.api.ApiException;

/**
 * The one agent an AGENT token was issued for, kept beside the authenticated token. The agent API lets a token act
 * only as that agent: register it, heartbeat for it, receive what is placed on it.
 */
public record AgentIdentity(String agentId) {

    /** Throws 403 unless the current request's token was issued for agent {@code id}. */
    public static void require(String id) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        String bound = authentication != null && authentication.getDetails() instanceof AgentIdentity identity
                ? identity.agentId() : null;
        if (bound == null || !bound.equals(id)) {
            throw ApiException.of(HttpStatus.FORBIDDEN, "id", "id.agentToken", bound == null
                    ? "this token is not issued for an agent"
                    : "this AGENT token was issued for agent '" + bound + "' and cannot act as agent '" + id + "'");
        }
    }
}
