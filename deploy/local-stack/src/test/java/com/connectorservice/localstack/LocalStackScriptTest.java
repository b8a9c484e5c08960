package com.connectorservice.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code local-stack.sh} itself, run by bash in a copy of the repository whose Maven wrapper only records that it ran. */
class LocalStackScriptTest {

    private static final Path SCRIPT = Path.of("").toAbsolutePath().resolve("../../local-stack.sh").normalize();

    @TempDir
    Path repository;

    @Test
    void helpPrintsTheUsageWithoutBuilding() throws Exception {
        Files.copy(SCRIPT, repository.resolve("local-stack.sh"));
        Path mavenRan = repository.resolve("maven-ran");
        Path wrapper = repository.resolve("mvnw");
        Files.writeString(wrapper, "#!/usr/bin/env bash\ntouch '" + mavenRan + "'\nsleep 5\nexit 3\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));

        for (String help : new String[] {"--help", "-h", "help"}) {
            Process script = new ProcessBuilder("bash", "local-stack.sh", help).directory(repository.toFile())
                    .redirectErrorStream(true).start();
            String output = new String(script.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(script.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(script.exitValue()).as(help + ": " + output).isZero();
            assertThat(output).as(help).contains("./local-stack.sh [--fresh]", "create-seed-tables", "sql");
            assertThat(mavenRan).as(help + " must not build").doesNotExist();
        }
    }
}
