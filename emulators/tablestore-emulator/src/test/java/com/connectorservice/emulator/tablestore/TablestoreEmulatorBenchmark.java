package com.connectorservice.emulator.tablestore;

import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.model.BatchWriteRowRequest;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.CreateTableRequest;
import com.alicloud.openservices.tablestore.model.GetRangeRequest;
import com.alicloud.openservices.tablestore.model.GetRangeResponse;
import com.alicloud.openservices.tablestore.model.PrimaryKey;
import com.alicloud.openservices.tablestore.model.PrimaryKeyBuilder;
import com.alicloud.openservices.tablestore.model.PrimaryKeyType;
import com.alicloud.openservices.tablestore.model.PrimaryKeyValue;
import com.alicloud.openservices.tablestore.model.RangeRowQueryCriteria;
import com.alicloud.openservices.tablestore.model.RowPutChange;
import com.alicloud.openservices.tablestore.model.TableMeta;
import com.alicloud.openservices.tablestore.model.TableOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The emulator's write ceiling: rows per second (and MB/s of primary key and column values) that the SDK alone writes
 * with BatchWriteRow, in the Tablestore sink's request shape (two primary key columns, five string columns, 200 rows
 * per request, 8 threads), after one warm-up run; the median of 3 runs. Then a full GetRange scan of what was written.
 * Not part of the build; run it with
 * {@code ./mvnw -q -pl emulators/tablestore-emulator -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=com.connectorservice.emulator.tablestore.TablestoreEmulatorBenchmark [-Dexec.args="400000 8"]}
 * (arguments: rows per run, threads).
 */
public final class TablestoreEmulatorBenchmark {
    private static final int RUNS = 3;

