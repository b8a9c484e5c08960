package com.connectorservice.emulator.ramsts;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator for the local stack.
 *
 * <pre>
 * java -cp ... com.connectorservice.emulator.ramsts.RamStsEmulatorMain [--port 18092] [--host 127.0.0.1]
 *     [--data-dir data/ram-sts] [--account 1880000000000000:local-ak:local-sk]...
 *     [--service alikafka.aliyuncs.com:connector-ak:connector-sk]... [--sts-signing-key KEY]
 *     [--max-credential-seconds N]
 * </pre>
 */
public final class RamStsEmulatorMain {
    static final int DEFAULT_PORT = 18092;

    private RamStsEmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        RamStsEmulator emulator;
        try {
            emulator = start(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "ram-sts-emulator-shutdown"));
        stopped.await();
    }

    static RamStsEmulator start(String[] args) {
        RamStsEmulator.Builder builder = RamStsEmulator.builder().port(DEFAULT_PORT)
                .dataDirectory(Path.of("data", "ram-sts"));
        boolean account = false;
        for (int i = 0; i < args.length; i += 2) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + args[i]);
            }
            String value = args[i + 1];
            switch (args[i]) {
                case "--port" -> builder.port(Integer.parseInt(value));
                case "--host" -> builder.host(value);
                case "--data-dir" -> builder.dataDirectory(Path.of(value));
                case "--account" -> {
                    String[] parts = triple("--account", value);
                    builder.account(parts[0], parts[1], parts[2]);
                    account = true;
                }
                case "--service" -> {
                    String[] parts = triple("--service", value);
                    builder.service(parts[0], parts[1], parts[2]);
                }
                case "--sts-signing-key" -> builder.stsSigningKey(value);
                case "--max-credential-seconds" -> builder.maxCredentialLifetime(
                        Duration.ofSeconds(Long.parseLong(value)));
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (!account) {
            builder.account("1880000000000000", "local-ak", "local-sk");
            builder.service("alikafka.aliyuncs.com", "connector-ak", "connector-sk");
            builder.service("connector.alikafka.aliyuncs.com", "connector-ak", "connector-sk");
        }
        RamStsEmulator emulator = builder.start();
        System.out.println("RAM/STS emulator listening on http://" + emulator.endpoint());
        return emulator;
    }

    private static String[] triple(String option, String value) {
        String[] parts = value.split(":", 3);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new IllegalArgumentException(option + " must be <id>:<accessKeyId>:<accessKeySecret>");
        }
        return parts;
    }
}
