package com.connectorservice.benchmark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.aliyun.odps.Odps;
import com.aliyun.odps.account.AliyunAccount;
import com.aliyun.odps.data.Record;
import com.aliyun.odps.tunnel.TableTunnel;
import com.aliyun.odps.tunnel.io.CompressOption;
import com.aliyun.odps.tunnel.streams.UpsertStream;
import com.connectorservice.emulator.maxcompute.MaxComputeEmulator;
import com.connectorservice.testing.KafkaBroker;

/**
 * Issue 16's upsert benchmark: our MaxCompute sink in change-data mode (format DEBEZIUM_JSON, seed 004's defaults:
 * zlib, 64 MB total and 4 MB bucket buffers) in a stock Connect worker started with the agent's worker settings, applying
 * 1,000,000 Debezium change events pre-produced to a topic (20% inserts of 200,000 keys, then 80% updates: every key
 * updated four times) to a 16-bucket Delta table; changes per second from the connector's creation until every key's
 * last update is readable, the median of several runs, beside the SDK alone upserting the same changes into the same
 * emulator in the same run (one upsert session, as the emulator's own UpsertThroughputBenchmark). Each run's table is
 * checked: 200,000 rows, each at its last version.
 *
 * <p>Run (check that {@code uptime} shows a quiet machine first):
 * <pre>./mvnw -B -pl worker-runtime/sink-benchmarks -am verify -Pbenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtest=ChangeDataThroughputBenchmark [-Dbenchmark.runs=3] [-Dbenchmark.changes=1000000]</pre>
 */
@Tag("benchmark")
class ChangeDataThroughputBenchmark {

    private static final String OUR_MAXCOMPUTE = "com.connectorservice.sink.maxcompute.MaxComputeSinkConnector";
    private static final String PROJECT = "bench";
    private static final String AK = "local-ak";
    private static final String SK = "local-sk";
    private static final int RUNS = Integer.getInteger("benchmark.runs", 3);
    private static final int CHANGES = Integer.getInteger("benchmark.changes", 1_000_000);
    private static final int PARTITIONS = Integer.getInteger("benchmark.partitions", 4);
    private static final int TASKS = Integer.getInteger("benchmark.tasks", 2);
    private static final int BUCKETS = 16;
    /** 20% of the changes insert new keys; the other 80% update each of them in turn. */
    private static final int KEYS = CHANGES / 5;
    private static final int LAST_VERSION = CHANGES / KEYS - 1;
    private static final long TIMEOUT_NANOS = 15L * 60 * 1_000_000_000L;
    private static final String TOPIC = "bench_changes";

    @TempDir
    Path work;

    @Test
    void upsertsIntoADeltaTable() throws Exception {
        Path plugins = SinkThroughputBenchmark.ourPluginPath(work);
        try (KafkaBroker broker = KafkaBroker.start();
             MaxComputeEmulator emulator = MaxComputeEmulator.builder().port(0).dataDirectory(work.resolve("maxcompute"))
                     .credential(AK, SK).project(PROJECT).start()) {
            broker.createTopic(TOPIC, PARTITIONS);
            long bytes = produce(broker.bootstrapServers());
            Odps odps = new Odps(new AliyunAccount(AK, SK));
            odps.setEndpoint(emulator.endpoint());
            odps.setDefaultProject(PROJECT);
            TableTunnel tunnel = new TableTunnel(odps);
            tunnel.setEndpoint(emulator.tunnelEndpoint());

            double[] sdk = new double[RUNS];
            for (int run = 0; run < RUNS; run++) {
                sdk[run] = sdkAlone(emulator, tunnel, "sdk_" + run);
                System.out.printf(Locale.ROOT, "SDK alone run %d: %,.0f changes/s%n", run, sdk[run]);
            }
            double[] ours = new double[RUNS];
            double[] cpu = new double[RUNS];
            try (StockWorker worker = new StockWorker(broker.bootstrapServers(), "bench-cdc", plugins, work, 5000, null)) {
                for (int run = 0; run < RUNS; run++) {
                    String table = "sink_" + run;
                    createDeltaTable(emulator, table);
                    double cpuBefore = worker.cpuSeconds();
                    long start = System.nanoTime();
                    worker.createConnector("bench-cdc-" + run, connectorConfig(emulator, table));
                    long lastStatusCheck = start;
                    while (count(emulator, table + " WHERE version = " + LAST_VERSION) < KEYS) {
                        long now = System.nanoTime();
                        if (now - start > TIMEOUT_NANOS) {
                            throw new AssertionError("run " + run + " did not apply " + CHANGES + " changes in time");
                        }
                        if (now - lastStatusCheck > 2_000_000_000L) {
                            lastStatusCheck = now;
                            String trace = worker.failedTaskTrace("bench-cdc-" + run);
                            if (trace != null) {
                                throw new AssertionError("run " + run + " failed: " + trace);
                            }
                        }
                        Thread.sleep(200);
                    }
                    double seconds = (System.nanoTime() - start) / 1e9;
                    ours[run] = CHANGES / seconds;
                    cpu[run] = worker.cpuSeconds() - cpuBefore;
                    worker.deleteConnector("bench-cdc-" + run);
                    long rows = count(emulator, table);
                    if (rows != KEYS) {
                        throw new AssertionError(table + " holds " + rows + " rows, expected " + KEYS);
                    }
                    System.out.printf(Locale.ROOT, "sink run %d: %.2f s, %,.0f changes/s, worker CPU %.1f s%n", run, seconds,
                            ours[run], cpu[run]);
                }
            }
            System.out.printf(Locale.ROOT, "%n=== Change data (DEBEZIUM_JSON) into a %d-bucket Delta table: %,d changes"
                            + " (%d%% updates, %,d keys, %.0f bytes/event), %d partitions, tasks.max=%d, %d cores, medians of"
                            + " %d runs; load average at the end: %.2f ===%n"
                            + "| our sink in a stock worker (agent settings) | %,10.0f changes/s | worker CPU %.1f s |%n"
                            + "| SDK alone, one upsert session (ceiling)     | %,10.0f changes/s |%n"
                            + "sink: from the connector's creation until every key's last update is readable; runs %s;"
                            + " SDK: runs %s%n", BUCKETS, CHANGES, 100 - 100 * KEYS / CHANGES, KEYS, (double) bytes / CHANGES,
                    PARTITIONS, TASKS, Runtime.getRuntime().availableProcessors(), RUNS,
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                    median(ours), median(cpu), median(sdk), format(ours), format(sdk));
        }
    }

