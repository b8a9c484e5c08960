package com.connectorservice.emulator.maxcompute;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.connectorservice.emulator.maxcompute.auth.Authorizer;
import com.connectorservice.emulator.maxcompute.auth.SignatureVerifier;
import com.connectorservice.emulator.common.DataDirectory;
import com.connectorservice.emulator.common.EmulatorHttpServer;
import com.connectorservice.emulator.maxcompute.catalog.Catalog;
import com.connectorservice.emulator.maxcompute.catalog.DataStore;
import com.connectorservice.emulator.maxcompute.catalog.Column;
import com.connectorservice.emulator.maxcompute.catalog.Partition;
import com.connectorservice.emulator.maxcompute.catalog.PartitionValues;
import com.connectorservice.emulator.maxcompute.catalog.RowReader;
import com.connectorservice.emulator.maxcompute.catalog.Table;
import com.connectorservice.emulator.maxcompute.sql.InstanceService;
import com.connectorservice.emulator.maxcompute.sql.SqlEngine;
import com.connectorservice.emulator.maxcompute.tunnel.TunnelService;
import com.connectorservice.emulator.ramsts.StsTokens;

/**
 * A local MaxCompute: the REST API under {@code /api} and the table tunnel under {@code /tunnel} of one
 * JDK HTTP server, against which the unmodified odps-sdk-core works. Data lives in the data directory and
 * survives restarts.
 *
 * <pre>{@code
 * MaxComputeEmulator emulator = MaxComputeEmulator.builder().port(0).dataDirectory(dir)
 *         .credential("local-ak", "local-sk").project("connector_test").start();
 * odps.setEndpoint(emulator.endpoint());
 * }</pre>
 */
public final class MaxComputeEmulator implements AutoCloseable {

    private final DataDirectory data;
    private final DataStore store;
    private final EmulatorHttpServer server;
    private final Catalog catalog;
    private final SqlEngine sql;
    private final String defaultProject;

    private MaxComputeEmulator(Builder builder) {
        this.data = DataDirectory.open(builder.dataDirectory, "MaxCompute emulator");
        DataStore opened = null;
        try {
            Set<String> projects = builder.projects.isEmpty() ? Set.of("connector_test") : builder.projects;
            Map<String, String> credentials = builder.credentials.isEmpty()
                    ? Map.of("local-ak", "local-sk") : builder.credentials;
            this.defaultProject = projects.iterator().next();
            opened = new DataStore(data.path().resolve("store"));
            this.store = opened;
            this.catalog = new Catalog(data.path(), projects, store);
            Authorizer authorizer = new Authorizer(catalog::securityStatements);
            this.sql = new SqlEngine(catalog, ZoneId.systemDefault(), authorizer);
            EmulatorHttpHandler handler = new EmulatorHttpHandler(
                    new SignatureVerifier(credentials, new StsTokens(builder.stsSigningKey)), authorizer,
                    new MetadataService(catalog), new InstanceService(sql), new TunnelService(catalog, data.path()));
            this.server = EmulatorHttpServer.start("maxcompute-emulator", builder.host, builder.port, builder.threads,
                    handler);
            warmUpQueries();
        } catch (RuntimeException e) {
            if (opened != null) {
                opened.close();
            }
            data.close();
            throw e;
        }
    }

    /** Loads and compiles the query engine once in the background, so that the first query answers quickly. */
    private void warmUpQueries() {
        Thread warmUp = new Thread(() -> {
            try {
                sql.execute(defaultProject, "select count(*), max(x) from (select 1 as x) t where x > 0", Map.of());
            } catch (RuntimeException ignored) {
                // only a warm-up
            }
        }, "maxcompute-emulator-warm-up");
        warmUp.setDaemon(true);
        warmUp.setPriority(Thread.MIN_PRIORITY);
        warmUp.start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return server.port();
    }

    /** For {@code odps.setEndpoint(...)}. */
    public String endpoint() {
        return server.url() + "/api";
    }

    /**
     * For {@code TableTunnel.setEndpoint(...)} or {@code odps.setTunnelEndpoint(...)}. Clients that only set
     * {@link #endpoint()} are routed here by the project's tunnel endpoint answer.
     */
    public String tunnelEndpoint() {
        return server.url() + "/tunnel";
    }

    /** Runs SQL in the first configured project; returns the result rows (column name to value). */
    public List<Map<String, Object>> execute(String sqlText) {
        return execute(defaultProject, sqlText);
    }

    public List<Map<String, Object>> execute(String project, String sqlText) {
        return sql.execute(project, sqlText, Map.of()).asMaps();
    }

    /**
     * The committed rows of a table (data columns, then partition columns), in commit order, optionally of one
     * partition ({@code pt='x'} or {@code pt=x}). Values: String, Long, Integer, Double, Boolean, Instant
     * (DATETIME, TIMESTAMP), BigDecimal, byte[] (BINARY), String (JSON).
     */
    public List<Map<String, Object>> rows(String project, String table, String partitionSpecOrNull) {
        Table t = catalog.table(project, table);
        List<Partition> partitions = partitionSpecOrNull == null
                ? t.partitions()
                : List.of(t.partition(t.parsePartition(partitionSpecOrNull)));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Partition partition : partitions) {
            t.rows(partition).forEachRemaining(row -> {
                Map<String, Object> map = new LinkedHashMap<>();
                List<Column> columns = t.columns();
                for (int i = 0; i < columns.size(); i++) {
                    map.put(columns.get(i).name(), row[i]);
                }
                partition.values().asMap().forEach(map::put);
                rows.add(map);
            });
        }
        return rows;
    }

    /** The ADD USER / GRANT statements recorded for a project, oldest first. */
    public List<String> securityStatements(String project) {
        return catalog.securityStatements(project);
    }

    @Override
    public void close() {
        server.close();
        store.close();
        data.close();
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private Path dataDirectory;
        private int threads = 64;
        private String stsSigningKey = StsTokens.DEFAULT_SIGNING_KEY;
        private final Map<String, String> credentials = new LinkedHashMap<>();
        private final Set<String> projects = new LinkedHashSet<>();

        private Builder() {
        }

        /** 0 picks a free port. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** The address to bind; 127.0.0.1 by default. */
        public Builder host(String host) {
            this.host = host;
            return this;
        }

        /** Where tables, partitions and rows persist; without it, a temporary directory deleted on close. */
        public Builder dataDirectory(Path dataDirectory) {
            this.dataDirectory = dataDirectory;
            return this;
        }

        /** An AccessKey pair requests may be signed with; may be called several times. */
        public Builder credential(String accessId, String accessKey) {
            credentials.put(accessId, accessKey);
            return this;
        }

        /** A project that exists; may be called several times. The first one is the default for execute(). */
        public Builder project(String project) {
            projects.add(project.toLowerCase(java.util.Locale.ROOT));
            return this;
        }

        /**
         * The key STS temporary credentials are sealed with (the RAM/STS emulator's {@code stsSigningKey()}); requests
         * signed with them act as the role's user and are checked against the project's grants.
         */
        public Builder stsSigningKey(String key) {
            this.stsSigningKey = key;
            return this;
        }

        /** HTTP worker threads; each concurrent tunnel upload holds one while it streams. */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        public MaxComputeEmulator start() {
            return new MaxComputeEmulator(this);
        }
    }
}
