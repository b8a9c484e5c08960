package com.connectorservice.emulator.tablestore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator for the local stack.
 *
 * <pre>
 * java -jar emulators/tablestore-emulator/target/tablestore-emulator-&lt;version&gt;.jar \
 *     [--port 18091] [--bind 127.0.0.1] [--data-dir data/tablestore] \
 *     [--credential local-ak:local-sk]... [--instance local-ots]... [--sts-signing-key KEY] [--fsync]
 * </pre>
 */
public final class TablestoreEmulatorMain {
    static final int DEFAULT_PORT = 18091;
    static final String USAGE = "usage: TablestoreEmulatorMain [--port 18091] [--bind 127.0.0.1]"
            + " [--data-dir data/tablestore] [--credential AK:SK]... [--instance NAME]... [--sts-signing-key KEY] [--fsync]";

    private TablestoreEmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        TablestoreEmulator emulator;
        try {
            emulator = start(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "tablestore-emulator-shutdown"));
        stopped.await();
    }

    /** Parses the command line, starts the emulator and prints its endpoint. */
    static TablestoreEmulator start(String[] args) {
        TablestoreEmulator.Builder builder = TablestoreEmulator.builder().port(DEFAULT_PORT);
        Path dataDirectory = Path.of("data", "tablestore");
        List<String> credentials = new ArrayList<>();
        List<String> instances = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--fsync")) {
                builder.fsync(true);
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value after " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--port" -> builder.port(parsePort(value));
                case "--bind" -> builder.bindAddress(value);
                case "--data-dir" -> dataDirectory = Path.of(value);
                case "--credential" -> credentials.add(value);
                case "--instance" -> instances.add(value);
                case "--sts-signing-key" -> builder.stsSigningKey(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (credentials.isEmpty()) {
            credentials.add("local-ak:local-sk");
        }
        if (instances.isEmpty()) {
            instances.add("local-ots");
        }
        for (String credential : credentials) {
            int colon = credential.indexOf(':');
            if (colon <= 0 || colon == credential.length() - 1) {
                throw new IllegalArgumentException("--credential must be accessKeyId:accessKeySecret");
            }
            builder.credential(credential.substring(0, colon), credential.substring(colon + 1));
        }
        instances.forEach(builder::instance);
        TablestoreEmulator emulator = builder.dataDirectory(dataDirectory).start();
        System.out.println("Tablestore emulator listening on " + emulator.endpoint() + " (instances " + instances
                + ", data directory " + dataDirectory.toAbsolutePath() + ")");
        return emulator;
    }

    private static int parsePort(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--port must be a number, it is '" + value + "'");
        }
    }
}
