package com.connectorservice.agent.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretsStoreTest {

    @TempDir
    Path dir;

    @Test
    void secretReferencesBecomeFileProviderReferencesToAnOwnerOnlyFile() throws Exception {
        SecretsStore store = new SecretsStore(dir.resolve("secrets"));
        Map<String, String> secrets = Map.of("ak", "tricky = value: with \\ and\nnewline #!");

        assertThat(store.write("c1", secrets)).isTrue();
        assertThat(store.write("c1", secrets)).as("unchanged secrets are not rewritten").isFalse();
        assertThat(store.read("c1")).isEqualTo(secrets);
        assertThat(Files.getPosixFilePermissions(store.file("c1"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(store.directory())).isEqualTo(PosixFilePermissions.fromString("rwx------"));

        Map<String, String> resolved = store.resolveReferences("c1",
                Map.of("access_key_secret", "${secret:ak}", "jaas", "x password=\"${secret:ak}\";", "plain", "v"));
        String reference = "${file:" + store.file("c1") + ":ak}";
        assertThat(resolved).containsEntry("access_key_secret", reference)
                .containsEntry("jaas", "x password=\"" + reference + "\";").containsEntry("plain", "v");
        assertThat(SecretsStore.missingReferences(Map.of("a", "${secret:ak}${secret:other}"), secrets))
                .containsExactly("other");

        store.delete("c1");
        assertThat(store.file("c1")).doesNotExist();
    }
}
