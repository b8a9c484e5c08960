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
                for (int run = 0; run < RUNS; run++) {
                    double[] measured = write(client, "run_" + run, rows, threads);
                    rates[run] = measured[0];
                    megabytes[run] = measured[1];
                    System.out.printf(Locale.ROOT, "run %d: %,.0f rows/s, %.1f MB/s%n", run + 1, rates[run],
                            megabytes[run]);
                }
                printCpu();
                System.out.printf(Locale.ROOT, "Tablestore emulator, SDK alone, BatchWriteRow %d threads x 200 rows:"
                        + " median of %d runs %,.0f rows/s, %.1f MB/s%n", threads, RUNS, median(rates),
                        median(megabytes));
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

    /** Where the CPU went: the emulator's request threads against everything else of this process. */
    private static void printCpu() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long emulator = 0;
        long other = 0;
        for (long id : threads.getAllThreadIds()) {
            java.lang.management.ThreadInfo info = threads.getThreadInfo(id);
            long cpu = threads.getThreadCpuTime(id);
            if (info == null || cpu < 0) {
                continue;
            }
            if (info.getThreadName().startsWith("tablestore-emulator")) {
                emulator += cpu;
            } else {
                other += cpu;
            }
        }
        long process = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
        System.out.printf(Locale.ROOT, "CPU so far: emulator request threads %.1f s, other Java threads (SDK, GC, JIT)"
                + " %.1f s, whole process %.1f s%n", emulator / 1e9, other / 1e9, process / 1e9);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
