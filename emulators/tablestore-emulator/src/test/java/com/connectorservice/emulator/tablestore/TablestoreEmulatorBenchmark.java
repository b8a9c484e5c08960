package com.connectorservice.emulator.tablestore;

import com.alicloud.openservices.tablestore.DefaultTableStoreWriter;
import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.TableStoreWriter;
import com.alicloud.openservices.tablestore.TimeseriesClient;
import com.alicloud.openservices.tablestore.core.auth.DefaultCredentials;
import com.alicloud.openservices.tablestore.model.BatchWriteRowRequest;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.GetRangeRequest;
import com.alicloud.openservices.tablestore.model.GetRangeResponse;
import com.alicloud.openservices.tablestore.model.PrimaryKey;
import com.alicloud.openservices.tablestore.model.PrimaryKeyBuilder;
import com.alicloud.openservices.tablestore.model.PrimaryKeyType;
import com.alicloud.openservices.tablestore.model.PrimaryKeyValue;
import com.alicloud.openservices.tablestore.model.RangeRowQueryCriteria;
import com.alicloud.openservices.tablestore.model.RowPutChange;
import com.alicloud.openservices.tablestore.model.timeseries.PutTimeseriesDataRequest;
import com.alicloud.openservices.tablestore.model.timeseries.TimeseriesKey;
import com.alicloud.openservices.tablestore.model.timeseries.TimeseriesRow;
import com.alicloud.openservices.tablestore.writer.WriterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Prints how many rows per second the emulator takes through the real SDK, so a sink benchmark can tell whether the
 * emulator is its ceiling. Run:
 * {@code ./mvnw -o -q -pl emulators/tablestore-emulator test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=com.connectorservice.emulator.tablestore.TablestoreEmulatorBenchmark [-Dexec.args="200000 4"]}
 */
public final class TablestoreEmulatorBenchmark {
    private TablestoreEmulatorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Path directory = Files.createTempDirectory("tablestore-benchmark");
        try (TablestoreEmulator emulator = TablestoreEmulator.builder().dataDirectory(directory)
                .credential("ak", "sk").instance("bench").start()) {
            SyncClient client = new SyncClient(emulator.endpoint(), "ak", "sk", "bench");
            WideColumnTest.createTable(client, "batch", 1, "id", PrimaryKeyType.STRING);
            WideColumnTest.createTable(client, "writer", 1, "id", PrimaryKeyType.STRING);

            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> tasks = new ArrayList<>();
            int perThread = rows / threads;
            for (int t = 0; t < threads; t++) {
                int thread = t;
                tasks.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i += 200) {
                        BatchWriteRowRequest batch = new BatchWriteRowRequest();
                        for (int r = i; r < Math.min(perThread, i + 200); r++) {
                            batch.addRowChange(change("batch", thread + "-" + r, r));
                        }
                        if (!client.batchWriteRow(batch).isAllSucceed()) {
                            throw new IllegalStateException("batch failed");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> task : tasks) {
                task.get();
            }
            pool.shutdown();
            report("BatchWriteRow (200 rows/request, " + threads + " threads)", perThread * threads, start);

            start = System.nanoTime();
            WriterConfig config = new WriterConfig();
            config.setConcurrency(threads);
            TableStoreWriter writer = new DefaultTableStoreWriter(emulator.endpoint(),
                    new DefaultCredentials("ak", "sk"), "bench", "writer", config, null);
            for (int i = 0; i < rows; i++) {
                writer.addRowChange(change("writer", Integer.toString(i), i));
            }
            writer.flush();
            writer.close();
            report("TableStoreWriter (defaults, concurrency " + threads + ")", rows, start);

            start = System.nanoTime();
            int scanned = 0;
            PrimaryKey next = PrimaryKeyBuilder.createPrimaryKeyBuilder()
                    .addPrimaryKeyColumn("id", PrimaryKeyValue.INF_MIN).build();
            while (next != null) {
                RangeRowQueryCriteria criteria = new RangeRowQueryCriteria("batch");
                criteria.setInclusiveStartPrimaryKey(next);
                criteria.setExclusiveEndPrimaryKey(PrimaryKeyBuilder.createPrimaryKeyBuilder()
                        .addPrimaryKeyColumn("id", PrimaryKeyValue.INF_MAX).build());
                criteria.setMaxVersions(1);
                GetRangeResponse page = client.getRange(new GetRangeRequest(criteria));
                scanned += page.getRows().size();
                next = page.getNextStartPrimaryKey();
            }
            report("GetRange scan", scanned, start);
            client.shutdown();

            TimeseriesClient timeseries = new TimeseriesClient(emulator.endpoint(), "ak", "sk", "bench");
            TimeseriesTest.createTable(timeseries, "metrics");
            start = System.nanoTime();
            for (int i = 0; i < rows; i += 200) {
                PutTimeseriesDataRequest put = new PutTimeseriesDataRequest("metrics");
                for (int r = i; r < Math.min(rows, i + 200); r++) {
                    TimeseriesRow row = new TimeseriesRow(new TimeseriesKey("cpu", "host-" + (r % 50),
                            Map.of("region", "hz")), r * 1000L);
                    row.addField("value", ColumnValue.fromDouble(r));
                    put.addRow(row);
                }
                timeseries.putTimeseriesData(put);
            }
            report("PutTimeseriesData (200 rows/request, 1 thread)", rows, start);
            timeseries.shutdown();
            System.out.printf("journal size: %.1f MiB%n",
                    Files.size(directory.resolve(Journal.FILE_NAME)) / 1024.0 / 1024.0);
            System.gc();
            Runtime runtime = Runtime.getRuntime();
            System.out.printf("heap used after GC with %d wide-column and %d time series rows stored: %.1f MiB%n",
                    2L * rows, rows, (runtime.totalMemory() - runtime.freeMemory()) / 1024.0 / 1024.0);
        }
    }

    private static RowPutChange change(String table, String id, long value) {
        RowPutChange change = new RowPutChange(table, PrimaryKeyBuilder.createPrimaryKeyBuilder()
                .addPrimaryKeyColumn("id", PrimaryKeyValue.fromString(id)).build());
        change.addColumn("value", ColumnValue.fromLong(value));
        change.addColumn("text", ColumnValue.fromString("payload-" + value));
        return change;
    }

    private static void report(String what, long rows, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("%-50s %9d rows in %6.2f s = %9.0f rows/s%n", what, rows, seconds, rows / seconds);
    }
}
