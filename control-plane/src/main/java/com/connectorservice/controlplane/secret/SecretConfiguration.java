package com.connectorservice.controlplane.secret;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import com.connectorservice.controlplane.localdb.LocalMode;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecretProperties.class)
class SecretConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecretConfiguration.class);

    @Bean
    SecretCipher secretCipher(SecretProperties properties, LocalMode localMode) throws IOException {
        if (properties.key() != null && !properties.key().isBlank()) {
            return new SecretCipher(decode(properties.key(), "connectors.secrets.key"));
        }
        Path keyFile = properties.keyFile();
        if (keyFile == null && localMode.enabled()) {
            keyFile = localMode.dataDirectory().resolveSibling("secrets.key");
        }
        if (keyFile == null) {
            throw new IllegalStateException("no key for secrets: set connectors.secrets.key (base64 of 32 random bytes) "
                    + "or connectors.secrets.key-file");
        }
        if (Files.notExists(keyFile)) {
            if (!localMode.enabled()) {
                throw new IllegalStateException("connectors.secrets.key-file " + keyFile + " does not exist");
            }
            generate(keyFile);
        }
        return new SecretCipher(decode(Files.readString(keyFile).trim(), keyFile.toString()));
    }

    private static void generate(Path keyFile) throws IOException {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.createDirectories(keyFile.toAbsolutePath().getParent());
        Files.writeString(keyFile, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: the file keeps the platform's default permissions
        }
        log.info("Generated a new key for secrets at rest in {}", keyFile.toAbsolutePath());
    }

    private static byte[] decode(String base64, String source) {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " is not valid base64", e);
        }
    }
}
