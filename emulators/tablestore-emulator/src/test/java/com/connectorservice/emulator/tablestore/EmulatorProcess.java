package com.connectorservice.emulator.tablestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.alicloud.openservices.tablestore.SyncClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The emulator in its own JVM with the local stack's heap (256 MiB), as {@code ./local-stack.sh} runs it, so that a
 * test can stop it (SIGTERM), kill it (SIGKILL) and start it again on its data directory.
 */
final class EmulatorProcess {
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private final Path dataDirectory;
    private final Path log;
    private final int port;
    private Process process;

    EmulatorProcess(Path dataDirectory, Path log) throws IOException {
        this.dataDirectory = dataDirectory;
        this.log = log;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
    }

    SyncClient client() {
        return new SyncClient("http://127.0.0.1:" + port, "local-ak", "local-sk", "local-ots");
    }

    /** Starts the JVM; returns once it answers. */
    void start() throws Exception {
        process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-cp",
                System.getProperty("java.class.path"), TablestoreEmulatorMain.class.getName(),
                "--port", Integer.toString(port), "--data-dir", dataDirectory.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            assertThat(process.isAlive()).as("emulator running; its log: %s", log).isTrue();
            SyncClient client = client();
            try {
                client.listTable();
                return;
            } catch (RuntimeException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(200);
            } finally {
                client.shutdown();
            }
        }
    }

    /** The emulator JVM's resident memory (VmRSS): heap, RocksDB's caches and memtables, code. */
    double residentMib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        throw new IllegalStateException("no VmRSS for the emulator, pid " + process.pid());
    }

    /** The emulator's live heap: a full collection ({@code jcmd GC.run}), then the generations' use (Serial GC). */
    double heapAfterFullGcMib() throws Exception {
        jcmd("GC.run");
        long usedKib = 0;
        for (String line : jcmd("GC.heap_info").split("\n")) {
            Matcher used = USED.matcher(line);
            if (line.contains("generation") && used.find()) {
                usedKib += Long.parseLong(used.group(1));
            }
        }
        return usedKib / 1024.0;
    }

    private String jcmd(String command) throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), command).redirectErrorStream(true).start();
        String output = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(jcmd.waitFor()).as("jcmd %s: %s", command, output).isZero();
        return output;
    }

    /** SIGTERM: the emulator closes its store; fails unless it stops cleanly (no OutOfMemoryError). */
    void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        assertThat(process.exitValue()).as("a clean stop (no OutOfMemoryError)").isIn(0, 143);
    }

    /** SIGKILL: no shutdown hook, no close of the store, whatever was in flight is cut off. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    }
}
