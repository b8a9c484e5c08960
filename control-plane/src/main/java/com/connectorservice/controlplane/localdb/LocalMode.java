package com.connectorservice.controlplane.localdb;

import java.nio.file.Path;

/**
 * Whether the control plane runs on its own embedded PostgreSQL (a developer machine) rather than an
 * external database. Local mode may generate what production must be given: the secrets key, the admin token.
 */
public record LocalMode(boolean enabled, Path dataDirectory) {
}
