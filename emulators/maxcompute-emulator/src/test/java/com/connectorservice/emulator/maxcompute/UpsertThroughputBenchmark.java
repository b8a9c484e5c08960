package com.connectorservice.emulator.maxcompute;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.aliyun.odps.data.Record;
import com.aliyun.odps.tunnel.TableTunnel;
import com.aliyun.odps.tunnel.io.CompressOption;
import com.aliyun.odps.tunnel.streams.UpsertStream;

/**
 * The emulator's Delta-table ceiling through the real SDK alone (issue 16): changes/s into a 16-bucket Delta table
 * through one upsert session (upsert stream with 64 MB total and 4 MB bucket buffers, zlib, as seed 004's defaults),
 * 20% inserts of new keys then 80% updates of them, committed at the end; the median of 3 runs into a fresh table,
 * after a warm-up. Not part of the build; run:
 * {@code ./mvnw -q -pl emulators/maxcompute-emulator -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=com.connectorservice.emulator.maxcompute.UpsertThroughputBenchmark [-Dexec.args="1000000"]}
 */
public final class UpsertThroughputBenchmark {

    private UpsertThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int changes = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path data = Files.createTempDirectory("mc-upsert-bench");
        try (EmulatorFixture fixture = new EmulatorFixture(data)) {
            run(fixture, "warmup", Math.max(10_000, changes / 10));
            List<Double> rates = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                rates.add(run(fixture, "run" + i, changes));
            }
            List<Double> sorted = new ArrayList<>(rates);
            sorted.sort(Double::compare);
            System.out.printf("upsert tunnel, SDK alone: %,d changes (80%% updates) into a 16-bucket Delta table:"
                    + " median %,.0f changes/s (runs %s)%n", changes, sorted.get(1), rates.stream()
                            .map(r -> String.format("%,.0f", r)).toList());
        }
    }

    private static double run(EmulatorFixture fixture, String table, int changes) throws Exception {
        fixture.sql("CREATE TABLE " + table + " (id BIGINT NOT NULL, name STRING, amount BIGINT, note STRING,"
                + " PRIMARY KEY (id)) TBLPROPERTIES ('transactional'='true', 'write.bucket.num'='16')");
        long started = System.nanoTime();
        TableTunnel tunnel = new TableTunnel(fixture.odps());
        TableTunnel.UpsertSession session = tunnel.buildUpsertSession(EmulatorFixture.PROJECT, table)
                .setConcurrentNum(4).build();
        int keys = changes / 5;
        try (UpsertStream stream = session.buildUpsertStream()
                .setCompressOption(new CompressOption(CompressOption.CompressAlgorithm.ODPS_ZLIB, 1, 0)).build()) {
            for (int i = 0; i < changes; i++) {
                long id = i % keys;
                Record r = session.newRecord();
                r.setBigint("id", id);
                r.setString("name", "customer-" + id);
                r.setBigint("amount", (long) i);
                r.setString("note", i < keys ? "inserted" : "updated " + (i / keys));
                stream.upsert(r);
            }
            stream.flush();
        }
        session.commit(false);
        double seconds = (System.nanoTime() - started) / 1e9;
        session.close();
        List<java.util.Map<String, Object>> count = fixture.emulator.execute("SELECT count(*) FROM " + table);
        if (((Number) count.get(0).values().iterator().next()).longValue() != keys) {
            throw new IllegalStateException(table + " holds " + count + " rows, expected " + keys);
        }
        return changes / seconds;
    }
}
