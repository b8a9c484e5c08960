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
import com.connectorservice.emulator.common.EmulatorHttpServer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The emulator's write ceiling: rows per second (and MB/s of primary key and column values) that the SDK alone writes
 * with BatchWriteRow, in the Tablestore sink's request shape (two primary key columns, five string columns, 200 rows
 * per request, 8 threads), after one warm-up run; the median of 3 runs. Then a full GetRange scan of what was written.
 * Both sides share one JVM, so each run also splits its CPU-seconds per 100k rows by thread: the emulator's (request
 * threads, HTTP dispatcher, RocksDB) and the SDK client's (the writer threads that build, sign and send requests and
 * parse the answers, and the SDK's I/O reactor). The client's share alone bounds what the SDK can reach on this
 * machine whatever the server: {@code cores / client seconds per 100k rows x 100k} rows/s.
 * Not part of the build; run it with
 * {@code ./mvnw -q -pl emulators/tablestore-emulator test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=com.connectorservice.emulator.tablestore.TablestoreEmulatorBenchmark [-Dexec.args="400000 8"]}
 * (arguments: rows per run, threads) after {@code ./mvnw -q -pl emulators/tablestore-emulator -am install -DskipTests}:
 * with {@code -am}, exec:java runs in the parent module first and fails there.
 */
