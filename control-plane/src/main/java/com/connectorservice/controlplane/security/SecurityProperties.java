package com.connectorservice.controlplane.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code adminToken} (env CONNECTORS_ADMIN_TOKEN): the bearer token of the built-in admin; {@code agentToken}
 * (env CONNECTORS_AGENT_TOKEN): the built-in token of one worker agent, the one with id {@code agentTokenAgentId}
 * (env CONNECTORS_AGENT_TOKEN_AGENT_ID, default {@code agent}, the token's name). Tokens are stored only hashed;
 * further agents get tokens of their own through {@code POST /api/v1/tokens}.
 */
@ConfigurationProperties("connectors.security")
public record SecurityProperties(String adminToken, String agentToken,
        @DefaultValue(TokenService.AGENT_NAME) String agentTokenAgentId) {
}
