package com.connectorservice.controlplane.localdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import com.connectorservice.controlplane.ControlPlaneApplication;

/**
 * Issue 12 item 12: kill -9 of a local-mode control plane leaves its PostgreSQL running and holding the data
 * directory; the next start must still come up, on the same data.
 */
class LocalModeCrashTest {

    private static final String TOKEN = "local-crash-admin-token-0123456789";

    @TempDir
    Path data;

    @Test
    void theNextStartAfterAKillMinus9ComesUpOnTheSameData() throws Exception {
        Path postgresData = data.resolve("postgres");
        int port = freePort();
        Process killed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                ControlPlaneApplication.class.getName(), "--server.port=" + port, "--spring.main.banner-mode=off",
                "--connectors.security.admin-token=" + TOKEN,
                "--connectors.embedded-postgres.data-directory=" + postgresData)
                .redirectErrorStream(true).redirectOutput(data.resolve("killed.log").toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
                assertThat(killed.isAlive()).as(Files.readString(data.resolve("killed.log"))).isTrue();
                return get(port, "/api/v1/instances") == 200;
            });
        } finally {
            killed.destroyForcibly().waitFor();
        }
        Optional<ProcessHandle> orphan = postmaster(postgresData);
        assertThat(orphan).as("kill -9 leaves the postmaster running").isPresent();

        // a client that outlives the killed control plane, as a replica's connection pool on the same database does
        try (Connection replica = connectToOrphan(postgresData)) {
            long restarting = System.nanoTime();
            try (ConfigurableApplicationContext restarted = SpringApplication.run(ControlPlaneApplication.class,
                    "--server.port=" + port, "--spring.main.banner-mode=off", "--connectors.security.admin-token=" + TOKEN,
                    "--connectors.embedded-postgres.data-directory=" + postgresData, LocalModeTest.OWN_SCHEDULER)) {
                Duration restart = Duration.ofNanos(System.nanoTime() - restarting);
                assertThat(get(port, "/api/v1/instances")).as("the stored admin token, so the same database").isEqualTo(200);
                assertThat(orphan.get().isAlive()).as("the orphan is stopped").isFalse();
                assertThat(replica.isValid(2)).as("the orphan ended the other client's session").isFalse();
                // a smart shutdown waited for that client until the 30 s timeout, then killed the server
                assertThat(restart).as("restart with another client connected to the orphan").isLessThan(Duration.ofSeconds(20));
            }
        }
    }

    private static Connection connectToOrphan(Path postgresData) throws Exception {
        List<String> pid = Files.readAllLines(postgresData.resolve("postmaster.pid"), StandardCharsets.US_ASCII);
        String password = Files.readString(postgresData.resolve(LocalPostgres.PASSWORD_FILE), StandardCharsets.US_ASCII).trim();
        // postmaster.pid's fourth line is the port
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + pid.get(3).trim() + "/postgres", "postgres",
                password);
    }

    private static Optional<ProcessHandle> postmaster(Path postgresData) throws Exception {
        List<String> lines = Files.readAllLines(postgresData.resolve("postmaster.pid"), StandardCharsets.US_ASCII);
        return ProcessHandle.of(Long.parseLong(lines.get(0).trim())).filter(ProcessHandle::isAlive);
    }

    private static int get(int port, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
