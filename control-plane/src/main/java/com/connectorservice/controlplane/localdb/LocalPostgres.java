package com.connectorservice.controlplane.localdb;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import io.zonky.test.db.postgres.util.LinuxUtils;

/**
 * The embedded PostgreSQL of local mode, locked down and crash-safe. Zonky's {@code initdb} trusts every local
 * connection; here the superuser gets a generated password (kept in {@value #PASSWORD_FILE}, mode 0600, in the data
 * directory), {@code pg_hba.conf} allows only password (SCRAM) logins over loopback TCP, the server listens on
 * loopback only and opens no Unix socket. A PostgreSQL left running by a control plane that was killed (kill -9 does
 * not stop the postmaster, which still holds the data directory) is stopped before the new one starts, with a fast
 * shutdown that ends the sessions other clients (a replica) still hold.
 */
final class LocalPostgres {

    static final String PASSWORD_FILE = "superuser-password";
    private static final Logger log = LoggerFactory.getLogger(LocalPostgres.class);
    /** Zonky's lock in the data directory, held by the JVM whose PostgreSQL uses it. */
    private static final String ZONKY_LOCK = "epg-lock";
    private static final Duration ORPHAN_STOP_TIMEOUT = Duration.ofSeconds(30);
    private static final String SUPERUSER = "postgres";
    private static final String PG_HBA = """
            # Written by the control plane at every start (local mode): password (SCRAM) logins over loopback TCP only.
            # The superuser's password is in %s beside this file (mode 0600); there is no Unix socket.
            host all all 127.0.0.1/32 scram-sha-256
            host all all ::1/128 scram-sha-256
            """.formatted(PASSWORD_FILE);

    private LocalPostgres() {
    }

    /** Starts (initialising on first use) the PostgreSQL of {@code dataDirectory}; {@code port} 0 picks a free one. */
    static Started start(Path dataDirectory, int port) throws IOException {
        Files.createDirectories(dataDirectory);
        stopOrphan(dataDirectory);
        Path passwordFile = dataDirectory.resolve(PASSWORD_FILE);
        boolean passwordSet = Files.exists(passwordFile);
        String password = passwordSet ? Files.readString(passwordFile, StandardCharsets.US_ASCII).trim() : newPassword();
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPgBinaryResolver(Binaries.INSTANCE)
                .setDataDirectory(dataDirectory.toFile())
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("unix_socket_directories", "''")
                .setConnectConfig("password", password)
                .setDataDirectoryCustomizer(directory -> {
                    writePgHba(directory.toPath());
                    if (!passwordSet) {
                        setPassword(directory.toPath(), password);
                    }
                });
        if (port > 0) {
            builder.setPort(port);
        }
        return new Started(builder.start(), SUPERUSER, password);
    }

    record Started(EmbeddedPostgres postgres, String user, String password) implements AutoCloseable {

        @Override
        public void close() throws IOException {
            postgres.close();
        }

        String jdbcUrl() {
            return postgres.getJdbcUrl(user, "postgres");
        }

        @Override
        public String toString() {
            return "LocalPostgres[port " + postgres.getPort() + "]";
        }
    }

    /**
     * Stops the postmaster a killed control plane left on this data directory. It is an orphan only when no live
     * process holds zonky's lock; a live control plane on the same directory is refused instead.
     */
    static void stopOrphan(Path dataDirectory) throws IOException {
        Optional<ProcessHandle> postmaster = postmaster(dataDirectory);
        if (postmaster.isEmpty()) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dataDirectory.resolve(ZONKY_LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException("another control plane runs on " + dataDirectory
                        + " (its PostgreSQL has pid " + postmaster.get().pid() + "); stop it first or choose another"
                        + " connectors.embedded-postgres.data-directory");
            }
        }
        ProcessHandle orphan = postmaster.get();
        log.warn("Local mode: stopping the PostgreSQL (pid {}) that a control plane which did not stop cleanly left"
                + " running on {}", orphan.pid(), dataDirectory);
        fastShutdown(orphan);
        try {
            orphan.onExit().get(ORPHAN_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            log.warn("Local mode: PostgreSQL pid {} did not stop within {}; killing it", orphan.pid(), ORPHAN_STOP_TIMEOUT);
            orphan.destroyForcibly();
            orphan.onExit().join();
        }
    }

