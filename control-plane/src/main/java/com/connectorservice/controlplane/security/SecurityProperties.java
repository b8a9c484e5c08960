package com.connectorservice.controlplane.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code adminToken} (env CONNECTORS_ADMIN_TOKEN): the bearer token of the built-in admin; {@code agentToken}
 * (env CONNECTORS_AGENT_TOKEN): the built-in token of the worker agents. Both stored only hashed.
 */
@ConfigurationProperties("connectors.security")
public record SecurityProperties(String adminToken, String agentToken) {
}
