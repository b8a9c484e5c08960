package com.connectorservice.controlplane.localdb;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Local mode: without {@code spring.datasource.url} the control plane runs its own PostgreSQL from a
 * Maven artifact, keeping its data in {@code dataDirectory} across restarts. {@code port} 0 picks a free one.
 */
@ConfigurationProperties("connectors.embedded-postgres")
public record EmbeddedPostgresProperties(@DefaultValue("true") boolean enabled,
        @DefaultValue("./.data/postgres") Path dataDirectory, @DefaultValue("0") int port) {
}
