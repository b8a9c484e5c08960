package com.connectorservice.controlplane.localdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
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

    /**
     * Quartz keeps a JVM-wide registry of job-store connections by scheduler name: a control plane started and closed
     * here must not replace the connections of the test contexts that Spring keeps running in this JVM.
     */
    static final String OWN_SCHEDULER = "--spring.quartz.scheduler-name=local-mode-test";

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
            assertOnlyLoopbackAnswers(((WebServerApplicationContext) first).getWebServer().getPort());
            assertThePostgresIsLockedDown(first.getBean(LocalPostgres.Started.class));
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

    /** Issue 12 item 9: local mode binds the control plane to loopback unless asked. */
    private static void assertOnlyLoopbackAnswers(int port) throws Exception {
        assertThat(reachable(InetAddress.getLoopbackAddress(), port)).isTrue();
        assertThat(reachable(nonLoopbackAddress(), port)).as("port %d on another interface", port).isFalse();
    }

    /**
     * Issue 12 item 7: the superuser has a generated password kept 0600 in the data directory; no login without it,
     * and PostgreSQL listens on loopback only, without a Unix socket.
     */
    private void assertThePostgresIsLockedDown(LocalPostgres.Started postgres) throws Exception {
        Path passwordFile = data.resolve("postgres").resolve(LocalPostgres.PASSWORD_FILE);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
        String password = Files.readString(passwordFile).trim();
        assertThat(password).hasSizeGreaterThanOrEqualTo(40);
        int port = postgres.postgres().getPort();
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
        assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "")).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "guess")).isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
        try (Connection connection = DriverManager.getConnection(url, "postgres", password);
                Statement statement = connection.createStatement()) {
            assertThat(setting(statement, "listen_addresses")).isEqualTo("localhost");
            assertThat(setting(statement, "unix_socket_directories")).isEmpty();
            assertThat(setting(statement, "password_encryption")).isEqualTo("scram-sha-256");
        }
        assertThat(reachable(nonLoopbackAddress(), port)).as("PostgreSQL on another interface").isFalse();
    }

    private static String setting(Statement statement, String name) throws SQLException {
        try (ResultSet rows = statement.executeQuery("show " + name)) {
            rows.next();
            return rows.getString(1);
        }
    }

    private static boolean reachable(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 2000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** An address of this machine other people could connect to (the test machine has one). */
    private static InetAddress nonLoopbackAddress() throws SocketException {
        return NetworkInterface.networkInterfaces().filter(LocalModeTest::up)
                .flatMap(NetworkInterface::inetAddresses)
                .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
                .findFirst().orElseThrow(() -> new IllegalStateException("this machine has no non-loopback IPv4 address"));
    }

    private static boolean up(NetworkInterface network) {
        try {
            return network.isUp() && !network.isLoopback();
        } catch (SocketException e) {
            return false;
        }
    }

    private ConfigurableApplicationContext start() {
        return SpringApplication.run(ControlPlaneApplication.class, "--server.port=0", "--connectors.security.admin-token=",
                "--connectors.embedded-postgres.data-directory=" + data.resolve("postgres"),
                "--spring.main.banner-mode=off", OWN_SCHEDULER);
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
