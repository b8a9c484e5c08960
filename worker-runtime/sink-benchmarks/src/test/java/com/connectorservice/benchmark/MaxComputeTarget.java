package com.connectorservice.benchmark;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.aliyun.odps.Column;
import com.aliyun.odps.Odps;
import com.aliyun.odps.Partition;
import com.aliyun.odps.PartitionSpec;
import com.aliyun.odps.account.AliyunAccount;
import com.aliyun.odps.data.ArrayRecord;
import com.aliyun.odps.data.Record;
import com.aliyun.odps.data.RecordReader;
import com.aliyun.odps.data.RecordWriter;
import com.aliyun.odps.tunnel.TableTunnel;
import com.aliyun.odps.tunnel.io.CompressOption;
import com.connectorservice.emulator.maxcompute.MaxComputeEmulator;

/**
 * The MaxCompute emulator, tables shaped for the official 2.1.0 connector (its {@code insert_time} column
 * included), and the SDK reading rows back and writing alone (the ceiling).
 */
final class MaxComputeTarget implements AutoCloseable {

    static final String PROJECT = "bench";
    private static final String AK = "local-ak";
    private static final String SK = "local-sk";

    private final MaxComputeEmulator emulator;
    private final Odps odps;
    private final TableTunnel tunnel;

    MaxComputeTarget(Path dataDirectory) {
        emulator = MaxComputeEmulator.builder().port(0).dataDirectory(dataDirectory).credential(AK, SK).project(PROJECT)
                .start();
        odps = new Odps(new AliyunAccount(AK, SK));
        odps.setEndpoint(emulator.endpoint());
        odps.setDefaultProject(PROJECT);
        tunnel = new TableTunnel(odps);
        tunnel.setEndpoint(emulator.tunnelEndpoint());
    }

    void createTable(String table) {
        emulator.execute("CREATE TABLE " + table + "(topic STRING, `partition` BIGINT, `offset` BIGINT, key STRING,"
                + " value STRING, insert_time BIGINT) PARTITIONED BY (pt STRING)");
    }

    /** Drops a table once checked, so that every run meets an emulator holding the same data. */
    void drop(String table) {
        emulator.execute("DROP TABLE IF EXISTS " + table);
    }

