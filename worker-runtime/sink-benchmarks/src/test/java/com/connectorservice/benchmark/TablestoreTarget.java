package com.connectorservice.benchmark;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.alicloud.openservices.tablestore.ClientException;
import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.model.BatchWriteRowRequest;
import com.alicloud.openservices.tablestore.model.BatchWriteRowResponse;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.CreateTableRequest;
import com.alicloud.openservices.tablestore.model.DeleteTableRequest;
import com.alicloud.openservices.tablestore.model.GetRowRequest;
import com.alicloud.openservices.tablestore.model.PrimaryKey;
import com.alicloud.openservices.tablestore.model.PrimaryKeyBuilder;
import com.alicloud.openservices.tablestore.model.PrimaryKeyType;
import com.alicloud.openservices.tablestore.model.PrimaryKeyValue;
import com.alicloud.openservices.tablestore.model.RowPutChange;
import com.alicloud.openservices.tablestore.model.SingleRowQueryCriteria;
import com.alicloud.openservices.tablestore.model.TableMeta;
import com.alicloud.openservices.tablestore.model.TableOptions;
import com.connectorservice.emulator.tablestore.EmulatedRow;
import com.connectorservice.emulator.tablestore.TablestoreEmulator;

/**
 * The Tablestore emulator, a wide column table in Kafka primary key mode ({@code topic_partition}, {@code offset})
 * created by the connector itself, and the SDK writing alone (the ceiling).
 */
final class TablestoreTarget implements AutoCloseable {

    private static final String AK = "local-ak";
    private static final String SK = "local-sk";
    static final String INSTANCE = "bench-ots";
    /**
     * How late the emulator answers each request ({@code -Dbenchmark.tablestoreLatencyMs}, none by default): Tablestore
     * is a service across a network, so each request takes a round trip and its time on the service, and a sink
     * gets only as much done as it keeps in flight.
     */
    static final Duration LATENCY = Duration.ofMillis(Integer.getInteger("benchmark.tablestoreLatencyMs", 0));

    private final TablestoreEmulator emulator;
    private final SyncClient client;
    /** The SDK-alone ceiling's client: created by its first run, so with {@link CpuSplit} on the clients' CPU. */
    private SyncClient writer;

    TablestoreTarget(Path dataDirectory) {
        TablestoreEmulator.Builder builder = TablestoreEmulator.builder().port(0).dataDirectory(dataDirectory)
                .credential(AK, SK).instance(INSTANCE);
        if (!LATENCY.isZero()) {
            builder.latency(LATENCY).threads(64);
        }
        emulator = builder.start();
        client = new SyncClient(emulator.endpoint(), AK, SK, INSTANCE);
    }