    /** The change events a Debezium source with JsonConverter (schemas.enable=false) writes: keyed by id. */
    private static long produce(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        long bytes = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props, new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < CHANGES; i++) {
                long id = i % KEYS;
                int version = i / KEYS;
                String after = "{\"id\":" + id + ",\"name\":\"customer-" + id + "\",\"amount\":" + i + ",\"version\":"
                        + version + "}";
                String value = "{\"before\":" + (version == 0 ? "null" : after) + ",\"after\":" + after
                        + ",\"source\":{\"db\":\"shop\",\"schema\":\"public\",\"table\":\"customers\"},\"op\":\""
                        + (version == 0 ? "c" : "u") + "\",\"ts_ms\":1700000000000}";
                byte[] bytesOfValue = value.getBytes(StandardCharsets.UTF_8);
                bytes += bytesOfValue.length;
                producer.send(new ProducerRecord<>(TOPIC, (int) (id % PARTITIONS),
                        ("{\"id\":" + id + "}").getBytes(StandardCharsets.UTF_8), bytesOfValue));
            }
            producer.flush();
        }
        return bytes;
    }

    /** The control plane's connector config for format DEBEZIUM_JSON into one table, seed 004's defaults. */
    private static Map<String, String> connectorConfig(MaxComputeEmulator emulator, String table) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", OUR_MAXCOMPUTE);
        config.put("tasks.max", String.valueOf(TASKS));
        config.put("topics", TOPIC);
        config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
        config.put("endpoint", emulator.endpoint());
        config.put("tunnel_endpoint", emulator.tunnelEndpoint());
        config.put("project", PROJECT);
        config.put("table", table);
        config.put("account_type", "ALIYUN");
        config.put("access_id", AK);
        config.put("access_key", SK);
        config.put("mode", "VALUE");
        config.put("format", "DEBEZIUM_JSON");
        config.put("buckets_num", String.valueOf(BUCKETS));
        return config;
    }

    private static void createDeltaTable(MaxComputeEmulator emulator, String table) {
        emulator.execute("CREATE TABLE " + table + " (id BIGINT NOT NULL, name STRING, amount BIGINT, version BIGINT,"
                + " PRIMARY KEY (id)) TBLPROPERTIES ('transactional'='true', 'write.bucket.num'='" + BUCKETS + "')");
    }

    /** The same changes upserted by the SDK alone, no Kafka: one session, zlib, seed 004's buffers, committed at the end. */
    private static double sdkAlone(MaxComputeEmulator emulator, TableTunnel tunnel, String table) throws Exception {
        createDeltaTable(emulator, table);
        long started = System.nanoTime();
        TableTunnel.UpsertSession session = tunnel.buildUpsertSession(PROJECT, table).setConcurrentNum(4).build();
        try (UpsertStream stream = session.buildUpsertStream()
                .setCompressOption(new CompressOption(CompressOption.CompressAlgorithm.ODPS_ZLIB, 1, 0)).build()) {
            for (int i = 0; i < CHANGES; i++) {
                long id = i % KEYS;
                Record r = session.newRecord();
                r.setBigint("id", id);
                r.setString("name", "customer-" + id);
                r.setBigint("amount", (long) i);
                r.setBigint("version", (long) (i / KEYS));
                stream.upsert(r);
            }
            stream.flush();
        }
        session.commit(false);
        double seconds = (System.nanoTime() - started) / 1e9;
        session.close();
        long rows = count(emulator, table + " WHERE version = " + LAST_VERSION);
        if (rows != KEYS) {
            throw new AssertionError(table + " holds " + rows + " rows at their last version, expected " + KEYS);
        }
        return CHANGES / seconds;
    }

    private static long count(MaxComputeEmulator emulator, String tableAndCondition) {
        List<Map<String, Object>> result = emulator.execute("SELECT count(*) FROM " + tableAndCondition);
        return ((Number) result.get(0).values().iterator().next()).longValue();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static List<String> format(double[] values) {
        List<String> out = new ArrayList<>();
        for (double v : values) {
            out.add(String.format(Locale.ROOT, "%,.0f", v));
        }
        return out;
    }
}