    private TablestoreEmulatorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        Path directory = Files.createTempDirectory("tablestore-benchmark");
        try (TablestoreEmulator emulator = TablestoreEmulator.builder().dataDirectory(directory)
                .credential("ak", "sk").instance("bench").start()) {
            SyncClient client = new SyncClient(emulator.endpoint(), "ak", "sk", "bench");
            try {
                write(client, "warmup", rows / 4, threads);
                double[] rates = new double[RUNS];
                double[] megabytes = new double[RUNS];
                double[] emulatorCpu = new double[RUNS];
                double[] processCpu = new double[RUNS];
                for (int run = 0; run < RUNS; run++) {
                    String load = loadAverage();
                    Cpu before = Cpu.now();
                    double[] measured = write(client, "run_" + run, rows, threads);
                    Cpu used = Cpu.now().minus(before);
                    rates[run] = measured[0];
                    megabytes[run] = measured[1];
                    emulatorCpu[run] = used.emulatorSeconds() * 100_000 / rows;
                    processCpu[run] = used.processSeconds() * 100_000 / rows;
                    System.out.printf(Locale.ROOT, "run %d: %,.0f rows/s, %.1f MB/s; CPU per 100k rows: emulator"
                            + " %.2f s (request threads %.2f s, RocksDB %.2f s), whole process %.2f s; load before"
                            + " the run %s%n", run + 1, rates[run], megabytes[run], emulatorCpu[run],
                            used.requestSeconds() * 100_000 / rows, used.rocksdbSeconds() * 100_000 / rows,
                            processCpu[run], load);
                }
                System.out.printf(Locale.ROOT, "Tablestore emulator, SDK alone, BatchWriteRow %d threads x 200 rows:"
                        + " median of %d runs %,.0f rows/s, %.1f MB/s; CPU per 100k rows: emulator %.2f s, whole"
                        + " process (emulator, SDK, GC, JIT) %.2f s; load now %s%n", threads, RUNS, median(rates),
                        median(megabytes), median(emulatorCpu), median(processCpu), loadAverage());
                long start = System.nanoTime();
                long scanned = scan(client, "run_0");
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "GetRange scan of %,d rows: %,.0f rows/s%n", scanned, scanned / seconds);
            } finally {
                client.shutdown();
            }
        }
    }

    /** Writes {@code rows} rows into a new table; returns rows/s and MB/s. */
    private static double[] write(SyncClient client, String table, int rows, int threads) throws Exception {
        TableMeta meta = new TableMeta(table);
        meta.addPrimaryKeyColumn("topic_partition", PrimaryKeyType.STRING);
        meta.addPrimaryKeyColumn("offset", PrimaryKeyType.INTEGER);
        client.createTable(new CreateTableRequest(meta, new TableOptions(-1, 1)));
        int perThread = rows / threads;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long[] bytes = new long[threads];
        long start = System.nanoTime();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> {
                    for (int from = 0; from < perThread; from += 200) {
                        BatchWriteRowRequest request = new BatchWriteRowRequest();
                        for (int i = from; i < Math.min(perThread, from + 200); i++) {
                            RowPutChange change = row(table, "t_" + thread, i);
                            bytes[thread] += size(change);
                            request.addRowChange(change);
                        }
                        if (!client.batchWriteRow(request).isAllSucceed()) {
                            throw new IllegalStateException("a row of the batch failed");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new double[] {perThread * (double) threads / seconds, Arrays.stream(bytes).sum() / seconds / 1e6};
    }

    static RowPutChange row(String table, String topicPartition, long offset) {
        RowPutChange change = new RowPutChange(table, PrimaryKeyBuilder.createPrimaryKeyBuilder()
                .addPrimaryKeyColumn("topic_partition", PrimaryKeyValue.fromString(topicPartition))
                .addPrimaryKeyColumn("offset", PrimaryKeyValue.fromLong(offset)).build());
        change.addColumn("order_id", ColumnValue.fromString(String.valueOf(offset)));
        change.addColumn("user", ColumnValue.fromString("user-" + (offset % 1000)));
        change.addColumn("amount", ColumnValue.fromString(String.valueOf(offset * 1.5)));
        change.addColumn("paid", ColumnValue.fromString("true"));
        change.addColumn("item", ColumnValue.fromString("{\"sku\":\"sku-1\",\"qty\":3}"));
        return change;
    }

    /** Bytes of the row's names and values: what a user would call the row's size. */
    private static long size(RowPutChange change) {
        long size = 8;
        size += change.getPrimaryKey().getPrimaryKeyColumn(0).getValue().asString().length() + 15 + 6;
        for (var column : change.getColumnsToPut()) {
            size += column.getName().length() + column.getValue().asString().getBytes(StandardCharsets.UTF_8).length;
        }
        return size;
    }

    private static long scan(SyncClient client, String table) {
        long scanned = 0;
        PrimaryKey next = PrimaryKeyBuilder.createPrimaryKeyBuilder()
                .addPrimaryKeyColumn("topic_partition", PrimaryKeyValue.INF_MIN)
                .addPrimaryKeyColumn("offset", PrimaryKeyValue.INF_MIN).build();
        while (next != null) {
            RangeRowQueryCriteria criteria = new RangeRowQueryCriteria(table);
            criteria.setInclusiveStartPrimaryKey(next);
            criteria.setExclusiveEndPrimaryKey(PrimaryKeyBuilder.createPrimaryKeyBuilder()
                    .addPrimaryKeyColumn("topic_partition", PrimaryKeyValue.INF_MAX)
                    .addPrimaryKeyColumn("offset", PrimaryKeyValue.INF_MAX).build());
            criteria.setMaxVersions(1);
            GetRangeResponse page = client.getRange(new GetRangeRequest(criteria));
            scanned += page.getRows().size();
            next = page.getNextStartPrimaryKey();
        }
        return scanned;
    }

    /**
     * CPU time of this process's threads from {@code /proc/self/task} (Linux), split by thread name: the emulator's
     * request threads ({@code tablestore-emulator-http-*}) and RocksDB's native flush and compaction threads
     * ({@code rocksdb:*}) against the rest (the SDK, GC, JIT). Less sensitive to other load than wall-clock rates.
     */
    record Cpu(long requestTicks, long rocksdbTicks, long processTicks) {
        private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

        static Cpu now() throws java.io.IOException {
            long request = 0;
            long rocksdb = 0;
            long process = 0;
            try (var tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : (Iterable<Path>) tasks::iterator) {
                    String stat;
                    try {
                        stat = Files.readString(task.resolve("stat"));
                    } catch (java.io.IOException gone) {
                        continue; // the thread ended meanwhile
                    }
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
                    if (name.startsWith("tablestore-emu")) {
                        request += ticks;
                    } else if (name.startsWith("rocksdb:")) {
                        rocksdb += ticks;
                    }
                }
            }
            String self = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = self.substring(self.lastIndexOf(')') + 2).split(" ");
            process = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return new Cpu(request, rocksdb, process);
        }

        Cpu minus(Cpu earlier) {
            return new Cpu(requestTicks - earlier.requestTicks, rocksdbTicks - earlier.rocksdbTicks,
                    processTicks - earlier.processTicks);
        }

        double requestSeconds() {
            return requestTicks / TICKS_PER_SECOND;
        }

        double rocksdbSeconds() {
            return rocksdbTicks / TICKS_PER_SECOND;
        }

        double emulatorSeconds() {
            return requestSeconds() + rocksdbSeconds();
        }

        double processSeconds() {
            return processTicks / TICKS_PER_SECOND;
        }
    }

    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
