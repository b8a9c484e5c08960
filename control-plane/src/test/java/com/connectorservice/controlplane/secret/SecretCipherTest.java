package com.connectorservice.controlplane.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private final SecretCipher cipher = new SecretCipher("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    @Test
    void encryptsWithAFreshIvEachTimeAndDecryptsBack() {
        String first = cipher.encrypt("S3cret!");
        String second = cipher.encrypt("S3cret!");

        assertThat(first).startsWith("enc:v1:").doesNotContain("S3cret").isNotEqualTo(second);
        assertThat(cipher.decrypt(first)).isEqualTo("S3cret!");
        assertThat(cipher.decrypt(second)).isEqualTo("S3cret!");
        assertThat(cipher.encrypt(first)).as("already encrypted values are not encrypted twice").isEqualTo(first);
    }

    @Test
    void refusesATamperedCiphertextAndAnotherKey() {
        String sealed = cipher.encrypt("S3cret!");
        byte[] raw = Base64.getDecoder().decode(sealed.substring("enc:v1:".length()));
        raw[raw.length - 1] ^= 1;
        String tampered = "enc:v1:" + Base64.getEncoder().encodeToString(raw);
        SecretCipher otherKey = new SecretCipher("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> cipher.decrypt(tampered)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> otherKey.decrypt(sealed)).hasMessageContaining("connectors.secrets.key");
    }

    @Test
    void acceptsOnlyA256BitKey() {
        assertThatThrownBy(() -> new SecretCipher(new byte[16])).hasMessageContaining("32 bytes");
    }
}