    /**
     * SIGINT, PostgreSQL's fast shutdown: it ends the sessions still connected and stops cleanly. SIGTERM's smart
     * shutdown would wait for every client to leave, and a replica's pool on this database never leaves: the start
     * then waited the whole {@link #ORPHAN_STOP_TIMEOUT} and killed the server.
     */
    private static void fastShutdown(ProcessHandle postmaster) {
        try {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid())).redirectErrorStream(true)
                    .start();
            if (kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0) {
                return;
            }
            kill.destroyForcibly();
        } catch (IOException e) {
            // no kill command: the smart shutdown below, then the timeout
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        postmaster.destroy();
    }

    /** The live postmaster named by {@code postmaster.pid}, if that pid still is a postgres of this directory. */
    private static Optional<ProcessHandle> postmaster(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile, StandardCharsets.US_ASCII);
        if (lines.isEmpty() || lines.get(0).isBlank()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        // a pid reused by another program after a reboot is not ours to stop
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(process -> process.info().commandLine()
                .or(() -> process.info().command()).map(command -> command.contains("postgres")).orElse(false));
    }

    private static void writePgHba(Path directory) {
        try {
            Files.writeString(directory.resolve("pg_hba.conf"), PG_HBA, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + directory.resolve("pg_hba.conf"), e);
        }
    }

    /**
     * Sets the superuser's password in single-user mode (before the server listens at all), then keeps it in the
     * password file: written to a temporary file first, so a failure leaves neither a file without a password in the
     * database nor the other way round.
     */
    private static void setPassword(Path directory, String password) {
        Path passwordFile = directory.resolve(PASSWORD_FILE);
        Path pending = directory.resolve(PASSWORD_FILE + ".new");
        try {
            Files.deleteIfExists(pending);
            Files.createFile(pending, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(pending, password, StandardCharsets.US_ASCII);
            List<String> command = new ArrayList<>();
            if (LinuxUtils.isUnshareAvailable()) {
                command.addAll(List.of("unshare", "-U")); // as zonky runs it: PostgreSQL refuses to run as root
            }
            // the statement is never written to the server log: it carries the password
            command.addAll(List.of(Binaries.INSTANCE.postgres().toString(), "--single", "-D", directory.toString(),
                    "-c", "log_min_error_statement=panic", "-c", "log_statement=none", SUPERUSER));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            try (OutputStream in = process.getOutputStream()) {
                in.write(("ALTER ROLE " + SUPERUSER + " PASSWORD '" + password + "';\n").getBytes(StandardCharsets.US_ASCII));
            }
            String output;
            try (InputStream out = process.getInputStream()) {
                output = new String(out.readAllBytes(), StandardCharsets.UTF_8).replace(password, "<password>");
            }
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0 || output.contains("ERROR")) {
                process.destroyForcibly();
                throw new IllegalStateException("could not set the local PostgreSQL superuser's password: " + output);
            }
            Files.move(pending, passwordFile, StandardCopyOption.ATOMIC_MOVE);
            log.info("Local mode: generated the PostgreSQL superuser's password, kept in {}", passwordFile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not set the local PostgreSQL superuser's password", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while setting the local PostgreSQL superuser's password", e);
        }
    }

    private static String newPassword() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /**
     * Zonky's bundled binaries, remembering where zonky unpacks them ({@code PG-<md5 of the archive>} in its working
     * directory) so that single-user mode can run the same {@code postgres}.
     */
    static final class Binaries implements PgBinaryResolver {

        static final Binaries INSTANCE = new Binaries();
        private volatile String archiveMd5;

        @Override
        public InputStream getPgBinary(String system, String machineHardware) throws IOException {
            InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
            if (archive == null) {
                return null;
            }
            MessageDigest md5;
            try {
                md5 = MessageDigest.getInstance("MD5");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            return new DigestInputStream(archive, md5) {
                private boolean closed;

                @Override
                public void close() throws IOException {
                    super.close();
                    if (!closed) { // zonky closes it twice
                        closed = true;
                        archiveMd5 = HexFormat.of().formatHex(md5.digest());
                    }
                }
            };
        }

        Path postgres() {
            if (archiveMd5 == null) {
                throw new IllegalStateException("the PostgreSQL binaries are not unpacked yet");
            }
            Path workingDirectory = Path.of(System.getProperty("ot.epg.working-dir",
                    Path.of(System.getProperty("java.io.tmpdir"), "embedded-pg").toString()));
            return workingDirectory.resolve("PG-" + archiveMd5).resolve("bin").resolve("postgres");
        }
    }
}
