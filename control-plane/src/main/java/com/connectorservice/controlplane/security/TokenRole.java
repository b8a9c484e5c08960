package com.connectorservice.controlplane.security;

/** ADMIN may change everything; VIEWER may only read; AGENT (worker-runtime agents) may only call /api/v1/agents. */
public enum TokenRole {
    ADMIN, VIEWER, AGENT;

    String authority() {
        return "ROLE_" + name();
    }
}
