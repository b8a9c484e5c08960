package com.connectorservice.controlplane.localdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.connectorservice.controlplane.ControlPlaneApplication;

/**
 * Local mode as a developer meets it: no datasource configured, so the control plane runs its own PostgreSQL
 * in the data directory, generates the secrets key and an admin token, and finds all of it again on restart.
 */
class LocalModeTest {

    private static final Pattern TOKEN = Pattern.compile("(cst_[A-Za-z0-9_-]{43})");

    @TempDir
    Path data;

    @Test
    void startsOnAFreshMachineAndKeepsItsStateAcrossRestarts() throws Exception {
        String token;
        PrintStream originalOut = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try (ConfigurableApplicationContext first = start()) {
            System.setOut(originalOut);
            Matcher match = TOKEN.matcher(printed.toString(StandardCharsets.UTF_8));
            assertThat(match.find()).as("the generated admin token is printed once").isTrue();
            token = match.group(1);
            assertThat(get(first, "/api/v1/instances", token)).isEqualTo(200);
            assertThat(get(first, "/api/v1/instances", "wrong")).isEqualTo(401);
        } finally {
            System.setOut(originalOut);
        }
        Path keyFile = data.resolve("secrets.key");
        assertThat(decodedKeyLength(keyFile)).isEqualTo(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        byte[] key = Files.readAllBytes(keyFile);

        try (ConfigurableApplicationContext second = start()) {
            assertThat(get(second, "/api/v1/instances", token)).as("the stored admin token still works").isEqualTo(200);
        }
        assertThat(Files.readAllBytes(keyFile)).as("the key is generated once").isEqualTo(key);
    }

    /**
     * Quartz registers its data source JVM-wide under the scheduler's name: with the name of the shared test context's
     * scheduler, this application (closed when the test ends) would take over that context's sync-job scheduling.
     */
    private ConfigurableApplicationContext start() {
        return SpringApplication.run(ControlPlaneApplication.class, "--server.port=0", "--connectors.security.admin-token=",
                "--connectors.embedded-postgres.data-directory=" + data.resolve("postgres"),
                "--spring.quartz.scheduler-name=local-mode-test", "--spring.main.banner-mode=off");
    }

    private static int decodedKeyLength(Path keyFile) throws Exception {
        return java.util.Base64.getDecoder().decode(Files.readString(keyFile).trim()).length;
    }

    private static int get(ConfigurableApplicationContext context, String path, String token) throws Exception {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + token).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