    /** The JSON a user of either connector posts (seed 001's keys), TEXT into key/value. */
    Map<String, String> connectorConfig(String connectorClass, String topic, String table, int tasks, boolean streaming) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("connector.class", connectorClass);
        config.put("tasks.max", String.valueOf(tasks));
        config.put("topics", topic);
        config.put("endpoint", emulator.endpoint());
        config.put("tunnel_endpoint", emulator.tunnelEndpoint());
        config.put("project", PROJECT);
        config.put("table", table);
        config.put("account_type", "ALIYUN");
        config.put("access_id", AK);
        config.put("access_key", SK);
        config.put("format", "TEXT");
        config.put("mode", "DEFAULT");
        config.put("use_streaming", String.valueOf(streaming));
        // e.g. -Dbenchmark.bufferKb=8192 to see the heap follow the sink's bound (default 65536 KiB per task)
        String bufferKb = System.getProperty("benchmark.bufferKb");
        if (bufferKb != null) {
            config.put("buffer_size_kb", bufferKb);
        }
        return config;
    }

    /** Rows readable in the table now (every partition's record count, as a download session reports it). */
    long count(String table) throws Exception {
        long total = 0;
        for (Partition partition : odps.tables().get(PROJECT, table).getPartitions()) {
            total += tunnel.createDownloadSession(PROJECT, table, partition.getPartitionSpec()).getRecordCount();
        }
        return total;
    }

    /**
     * Reads every row back: each produced record exactly once, with its value.
     *
     * @return a description of what is wrong, or null
     */
    String verify(String table, int records, int partitions, int size) throws Exception {
        return check(table, records, partitions, size).problem();
    }

    /** What reading every row back found. */
    record Check(long rows, int missing, long duplicates, long wrong) {
        String problem() {
            return missing == 0 && duplicates == 0 && wrong == 0 ? null
                    : rows + " rows: " + missing + " missing, " + duplicates + " duplicated, " + wrong + " wrong";
        }
    }

    Check check(String table, int records, int partitions, int size) throws Exception {
        BitSet seen = new BitSet(records);
        long rows = 0;
        long duplicates = 0;
        long wrong = 0;
        for (Partition partition : odps.tables().get(PROJECT, table).getPartitions()) {
            TableTunnel.DownloadSession session = tunnel.createDownloadSession(PROJECT, table, partition.getPartitionSpec());
            try (RecordReader reader = session.openRecordReader(0, session.getRecordCount())) {
                for (Record row = reader.read(); row != null; row = reader.read()) {
                    rows++;
                    long i = row.getBigint("offset") * partitions + row.getBigint("partition");
                    if (i < 0 || i >= records) {
                        wrong++;
                        continue;
                    }
                    if (seen.get((int) i)) {
                        duplicates++;
                    }
                    seen.set((int) i);
                    byte[] value = row.getBytes("value");
                    if (value == null || !Payloads.text(i, size).equals(new String(value, StandardCharsets.UTF_8))) {
                        wrong++;
                    }
                }
            }
        }
        return new Check(rows, records - seen.cardinality(), duplicates, wrong);
    }

    /**
     * The SDK alone writing the same rows, no Kafka: {@code sessions} threads each writing its share in blocks of
     * about 4 MiB (batch tunnel: one upload session per thread, committed at the end; streaming: packs).
     *
     * @return rows per second
     */
    double sdkAlone(String table, int records, int size, boolean streaming, int sessions) throws Exception {
        createTable(table);
        PartitionSpec spec = new PartitionSpec("pt='sdk'");
        odps.tables().get(PROJECT, table).createPartition(spec, true);
        Column[] columns = odps.tables().get(PROJECT, table).getSchema().getColumns().toArray(new Column[0]);
        byte[][] values = new byte[records][];
        for (int i = 0; i < records; i++) {
            values[i] = Payloads.text(i, size).getBytes(StandardCharsets.UTF_8);
        }
        int rowsPerBlock = Math.max(1, 4 * 1024 * 1024 / (size + 40));
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        long start = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                int from = records * s / sessions;
                int to = records * (s + 1) / sessions;
                done.add(pool.submit(() -> {
                    if (streaming) {
                        TableTunnel.StreamUploadSession session = tunnel.buildStreamUploadSession(PROJECT, table)
                                .setPartitionSpec(spec).build();
                        TableTunnel.StreamRecordPack pack = session.newRecordPack(Ceilings.compression);
                        for (int i = from; i < to; i++) {
                            pack.append(row(columns, i, values[i]));
                            if ((i - from + 1) % rowsPerBlock == 0 || i == to - 1) {
                                pack.flush();
                            }
                        }
                    } else {
                        TableTunnel.UploadSession session = tunnel.createUploadSession(PROJECT, table, spec);
                        long block = 0;
                        List<Long> blocks = new ArrayList<>();
                        for (int first = from; first < to; first += rowsPerBlock) {
                            blocks.add(block);
                            try (RecordWriter writer = session.openRecordWriter(block++, Ceilings.compression)) {
                                for (int i = first; i < Math.min(to, first + rowsPerBlock); i++) {
                                    writer.write(row(columns, i, values[i]));
                                }
                            }
                        }
                        session.commit(blocks.toArray(new Long[0]));
                    }
                    return null;
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
            return records / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Record row(Column[] columns, long i, byte[] value) {
        ArrayRecord row = new ArrayRecord(columns);
        row.set(0, "bench");
        row.set(1, 0L);
        row.set(2, i);
        row.set(4, value);
        row.set(5, 1_700_000_000_000L);
        return row;
    }

    @Override
    public void close() {
        emulator.close();
    }
}
