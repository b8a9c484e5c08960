package com.connectorservice.controlplane.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code adminToken} (env CONNECTORS_ADMIN_TOKEN): the bearer token of the built-in admin; stored only hashed. */
@ConfigurationProperties("connectors.security")
public record SecurityProperties(String adminToken) {
}
