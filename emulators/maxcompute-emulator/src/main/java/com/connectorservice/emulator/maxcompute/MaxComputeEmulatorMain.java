package com.connectorservice.emulator.maxcompute;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * Starts the emulator for the local stack.
 *
 * <pre>
 * java -cp ... com.connectorservice.emulator.maxcompute.MaxComputeEmulatorMain \
 *     [--port 18090] [--data-dir data/maxcompute] [--credential ak:sk]... [--project name]... [--sts-signing-key k]
 * </pre>
 * Environment: MAXCOMPUTE_EMULATOR_PORT, MAXCOMPUTE_EMULATOR_DATA_DIR, MAXCOMPUTE_EMULATOR_CREDENTIALS
 * ({@code ak:sk,ak2:sk2}), MAXCOMPUTE_EMULATOR_PROJECTS ({@code p1,p2}). Flags win over the environment.
 */
public final class MaxComputeEmulatorMain {

    private MaxComputeEmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        MaxComputeEmulator emulator = start(args, System.getenv());
        System.out.println("MaxCompute emulator endpoint: " + emulator.endpoint());
        System.out.println("MaxCompute emulator tunnel endpoint: " + emulator.tunnelEndpoint());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    /** Starts an emulator from flags, falling back to {@code environment}, then to the defaults. */
    static MaxComputeEmulator start(String[] args, Map<String, String> environment) {
        int port = Integer.parseInt(env(environment, "MAXCOMPUTE_EMULATOR_PORT", "18090"));
        String dataDir = env(environment, "MAXCOMPUTE_EMULATOR_DATA_DIR", "data/maxcompute");
        String host = env(environment, "MAXCOMPUTE_EMULATOR_HOST", "127.0.0.1");
        String credentials = env(environment, "MAXCOMPUTE_EMULATOR_CREDENTIALS", "");
        String projects = env(environment, "MAXCOMPUTE_EMULATOR_PROJECTS", "");
        String stsSigningKey = env(environment, "MAXCOMPUTE_EMULATOR_STS_SIGNING_KEY",
                com.connectorservice.emulator.ramsts.StsTokens.DEFAULT_SIGNING_KEY);
        StringBuilder credentialFlags = new StringBuilder();
        StringBuilder projectFlags = new StringBuilder();
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(require(args[i], value));
                case "--data-dir" -> dataDir = require(args[i], value);
                case "--host" -> host = require(args[i], value);
                case "--credential" -> credentialFlags.append(require(args[i], value)).append(',');
                case "--project" -> projectFlags.append(require(args[i], value)).append(',');
                case "--sts-signing-key" -> stsSigningKey = require(args[i], value);
                default -> throw new IllegalArgumentException("unknown flag " + args[i]
                        + "; use --port, --data-dir, --host, --credential ak:sk, --project name, --sts-signing-key key");
            }
            i++;
        }
        if (credentialFlags.length() > 0) {
            credentials = credentialFlags.toString();
        }
        if (projectFlags.length() > 0) {
            projects = projectFlags.toString();
        }
        MaxComputeEmulator.Builder builder = MaxComputeEmulator.builder().host(host).port(port)
                .dataDirectory(Path.of(dataDir).toAbsolutePath()).stsSigningKey(stsSigningKey);
        for (String pair : credentials.split(",")) {
            if (!pair.isBlank()) {
                int colon = pair.indexOf(':');
                if (colon <= 0) {
                    throw new IllegalArgumentException("credential must be accessId:accessKey");
                }
                builder.credential(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
            }
        }
        for (String project : projects.split(",")) {
            if (!project.isBlank()) {
                builder.project(project.trim());
            }
        }
        return builder.start();
    }

    private static String env(Map<String, String> environment, String name, String fallback) {
        String value = environment.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String require(String flag, String value) {
        if (value == null) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return value;
    }
}
