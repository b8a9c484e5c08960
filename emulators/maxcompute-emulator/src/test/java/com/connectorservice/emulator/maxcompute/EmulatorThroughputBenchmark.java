package com.connectorservice.emulator.maxcompute;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.aliyun.odps.Odps;
import com.aliyun.odps.PartitionSpec;
import com.aliyun.odps.data.Record;
import com.aliyun.odps.data.RecordWriter;
import com.aliyun.odps.tunnel.TableTunnel;
import com.aliyun.odps.tunnel.io.CompressOption;

/**
 * Prints how fast the emulator ingests through the real SDK, so sink benchmarks know their ceiling.
 * Run: {@code ./mvnw -q -o -pl emulators/maxcompute-emulator test-compile dependency:build-classpath
 * -Dmdep.outputFile=/tmp/mc-cp.txt && java -cp emulators/maxcompute-emulator/target/classes:emulators/maxcompute-emulator/target/test-classes:$(cat /tmp/mc-cp.txt)
 * com.connectorservice.emulator.maxcompute.EmulatorThroughputBenchmark [records] [valueBytes] [threads]}
 */
public final class EmulatorThroughputBenchmark {

    private EmulatorThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
        int valueBytes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        Path data = Files.createTempDirectory("mc-bench");
        try (EmulatorFixture fixture = new EmulatorFixture(data)) {
            fixture.sql("CREATE TABLE bench(topic STRING, `partition` BIGINT, `offset` BIGINT, key STRING, value STRING)"
                    + " PARTITIONED BY (pt STRING);");
            fixture.sql("ALTER TABLE bench ADD PARTITION (pt='batch');");
            String value = "v".repeat(valueBytes);
            for (CompressOption.CompressAlgorithm algorithm : List.of(CompressOption.CompressAlgorithm.ODPS_RAW,
                    CompressOption.CompressAlgorithm.ODPS_LZ4_FRAME)) {
                long start = System.nanoTime();
                batch(fixture.odps(), records, value, threads, new CompressOption(algorithm, 1, 0));
                print("batch " + algorithm, records, valueBytes, System.nanoTime() - start);
            }
            long start = System.nanoTime();
            streaming(fixture.odps(), records, value, threads);
            print("streaming ODPS_RAW", records, valueBytes, System.nanoTime() - start);
            System.out.println("rows stored: " + fixture.emulator.execute(
                    "set odps.sql.allow.fullscan=true; select count(*) from bench").get(0).get("_c0"));
        }
    }

    private static void print(String label, int records, int valueBytes, long nanos) {
        double seconds = nanos / 1e9;
        System.out.printf("%-28s %,10d records in %6.2f s = %,10.0f records/s, %7.1f MB/s of values%n", label,
                records, seconds, records / seconds, records * (double) valueBytes / seconds / 1e6);
    }

    private static void fill(Record r, long offset, String value) {
        r.setString("topic", "bench-topic");
        r.setBigint("partition", 0L);
        r.setBigint("offset", offset);
        r.setString("key", Long.toString(offset));
        r.setString("value", value);
    }

    private static void batch(Odps odps, int records, String value, int threads, CompressOption option)
            throws Exception {
        TableTunnel tunnel = new TableTunnel(odps);
        TableTunnel.UploadSession session = tunnel.createUploadSession(odps.getDefaultProject(), "bench",
                new PartitionSpec("pt='batch'"));
        int perBlock = records / threads;
        runParallel(threads, block -> {
            try (RecordWriter writer = session.openRecordWriter(block, option)) {
                Record r = session.newRecord();
                for (int i = 0; i < perBlock; i++) {
                    fill(r, (long) block * perBlock + i, value);
                    writer.write(r);
                }
            }
            return null;
        });
        Long[] blocks = new Long[threads];
        for (int i = 0; i < threads; i++) {
            blocks[i] = (long) i;
        }
        session.commit(blocks);
    }

    private static void streaming(Odps odps, int records, String value, int threads) throws Exception {
        TableTunnel tunnel = new TableTunnel(odps);
        TableTunnel.StreamUploadSession session = tunnel.buildStreamUploadSession(odps.getDefaultProject(), "bench")
                .setPartitionSpec("pt='stream'").setCreatePartition(true).build();
        int perThread = records / threads;
        runParallel(threads, thread -> {
            TableTunnel.StreamRecordPack pack = session.newRecordPack(
                    new CompressOption(CompressOption.CompressAlgorithm.ODPS_RAW, 0, 0));
            for (int i = 0; i < perThread; i++) {
                Record r = session.newRecord();
                fill(r, (long) thread * perThread + i, value);
                pack.append(r);
                if (pack.getDataSize() > 4 * 1024 * 1024) {
                    pack.flush();
                }
            }
            pack.flush();
            return null;
        });
    }

    private interface Task {
        Void run(int index) throws Exception;
    }

    private static void runParallel(int threads, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Void>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int index = i;
                futures.add(pool.submit(() -> task.run(index)));
            }
            for (Future<Void> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