public final class TablestoreEmulatorBenchmark {
    private static final int RUNS = 3;
    private static final String WRITER_THREADS = "sdk-writer";

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
                double[] clientCpu = new double[RUNS];
                for (int run = 0; run < RUNS; run++) {
                    String load = loadAverage();
                    Cpu before = Cpu.now();
                    double[] measured = write(client, "run_" + run, rows, threads);
                    Cpu used = Cpu.now().minus(before);
                    rates[run] = measured[0];
                    megabytes[run] = measured[1];
                    emulatorCpu[run] = used.emulatorSeconds() * 100_000 / rows;
                    processCpu[run] = used.processSeconds() * 100_000 / rows;
                    clientCpu[run] = (measured[2] + used.sdkThreadSeconds()) * 100_000 / rows;
                    System.out.printf(Locale.ROOT, "run %d: %,.0f rows/s, %.1f MB/s; CPU per 100k rows: emulator"
                            + " %.2f s (request threads %.2f s, RocksDB %.2f s), SDK client %.2f s (writer threads"
                            + " %.2f s, SDK I/O reactor and callbacks %.2f s), whole process %.2f s; load before the"
                            + " run %s%n", run + 1, rates[run], megabytes[run], emulatorCpu[run],
                            used.requestSeconds() * 100_000 / rows, used.rocksdbSeconds() * 100_000 / rows,
                            clientCpu[run], measured[2] * 100_000 / rows, used.sdkThreadSeconds() * 100_000 / rows,
                            processCpu[run], load);
                    if (run == RUNS - 1) {
                        System.out.println("  CPU per 100k rows by thread name, last run: " + used.byName(rows));
                    }
                }
                System.out.printf(Locale.ROOT, "Tablestore emulator, SDK alone, BatchWriteRow %d threads x 200 rows:"
                        + " median of %d runs %,.0f rows/s, %.1f MB/s; CPU per 100k rows: emulator %.2f s, SDK client"
                        + " %.2f s, whole process (emulator, SDK, GC, JIT) %.2f s; load now %s%n", threads, RUNS,
                        median(rates), median(megabytes), median(emulatorCpu), median(clientCpu), median(processCpu),
                        loadAverage());
                int cores = Runtime.getRuntime().availableProcessors();
                System.out.printf(Locale.ROOT, "SDK client's own ceiling on %d cores (its CPU alone, a server that"
                        + " cost nothing): %,.0f rows/s; emulator's alone: %,.0f rows/s%n", cores,
                        cores * 100_000 / median(clientCpu), cores * 100_000 / median(emulatorCpu));
                long start = System.nanoTime();
                long scanned = scan(client, "run_0");
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "GetRange scan of %,d rows: %,.0f rows/s%n", scanned, scanned / seconds);
            } finally {
                client.shutdown();
            }
        }
    }

    /**
     * Writes {@code rows} rows into a new table; returns rows/s, MB/s and the CPU-seconds of the writer threads (each
     * new, read by the thread itself before it ends: a thread that ended is gone from {@code /proc/self/task}).
     */
    private static double[] write(SyncClient client, String table, int rows, int threads) throws Exception {
        TableMeta meta = new TableMeta(table);
        meta.addPrimaryKeyColumn("topic_partition", PrimaryKeyType.STRING);
        meta.addPrimaryKeyColumn("offset", PrimaryKeyType.INTEGER);
        client.createTable(new CreateTableRequest(meta, new TableOptions(-1, 1)));
        int perThread = rows / threads;
        ExecutorService pool = Executors.newFixedThreadPool(threads, EmulatorHttpServer.daemonThreads(WRITER_THREADS));
        long[] bytes = new long[threads];
        long[] cpuNanos = new long[threads];
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
                    cpuNanos[thread] = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
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
        return new double[] {perThread * (double) threads / seconds, Arrays.stream(bytes).sum() / seconds / 1e6,
                Arrays.stream(cpuNanos).sum() / 1e9};
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
     * CPU time of this process's threads from {@code /proc/self/task} (Linux; native threads included, which
     * ThreadMXBean does not see), by thread name ({@code comm}, at most 15 characters): the emulator's request threads
     * ({@code tablestore-emulator-http-*}) and the JDK HTTP server's dispatcher, RocksDB's native flush and compaction
     * threads ({@code rocksdb:*}), the SDK's HttpAsyncClient I/O reactor ({@code I/O dispatcher N}) and callback
     * threads ({@code tablestore-callback-*}), and the rest (GC, JIT). Less sensitive to other load than wall-clock
     * rates. The writer threads, which build, sign and send the requests and parse the answers, are counted by
     * {@link #write}.
     */
    record Cpu(Map<String, Long> ticksByName, long processTicks) {
        private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

        static Cpu now() throws java.io.IOException {
            Map<String, Long> byName = new TreeMap<>();
            long process;
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
                    // threads of one kind under one name: numbers and a trailing '#'/'-' dropped
                    byName.merge(name.replaceAll("[-# ]?\\d+$", ""), ticks, Long::sum);
                }
            }
            String self = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = self.substring(self.lastIndexOf(')') + 2).split(" ");
            process = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return new Cpu(byName, process);
        }

        Cpu minus(Cpu earlier) {
            Map<String, Long> byName = new TreeMap<>(ticksByName);
            earlier.ticksByName.forEach((name, ticks) -> byName.merge(name, -ticks, Long::sum));
            return new Cpu(byName, processTicks - earlier.processTicks);
        }

        private double seconds(java.util.function.Predicate<String> names) {
            return ticksByName.entrySet().stream().filter(entry -> names.test(entry.getKey()))
                    .mapToLong(Map.Entry::getValue).sum() / TICKS_PER_SECOND;
        }

        double requestSeconds() {
            return seconds(name -> name.startsWith("tablestore-emu") || name.equals("HTTP-Dispatcher"));
        }

        double rocksdbSeconds() {
            return seconds(name -> name.startsWith("rocksdb:"));
        }

        double sdkThreadSeconds() {
            return seconds(name -> name.startsWith("I/O dispatcher") || name.startsWith("tablestore-call"));
        }

        /** Seconds per {@code rows / 100k} for each thread name that used at least 0.01 s of it. */
        String byName(long rows) {
            StringBuilder text = new StringBuilder();
            ticksByName.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .filter(entry -> entry.getValue() * 100_000 / rows > 0)
                    .forEach(entry -> text.append(text.isEmpty() ? "" : ", ").append(entry.getKey()).append(' ')
                            .append(String.format(Locale.ROOT, "%.2f s",
                                    entry.getValue() / TICKS_PER_SECOND * 100_000 / rows)));
            return text.toString();
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
