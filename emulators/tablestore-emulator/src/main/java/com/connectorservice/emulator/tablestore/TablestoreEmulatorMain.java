package com.connectorservice.emulator.tablestore;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs the emulator for the local stack.
 *
 * <pre>
 * java -cp ... com.connectorservice.emulator.tablestore.TablestoreEmulatorMain \
 *     [--port 18091] [--bind 127.0.0.1] [--data-dir ./data/tablestore] \
 *     [--credential local-ak:local-sk]... [--instance local-ots]... [--fsync]
 * </pre>
 */
public final class TablestoreEmulatorMain {
    static final int DEFAULT_PORT = 18091;

    private TablestoreEmulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
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
                usage("missing value after " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--port" -> builder.port(Integer.parseInt(value));
                case "--bind" -> builder.bindAddress(value);
                case "--data-dir" -> dataDirectory = Path.of(value);
                case "--credential" -> credentials.add(value);
                case "--instance" -> instances.add(value);
                default -> usage("unknown option " + option);
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
                usage("--credential must be accessKeyId:accessKeySecret");
            }
            builder.credential(credential.substring(0, colon), credential.substring(colon + 1));
        }
        instances.forEach(builder::instance);
        TablestoreEmulator emulator = builder.dataDirectory(dataDirectory).start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emulator.close();
            stopped.countDown();
        }, "tablestore-emulator-shutdown"));
        System.out.println("Tablestore emulator listening on " + emulator.endpoint() + " (instances " + instances
                + ", data directory " + dataDirectory.toAbsolutePath() + ")");
        stopped.await();
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: TablestoreEmulatorMain [--port 18091] [--bind 127.0.0.1] [--data-dir DIR]"
                + " [--credential AK:SK]... [--instance NAME]... [--fsync]");
        System.exit(2);
    }
}
