package com.connectorservice.emulator.tablestore;

import com.connectorservice.emulator.common.DataDirectory;
import com.connectorservice.emulator.common.EmulatorHttpServer;
import com.connectorservice.emulator.ramsts.StsTokens;
import com.sun.net.httpserver.HttpHandler;

import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.PrimaryKey;
import com.alicloud.openservices.tablestore.model.PrimaryKeyColumn;
import com.alicloud.openservices.tablestore.model.PrimaryKeyValue;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A local Tablestore service that the unmodified Tablestore Java SDK ({@code SyncClient}, {@code AsyncClient},
 * {@code TableStoreWriter}, {@code TimeseriesClient}) talks to over HTTP, with request signatures checked, responses
 * signed, errors in Tablestore's format and every acknowledged write kept in the data directory.
 *
 * <pre>{@code
 * try (TablestoreEmulator emulator = TablestoreEmulator.builder()
 *         .dataDirectory(dir).credential("local-ak", "local-sk").instance("local-ots").start()) {
 *     SyncClient client = new SyncClient(emulator.endpoint(), "local-ak", "local-sk", "local-ots");
 * }
 * }</pre>
 */
public final class TablestoreEmulator implements AutoCloseable {
    private final DataDirectory data;
    private final Store store;
    private final EmulatorHttpServer server;

    private TablestoreEmulator(Builder builder) throws IOException {
        data = DataDirectory.open(builder.dataDirectory, "Tablestore emulator");
        try {
            store = Store.open(data.path(), builder.fsync);
        } catch (IOException | RuntimeException e) {
            data.close();
            throw e;
        }
        Map<String, Operation> operations = new HashMap<>();
        WideColumnApi.register(operations);
        TimeseriesApi.register(operations);
        try {
            HttpHandler handler = new OtsHttpHandler(builder.credentials, new StsTokens(builder.stsSigningKey),
                    builder.instances, operations, store);
            server = EmulatorHttpServer.start("tablestore-emulator", builder.host, builder.port, builder.threads,
                    builder.latency.isZero() ? handler : answeringLate(handler, builder.latency));
        } catch (RuntimeException e) {
            store.close();
            data.close();
            throw e;
        }
    }

