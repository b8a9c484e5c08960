package com.connectorservice.emulator.tablestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.DeleteRowRequest;
import com.alicloud.openservices.tablestore.model.DeleteTableRequest;
import com.alicloud.openservices.tablestore.model.GetRowRequest;
import com.alicloud.openservices.tablestore.model.PrimaryKeyType;
import com.alicloud.openservices.tablestore.model.PutRowRequest;
import com.alicloud.openservices.tablestore.model.Row;
import com.alicloud.openservices.tablestore.model.RowDeleteChange;
import com.alicloud.openservices.tablestore.model.RowPutChange;
import com.alicloud.openservices.tablestore.model.RowUpdateChange;
import com.alicloud.openservices.tablestore.model.SingleRowQueryCriteria;
import com.alicloud.openservices.tablestore.model.UpdateRowRequest;
import com.alicloud.openservices.tablestore.model.BatchWriteRowRequest;
import com.alicloud.openservices.tablestore.model.Column;
import com.alicloud.openservices.tablestore.model.GetRangeRequest;
import com.alicloud.openservices.tablestore.model.GetRangeResponse;
import com.alicloud.openservices.tablestore.model.PrimaryKey;
import com.alicloud.openservices.tablestore.model.PrimaryKeyBuilder;
import com.alicloud.openservices.tablestore.model.PrimaryKeyValue;
import com.alicloud.openservices.tablestore.model.RangeRowQueryCriteria;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistenceTest {
    @TempDir
    Path dataDirectory;

    private void withClient(Consumer<SyncClient> work) {
        try (TablestoreEmulator emulator = TablestoreEmulator.builder().dataDirectory(dataDirectory)
                .credential("local-ak", "local-sk").instance("local-ots").start()) {
            SyncClient client = new SyncClient(emulator.endpoint(), "local-ak", "local-sk", "local-ots");
            try {
                work.accept(client);
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void acknowledgedWritesSurviveRestarts() throws IOException {
        withClient(client -> {
            WideColumnTest.createTable(client, "kept", 2, "id", PrimaryKeyType.STRING);
            WideColumnTest.createTable(client, "dropped", 1, "id", PrimaryKeyType.STRING);
            long now = System.currentTimeMillis();
            for (String id : new String[] {"a", "b", "c"}) {
                RowPutChange put = new RowPutChange("kept", WideColumnTest.key(id));
                put.addColumn("v", ColumnValue.fromString(id + "1"), now - 1000);
                put.addColumn("v", ColumnValue.fromString(id + "2"), now);
                client.putRow(new PutRowRequest(put));
            }
            RowUpdateChange update = new RowUpdateChange("kept", WideColumnTest.key("b"));
            update.put("w", ColumnValue.fromLong(42));
            client.updateRow(new UpdateRowRequest(update));
            client.deleteRow(new DeleteRowRequest(new RowDeleteChange("kept", WideColumnTest.key("c"))));
            client.deleteTable(new DeleteTableRequest("dropped"));
        });
        // A write-ahead log record torn by a crash mid-write must not hide the acknowledged ones before it.
        try (Stream<Path> files = Files.list(dataDirectory.resolve("rocksdb"))) {
            Path log = files.filter(file -> file.toString().endsWith(".log")).max(Path::compareTo).orElseThrow();
            Files.write(log, new byte[] {0, 0, 1, 0, 3, 7, 1, 1, 1, 1, 1}, StandardOpenOption.APPEND);
        }
        for (int restart = 0; restart < 2; restart++) {
            withClient(client -> {
                assertThat(client.listTable().getTableNames()).containsExactly("kept");
                SingleRowQueryCriteria criteria = new SingleRowQueryCriteria("kept", WideColumnTest.key("b"));
                criteria.setMaxVersions(5);
                Row row = client.getRow(new GetRowRequest(criteria)).getRow();
                assertThat(row.getColumn("v")).extracting(column -> column.getValue().asString())
                        .containsExactly("b2", "b1");
                assertThat(row.getLatestColumn("w").getValue().asLong()).isEqualTo(42);
                SingleRowQueryCriteria deleted = new SingleRowQueryCriteria("kept", WideColumnTest.key("c"));
                deleted.setMaxVersions(1);
                assertThat(client.getRow(new GetRowRequest(deleted)).getRow()).isNull();
            });
        }
    }

    /**
     * A dropped table's space is freed when it is dropped, not whenever later writes happen to start a compaction of the
     * files holding its rows (until then they also stood in the way of the next table's writes).
     */
    @Test
    void aDroppedTablesSpaceIsFreedAtOnce() throws IOException {
        Random random = new Random(7);
        withClient(client -> {
            WideColumnTest.createTable(client, "scratch", 1, "id", PrimaryKeyType.STRING);
            for (int from = 0; from < 20_000; from += 200) {
                BatchWriteRowRequest batch = new BatchWriteRowRequest();
                for (int i = from; i < from + 200; i++) {
                    byte[] value = new byte[1024];
                    random.nextBytes(value); // incompressible, so that the files' size is the rows' size
                    RowPutChange put = new RowPutChange("scratch", WideColumnTest.key("row-" + i));
                    put.addColumn("v", ColumnValue.fromBinary(value));
                    batch.addRowChange(put);
                }
                assertThat(client.batchWriteRow(batch).isAllSucceed()).isTrue();
            }
        });
        long beforeRestart = tableFilesBytes(); // some rows may still be in the log alone
        withClient(client -> { // the restart writes the rows from the log into table files
            assertThat(tableFilesBytes()).isGreaterThan(beforeRestart / 2).isGreaterThan(15L << 20);
            client.deleteTable(new DeleteTableRequest("scratch"));
            assertThat(tableFilesBytes()).as("table files right after the drop").isLessThan(1L << 20);
        });
    }

    private long tableFilesBytes() {
        try (Stream<Path> files = Files.list(dataDirectory.resolve("rocksdb"))) {
            return files.filter(file -> file.toString().endsWith(".sst")).mapToLong(file -> file.toFile().length()).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * kill -9 of the emulator while several clients write: every row acknowledged before the kill is there after a
     * restart, with its value (rows written but not yet acknowledged may or may not be). Blind puts (the rows stored as
     * they arrived) and read-modify-write updates (increments) both.
     */
    @Test
    void acknowledgedWritesSurviveAKillMinus9(@TempDir Path logs) throws Exception {
        EmulatorProcess emulator = new EmulatorProcess(dataDirectory.resolve("ots"), logs.resolve("emulator.log"));
        emulator.start();
        int writers = 4;
        AtomicLong[] acknowledged = new AtomicLong[writers];
        AtomicLong incremented = new AtomicLong();
        AtomicBoolean killed = new AtomicBoolean();
        SyncClient client = emulator.client();
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        try {
            WideColumnTest.createTable(client, "acked", 1, "writer", PrimaryKeyType.STRING, "seq",
                    PrimaryKeyType.INTEGER);
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                AtomicLong acked = acknowledged[w] = new AtomicLong();
                String writer = "w" + w;
                futures.add(pool.submit(() -> {
                    for (long from = 0; !killed.get(); from += 50) {
                        BatchWriteRowRequest batch = new BatchWriteRowRequest();
                        for (long seq = from; seq < from + 50; seq++) {
                            RowPutChange put = new RowPutChange("acked", ackedKey(writer, seq));
                            put.addColumn("v", ColumnValue.fromString(writer + ":" + seq));
                            batch.addRowChange(put);
                        }
                        try {
                            if (!client.batchWriteRow(batch).isAllSucceed()) {
                                throw new IllegalStateException("a row of a batch failed");
                            }
                        } catch (RuntimeException e) {
                            if (killed.get()) {
                                return null; // cut off by the kill: not acknowledged
                            }
                            throw e;
                        }
                        acked.set(from + 50);
                    }
                    return null;
                }));
            }
            futures.add(pool.submit(() -> {
                while (!killed.get()) {
                    RowUpdateChange increment = new RowUpdateChange("acked", ackedKey("counter", 0));
                    increment.increment(new Column("n", ColumnValue.fromLong(1)));
                    try {
                        client.updateRow(new UpdateRowRequest(increment));
                    } catch (RuntimeException e) {
                        if (killed.get()) {
                            return null;
                        }
                        throw e;
                    }
                    incremented.incrementAndGet();
                }
                return null;
            }));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (Arrays.stream(acknowledged).mapToLong(AtomicLong::get).min().orElse(0) < 2_000
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            killed.set(true);
            emulator.kill();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            killed.set(true);
            pool.shutdownNow();
            client.shutdown();
        }
        assertThat(incremented.get()).as("increments acknowledged before the kill").isPositive();

        emulator.start();
        SyncClient reader = emulator.client();
        try {
            for (int w = 0; w < writers; w++) {
                String writer = "w" + w;
                long acked = acknowledged[w].get();
                assertThat(acked).as("rows acknowledged to %s before the kill", writer).isPositive();
                RangeRowQueryCriteria criteria = new RangeRowQueryCriteria("acked");
                criteria.setInclusiveStartPrimaryKey(ackedKey(writer, 0));
                criteria.setExclusiveEndPrimaryKey(ackedKey(writer, acked));
                criteria.setMaxVersions(1);
                List<Row> rows = new ArrayList<>();
                for (PrimaryKey next = ackedKey(writer, 0); next != null; ) {
                    criteria.setInclusiveStartPrimaryKey(next);
                    GetRangeResponse page = reader.getRange(new GetRangeRequest(criteria));
                    rows.addAll(page.getRows());
                    next = page.getNextStartPrimaryKey();
                }
                assertThat(rows).as("%s's acknowledged rows after the kill and restart", writer).hasSize((int) acked);
                for (int seq = 0; seq < acked; seq++) {
                    assertThat(rows.get(seq).getPrimaryKey()).isEqualTo(ackedKey(writer, seq));
                    assertThat(rows.get(seq).getLatestColumn("v").getValue().asString()).isEqualTo(writer + ":" + seq);
                }
            }
            SingleRowQueryCriteria counter = new SingleRowQueryCriteria("acked", ackedKey("counter", 0));
            counter.setMaxVersions(1);
            long stored = reader.getRow(new GetRowRequest(counter)).getRow().getLatestColumn("n").getValue().asLong();
            // the increment in flight at the kill may have been stored without its answer arriving
            assertThat(stored).as("the counter after the kill").isBetween(incremented.get(), incremented.get() + 1);
        } finally {
            reader.shutdown();
            emulator.stop();
        }
    }

    private static PrimaryKey ackedKey(String writer, long seq) {
        return PrimaryKeyBuilder.createPrimaryKeyBuilder()
                .addPrimaryKeyColumn("writer", PrimaryKeyValue.fromString(writer))
                .addPrimaryKeyColumn("seq", PrimaryKeyValue.fromLong(seq)).build();
    }

    @Test
    void aJournalOfAnOlderEmulatorIsNamedInsteadOfHidden() throws IOException {
        Files.write(dataDirectory.resolve("tablestore.journal"), new byte[] {1});
        assertThatThrownBy(() -> TablestoreEmulator.builder().dataDirectory(dataDirectory)
                .credential("local-ak", "local-sk").instance("local-ots").start())
                .hasMessageContaining("tablestore.journal").hasMessageContaining("--fresh");
        // the directory is free again for the next attempt
        Files.delete(dataDirectory.resolve("tablestore.journal"));
        withClient(client -> assertThat(client.listTable().getTableNames()).isEmpty());
    }
}
