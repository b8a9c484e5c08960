package com.connectorservice.controlplane.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import com.connectorservice.controlplane.localdb.LocalMode;

/**
 * Makes sure an admin can log in: a configured CONNECTORS_ADMIN_TOKEN becomes the built-in admin's token.
 * Without one, local mode generates a token once and prints it; an external database with no admin token
 * at all refuses to start, because printing credentials into a production log is not acceptable.
 */
@Component
class AdminTokenInitializer implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(AdminTokenInitializer.class);

    private final TokenService tokens;
    private final SecurityProperties properties;
    private final LocalMode localMode;

    AdminTokenInitializer(TokenService tokens, SecurityProperties properties, LocalMode localMode) {
        this.tokens = tokens;
        this.properties = properties;
        this.localMode = localMode;
    }

    @Override
    public void run(ApplicationArguments args) {
        String agentToken = properties.agentToken();
        if (agentToken != null && !agentToken.isBlank()) {
            String agentId = properties.agentTokenAgentId() == null || properties.agentTokenAgentId().isBlank()
                    ? TokenService.AGENT_NAME : properties.agentTokenAgentId().trim();
            tokens.setBuiltInToken(TokenService.AGENT_NAME, TokenRole.AGENT, agentToken.trim(), agentId);
            log.info("Agent token taken from connectors.security.agent-token (CONNECTORS_AGENT_TOKEN), for agent '{}'"
                    + " only (connectors.security.agent-token-agent-id, CONNECTORS_AGENT_TOKEN_AGENT_ID)", agentId);
        }
        String configured = properties.adminToken();
        if (configured != null && !configured.isBlank()) {
            tokens.setAdminToken(configured.trim());
            log.info("Admin token taken from connectors.security.admin-token (CONNECTORS_ADMIN_TOKEN)");
            return;
        }
        if (tokens.adminExists()) {
            log.info("Using the stored admin token; set CONNECTORS_ADMIN_TOKEN to replace it");
            return;
        }
        if (!localMode.enabled()) {
            throw new IllegalStateException("no admin token: set CONNECTORS_ADMIN_TOKEN (connectors.security.admin-token)");
        }
        String generated = tokens.newToken();
        tokens.setAdminToken(generated);
        // printed once, on purpose: only the hash is stored, so this is the one chance to see it
        System.out.println();
        System.out.println("  Generated admin token (shown once; only its hash is stored):");
        System.out.println("  " + generated);
        System.out.println();
    }
}