    /**
     * Answers every request {@code latency} late, as a service across a network whose requests take that long: the
     * serving thread waits without using the CPU, so clients that keep few requests in flight get less done.
     */
    private static HttpHandler answeringLate(HttpHandler handler, Duration latency) {
        return exchange -> {
            try {
                Thread.sleep(latency.toMillis(), latency.toNanosPart() % 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.close();
                return;
            }
            handler.handle(exchange);
        };
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The endpoint for the SDK clients, e.g. {@code http://127.0.0.1:18091}. */
    public String endpoint() {
        return server.url();
    }

    public int port() {
        return server.port();
    }

    /** Names of the wide-column tables of an instance, sorted. */
    public List<String> tables(String instance) {
        return store.instance(instance).tableNames();
    }

    /**
     * Every row of a wide-column table in primary key order (empty when the table does not exist). Tests of other
     * modules should prefer reading through the SDK; this is for diagnostics and for assertions on stored state.
     */
    public List<EmulatedRow> rows(String instance, String table) {
        WideColumnTable found;
        try {
            found = store.instance(instance).table(table);
        } catch (OtsException missing) {
            return List.of();
        }
        List<EmulatedRow> rows = new ArrayList<>();
        found.forEach(row -> {
            Map<String, Object> primaryKey = new LinkedHashMap<>();
            for (PrimaryKeyColumn column : row.getKey().getPrimaryKeyColumns()) {
                primaryKey.put(column.getName(), javaValue(column.getValue()));
            }
            Map<String, Object> columns = new LinkedHashMap<>();
            row.getValue().columns().forEach((name, versions) -> columns.put(name,
                    javaValue(versions.firstEntry().getValue())));
            rows.add(new EmulatedRow(Collections.unmodifiableMap(primaryKey), Collections.unmodifiableMap(columns)));
        });
        return rows;
    }

    /** Names of the time series tables of an instance, sorted. */
    public List<String> timeseriesTables(String instance) {
        return store.instance(instance).timeseriesTables().stream().map(TimeseriesTable::name).toList();
    }

    /**
     * Every row of a time series table, ordered by timeline (measurement, data source, tags) and time (empty when
     * the table does not exist).
     */
    public List<EmulatedTimeseriesRow> timeseriesRows(String instance, String table) {
        try {
            return store.instance(instance).timeseriesTable(table).snapshot();
        } catch (OtsException missing) {
            return List.of();
        }
    }

    static Object javaValue(PrimaryKeyValue value) {
        try {
            return javaValue(value.toColumnValue());
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot convert primary key value " + value, e);
        }
    }

    static Object javaValue(ColumnValue value) {
        switch (value.getType()) {
            case INTEGER:
                return value.asLong();
            case STRING:
                return value.asString();
            case DOUBLE:
                return value.asDouble();
            case BOOLEAN:
                return value.asBoolean();
            default:
                return value.asBinary();
        }
    }

    @Override
    public void close() {
        server.close();
        store.close();
        data.close();
    }

    /** Configures and starts an emulator. */
    public static final class Builder {
        private int port = 0;
        private String host = "127.0.0.1";
        private Path dataDirectory;
        private final Map<String, String> credentials = new TreeMap<>();
        private final Set<String> instances = new LinkedHashSet<>();
        private boolean fsync;
        private int threads = 16;
        private Duration latency = Duration.ZERO;
        private String stsSigningKey = StsTokens.DEFAULT_SIGNING_KEY;

        private Builder() {
        }

        /** The TCP port; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in 0..65535, it is " + port);
            }
            this.port = port;
            return this;
        }

        /** The address to listen on; 127.0.0.1 by default. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Where tables and rows persist; without it a temporary directory is used and deleted on close. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /** An AccessKey pair the emulator accepts; may be called several times. */
        public Builder credential(String accessKeyId, String accessKeySecret) {
            if (accessKeyId == null || accessKeyId.isEmpty() || accessKeySecret == null || accessKeySecret.isEmpty()) {
                throw new IllegalArgumentException("credential needs a non-empty AccessKey id and secret");
            }
            credentials.put(accessKeyId, accessKeySecret);
            return this;
        }

        /** An instance name that exists; may be called several times. */
        public Builder instance(String instanceName) {
            if (instanceName == null || !instanceName.matches("[A-Za-z][A-Za-z0-9-]{1,14}[A-Za-z0-9]")) {
                throw new IllegalArgumentException("instance name must be 3-16 letters, digits or '-', starting"
                        + " with a letter and not ending with '-' (Tablestore's rule): '" + instanceName + "'");
            }
            instances.add(instanceName);
            return this;
        }

        /**
         * Also force every acknowledged write to the disk, concurrent writers sharing one sync (off by default: the
         * OS page cache survives a crash of the emulator process, which is what restarts in tests and the local stack
         * need).
         */
        public Builder fsync(boolean fsync) {
            this.fsync = fsync;
            return this;
        }

        /** Threads serving requests; 16 by default. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, it is " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * How late every request is answered (none by default): for measuring how much a client gets done against a
         * service across a network, where each request takes a round trip however little the service works on it.
         * Give it enough {@link #threads} for the requests clients keep in flight: each waits on one.
         */
        public Builder latency(Duration latency) {
            if (latency.isNegative()) {
                throw new IllegalArgumentException("latency cannot be negative: " + latency);
            }
            this.latency = latency;
            return this;
        }

        /**
         * The key STS temporary credentials are sealed with (the RAM/STS emulator's {@code stsSigningKey()}); requests
         * signed with them ({@code x-ots-ststoken}) are accepted until the credentials expire.
         */
        public Builder stsSigningKey(String key) {
            this.stsSigningKey = key;
            return this;
        }

        public TablestoreEmulator start() {
            if (credentials.isEmpty()) {
                throw new IllegalStateException("configure at least one credential(accessKeyId, accessKeySecret)");
            }
            if (instances.isEmpty()) {
                throw new IllegalStateException("configure at least one instance(name)");
            }
            try {
                return new TablestoreEmulator(this);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("Cannot start the Tablestore emulator", e);
            }
        }
    }
}
