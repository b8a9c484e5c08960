package com.connectorservice.emulator.tablestore;

import static org.assertj.core.api.Assertions.assertThat;

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
import com.alicloud.openservices.tablestore.model.Row;
import com.alicloud.openservices.tablestore.model.RowPutChange;
import com.alicloud.openservices.tablestore.model.TableMeta;
import com.alicloud.openservices.tablestore.model.TableOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Volume: rows loaded through the SDK into an emulator JVM with a 256 MiB heap (as the local stack runs it), the
 * emulator stopped and started again on its data, and every row read back by GetRange in primary key order, exactly.
 * The default build loads 300,000 rows; {@code -Pbenchmark} loads 10,000,000 ({@code -Dvolume.rows=N} sets another
 * count).
 */
class VolumeTest {
    private static final String TABLE = "volume";
    private static final int PARTITIONS = 16;

    @TempDir
    Path data;

    @Test
    void rowsLoadedIntoA256MiBEmulatorSurviveARestartAndReadBackExactly() throws Exception {
        loadRestartAndReadBack(Long.getLong("volume.rows", 300_000));
    }

    @Test
    @Tag("benchmark")
    void tenMillionRows() throws Exception {
        loadRestartAndReadBack(Long.getLong("volume.rows", 10_000_000));
    }

    private void loadRestartAndReadBack(long rows) throws Exception {
        EmulatorProcess emulator = new EmulatorProcess(data.resolve("ots"),
                data.resolveSibling(data.getFileName() + "-emulator.log"));
        long perPartition = rows / PARTITIONS;
        emulator.start();
        long loadStart = System.nanoTime();
        double loadSeconds;
        double residentAfterLoad;
        double heapAfterLoad;
        try {
            SyncClient client = emulator.client();
            try {
                TableMeta meta = new TableMeta(TABLE);
                meta.addPrimaryKeyColumn("partition", PrimaryKeyType.STRING);
                meta.addPrimaryKeyColumn("offset", PrimaryKeyType.INTEGER);
                client.createTable(new CreateTableRequest(meta, new TableOptions(-1, 1)));
                ExecutorService pool = Executors.newFixedThreadPool(8);
                List<Future<?>> writers = new ArrayList<>();
                for (int p = 0; p < PARTITIONS; p++) {
                    String partition = partition(p);
                    writers.add(pool.submit(() -> {
                        for (long from = 0; from < perPartition; from += 200) {
                            BatchWriteRowRequest batch = new BatchWriteRowRequest();
                            for (long offset = from; offset < Math.min(perPartition, from + 200); offset++) {
                                RowPutChange put = new RowPutChange(TABLE, key(partition, offset));
                                put.addColumn("value", ColumnValue.fromString(value(partition, offset)));
                                batch.addRowChange(put);
                            }
                            if (!client.batchWriteRow(batch).isAllSucceed()) {
                                throw new IllegalStateException("a row of a batch failed");
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> writer : writers) {
                    writer.get();
                }
                pool.shutdown();
            } finally {
                client.shutdown();
            }
        } finally {
            loadSeconds = (System.nanoTime() - loadStart) / 1e9;
            residentAfterLoad = emulator.residentMib();
            heapAfterLoad = emulator.heapAfterFullGcMib();
            emulator.stop();
        }
        long bytesOnDisk;
        try (var files = Files.walk(data)) {
            bytesOnDisk = files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }

        long restartStart = System.nanoTime();
        emulator.start();
        double restartSeconds = (System.nanoTime() - restartStart) / 1e9;
        long readStart = System.nanoTime();
        double residentAfterRead;
        double heapAfterRead;
        long read = 0;
        try {
            SyncClient client = emulator.client();
            try {
                PrimaryKey next = PrimaryKeyBuilder.createPrimaryKeyBuilder()
                        .addPrimaryKeyColumn("partition", PrimaryKeyValue.INF_MIN)
                        .addPrimaryKeyColumn("offset", PrimaryKeyValue.INF_MIN).build();
                PrimaryKey end = PrimaryKeyBuilder.createPrimaryKeyBuilder()
                        .addPrimaryKeyColumn("partition", PrimaryKeyValue.INF_MAX)
                        .addPrimaryKeyColumn("offset", PrimaryKeyValue.INF_MAX).build();
                while (next != null) {
                    RangeRowQueryCriteria criteria = new RangeRowQueryCriteria(TABLE);
                    criteria.setInclusiveStartPrimaryKey(next);
                    criteria.setExclusiveEndPrimaryKey(end);
                    criteria.setMaxVersions(1);
                    GetRangeResponse page = client.getRange(new GetRangeRequest(criteria));
                    for (Row row : page.getRows()) {
                        // every row, once, in primary key order: partition by partition, offsets ascending
                        String partition = partition((int) (read / perPartition));
                        long offset = read % perPartition;
                        assertThat(row.getPrimaryKey()).isEqualTo(key(partition, offset));
                        assertThat(row.getLatestColumn("value").getValue().asString())
                                .isEqualTo(value(partition, offset));
                        read++;
                    }
                    next = page.getNextStartPrimaryKey();
                }
            } finally {
                client.shutdown();
            }
        } finally {
            residentAfterRead = emulator.residentMib();
            heapAfterRead = emulator.heapAfterFullGcMib();
            emulator.stop();
        }
        double readSeconds = (System.nanoTime() - readStart) / 1e9;
        System.out.printf(Locale.ROOT, "Volume: %,d rows loaded into a 256 MiB emulator (-Xmx256m) in %.0f s"
                + " (%,.0f rows/s), %.0f MiB on disk; emulator after the load: %.0f MiB resident, %.0f MiB heap"
                + " after a full GC; restart %.1f s; read back in order in %.0f s (%,.0f rows/s), %,d rows; emulator"
                + " after the read: %.0f MiB resident, %.0f MiB heap after a full GC%n",
                perPartition * PARTITIONS, loadSeconds, perPartition * PARTITIONS / loadSeconds,
                bytesOnDisk / 1048576.0, residentAfterLoad, heapAfterLoad, restartSeconds, readSeconds,
                read / readSeconds, read, residentAfterRead, heapAfterRead);
        assertThat(read).isEqualTo(perPartition * PARTITIONS);
    }

    private static String partition(int p) {
        return String.format(Locale.ROOT, "topic-%02d", p);
    }

    private static PrimaryKey key(String partition, long offset) {
        return PrimaryKeyBuilder.createPrimaryKeyBuilder()
                .addPrimaryKeyColumn("partition", PrimaryKeyValue.fromString(partition))
                .addPrimaryKeyColumn("offset", PrimaryKeyValue.fromLong(offset)).build();
    }

    private static String value(String partition, long offset) {
        return "{\"partition\":\"" + partition + "\",\"offset\":" + offset + ",\"payload\":\"" + "x".repeat(40) + "\"}";
    }
}