    /**
     * The connector JSON: ours reads the JSON value bytes the agent's ByteArrayConverter gives it; the official one
     * needs Connect's JsonConverter to hand it a map.
     */
    Map<String, String> connectorConfig(String connectorClass, String topic, String table, int tasks, boolean official) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", connectorClass);
        config.put("tasks.max", String.valueOf(tasks));
        config.put("topics", topic);
        config.put("tablestore.endpoint", emulator.endpoint());
        config.put("tablestore.instance.name", INSTANCE);
        config.put("tablestore.access.key.id", AK);
        config.put("tablestore.access.key.secret", SK);
        config.put("tablestore.mode", "normal");
        config.put("table.name.format", table);
        config.put("auto.create", "true");
        config.put("primarykey.mode", "kafka");
        if (official) {
            config.put("tablestore.auth.mode", "aksk");
            config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
            config.put("value.converter", "org.apache.kafka.connect.json.JsonConverter");
            config.put("value.converter.schemas.enable", "false");
        }
        return config;
    }

    /** Whether the last record of every partition is readable (checked cheaply by primary key). */
    boolean lastRowsPresent(String table, String topic, int records, int partitions) {
        for (int p = 0; p < partitions; p++) {
            long lastOffset = (records - 1 - p) / partitions;
            if (lastOffset >= 0 && !rowPresent(table, topic, p, lastOffset)) {
                return false;
            }
        }
        return true;
    }

    boolean rowPresent(String table, String topic, int partition, long offset) {
        PrimaryKey key = PrimaryKeyBuilder.createPrimaryKeyBuilder()
                .addPrimaryKeyColumn("topic_partition", PrimaryKeyValue.fromString(topic + "_" + partition))
                .addPrimaryKeyColumn("offset", PrimaryKeyValue.fromLong(offset)).build();
        SingleRowQueryCriteria criteria = new SingleRowQueryCriteria(table, key);
        criteria.setMaxVersions(1);
        try {
            return client.getRow(new GetRowRequest(criteria)).getRow() != null;
        } catch (RuntimeException tableNotCreatedYet) {
            return false;
        }
    }

    int count(String table) {
        return emulator.rows(INSTANCE, table).size();
    }

    /** @return a description of what is wrong, or null */
    String verify(String table, String topic, int records, int partitions) {
        BitSet seen = new BitSet(records);
        long wrong = 0;
        List<EmulatedRow> rows = emulator.rows(INSTANCE, table);
        for (EmulatedRow row : rows) {
            String tp = String.valueOf(row.primaryKey().get("topic_partition"));
            int partition = Integer.parseInt(tp.substring(tp.lastIndexOf('_') + 1));
            long i = ((Number) row.primaryKey().get("offset")).longValue() * partitions + partition;
            if (i < 0 || i >= records) {
                wrong++;
                continue;
            }
            seen.set((int) i);
            if (!String.valueOf(i).equals(String.valueOf(row.columns().get("order_id")))) {
                wrong++;
            }
        }
        int missing = records - seen.cardinality();
        return missing == 0 && wrong == 0 && rows.size() == records ? null
                : rows.size() + " rows: " + missing + " missing, " + wrong + " wrong";
    }

    /** Drops a table once checked, so that every run meets an emulator holding the same data. */
    void drop(String table) {
        client.deleteTable(new DeleteTableRequest(table));
    }

    /** The SDK alone: {@code threads} threads of BatchWriteRow requests of 200 rows, the sink's request shape. */
    double sdkAlone(String table, int records, int threads) throws Exception {
        TableMeta meta = new TableMeta(table);
        meta.addPrimaryKeyColumn("topic_partition", PrimaryKeyType.STRING);
        meta.addPrimaryKeyColumn("offset", PrimaryKeyType.INTEGER);
        client.createTable(new CreateTableRequest(meta, new TableOptions(-1, 1)));
        if (writer == null) {
            writer = new SyncClient(emulator.endpoint(), AK, SK, INSTANCE);
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int from = records * t / threads;
                int to = records * (t + 1) / threads;
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int first = from; first < to; first += 200) {
                        BatchWriteRowRequest request = new BatchWriteRowRequest();
                        for (int i = first; i < Math.min(to, first + 200); i++) {
                            RowPutChange change = new RowPutChange(table, PrimaryKeyBuilder.createPrimaryKeyBuilder()
                                    .addPrimaryKeyColumn("topic_partition", PrimaryKeyValue.fromString("t_" + thread))
                                    .addPrimaryKeyColumn("offset", PrimaryKeyValue.fromLong(i)).build());
                            change.addColumn("order_id", ColumnValue.fromString(String.valueOf(i)));
                            change.addColumn("user", ColumnValue.fromString("user-" + (i % 1000)));
                            change.addColumn("amount", ColumnValue.fromString(String.valueOf((i % 997) * 1.5)));
                            change.addColumn("paid", ColumnValue.fromString(String.valueOf(i % 2 == 0)));
                            change.addColumn("item", ColumnValue.fromString("{\"sku\":\"sku-" + (i % 50) + "\",\"qty\":"
                                    + (i % 7) + "}"));
                            request.addRowChange(change);
                        }
                        if (!batchWriteRow(request).isAllSucceed()) {
                            throw new IllegalStateException("the emulator refused rows");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
            return records / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * One request, sent again after a connection error: a pooled connection the emulator closed while idle fails
     * the request it was taken for (met once in a 15-minute run), as a sink's own retries absorb.
     */
    private BatchWriteRowResponse batchWriteRow(BatchWriteRowRequest request) {
        for (int attempt = 1; ; attempt++) {
            try {
                return writer.batchWriteRow(request);
            } catch (ClientException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() {
        client.shutdown();
        if (writer != null) {
            writer.shutdown();
        }
        emulator.close();
    }
}
