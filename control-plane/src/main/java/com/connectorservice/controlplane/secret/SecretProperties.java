package com.connectorservice.controlplane.secret;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The AES-256 key that encrypts secrets at rest: {@code key} (base64 of 32 bytes) or {@code keyFile}
 * (a file holding that base64 text). In local mode a missing key file is generated.
 */
@ConfigurationProperties("connectors.secrets")
public record SecretProperties(String key, Path keyFile) {
}
