package com.connectorservice.controlplane.security;

/** ADMIN may change everything; VIEWER may only read. */
public enum TokenRole {
    ADMIN, VIEWER;

    String authority() {
        return "ROLE_" + name();
    }
}
