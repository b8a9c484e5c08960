package com.connectorservice.emulator.maxcompute;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
 * The emulator's write ceiling through the real SDK alone: records/s and MB/s (of record payload: the five columns'
 * bytes) for a batch upload (raw and lz4, one block per thread) and for the streaming tunnel (packs of ~1 MiB, as the
 * sink sends them), each after a warm-up run, the median of 3 runs into a fresh partition. Not part of the build; run:
 * {@code ./mvnw -q -pl emulators/maxcompute-emulator -am test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=com.connectorservice.emulator.maxcompute.EmulatorThroughputBenchmark [-Dexec.args="400000 200 4"]}
 * (arguments: records per run, value bytes, threads).
 */
public final class EmulatorThroughputBenchmark {

    private static final int RUNS = 3;

    private EmulatorThroughputBenchmark() {
    }

    private interface Mode {
        void write(Odps odps, String partition, int records, String value, int threads) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
        int valueBytes = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        long recordBytes = "bench-topic".length() + 8 + 8 + 6 + valueBytes;
        Path data = Files.createTempDirectory("mc-bench");
        try (EmulatorFixture fixture = new EmulatorFixture(data)) {
            fixture.sql("CREATE TABLE bench(topic STRING, `partition` BIGINT, `offset` BIGINT, key STRING, value STRING)"
                    + " PARTITIONED BY (pt STRING);");
            String value = "v".repeat(valueBytes);
            List<String> lines = new ArrayList<>();
            int partition = 0;
            for (String label : List.of("batch ODPS_RAW", "batch ODPS_LZ4_FRAME", "streaming ODPS_RAW")) {
                Mode mode = switch (label) {
                    case "batch ODPS_RAW" -> (odps, pt, n, v, t) -> batch(fixture, odps, pt, n, v, t,
                            CompressOption.CompressAlgorithm.ODPS_RAW);
                    case "batch ODPS_LZ4_FRAME" -> (odps, pt, n, v, t) -> batch(fixture, odps, pt, n, v, t,
                            CompressOption.CompressAlgorithm.ODPS_LZ4_FRAME);
                    default -> EmulatorThroughputBenchmark::streaming;
                };
                mode.write(fixture.odps(), "p" + partition++, records / 4, value, threads); // warm-up
                double[] rates = new double[RUNS];
                for (int run = 0; run < RUNS; run++) {
                    long start = System.nanoTime();
                    mode.write(fixture.odps(), "p" + partition++, records, value, threads);
                    rates[run] = records / ((System.nanoTime() - start) / 1e9);
                    System.out.printf(Locale.ROOT, "%-22s run %d: %,10.0f records/s%n", label, run + 1, rates[run]);
                }
                Arrays.sort(rates);
                lines.add(String.format(Locale.ROOT, "%-22s median of %d: %,10.0f records/s %7.1f MB/s",
                        label, RUNS, rates[RUNS / 2], rates[RUNS / 2] * recordBytes / 1e6));
            }
            System.out.printf(Locale.ROOT, "MaxCompute emulator, SDK alone, %,d records of %d bytes per run, %d threads:%n",
                    records, recordBytes, threads);
            lines.forEach(System.out::println);
            System.out.println("rows stored: " + fixture.emulator.execute(
                    "set odps.sql.allow.fullscan=true; select count(*) from bench").get(0).get("_c0"));
        }
    }

    private static void fill(Record r, long offset, String value) {
        r.setString("topic", "bench-topic");
        r.setBigint("partition", 0L);
        r.setBigint("offset", offset);
        r.setString("key", Long.toString(offset % 1_000_000));
        r.setString("value", value);
    }

    private static void batch(EmulatorFixture fixture, Odps odps, String partition, int records, String value,
                              int threads, CompressOption.CompressAlgorithm algorithm) throws Exception {
        fixture.sql("ALTER TABLE bench ADD PARTITION (pt='" + partition + "');");
        CompressOption option = new CompressOption(algorithm, 1, 0);
        TableTunnel tunnel = new TableTunnel(odps);
        TableTunnel.UploadSession session = tunnel.createUploadSession(odps.getDefaultProject(), "bench",
                new PartitionSpec("pt='" + partition + "'"));
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

    private static void streaming(Odps odps, String partition, int records, String value, int threads)
            throws Exception {
        TableTunnel tunnel = new TableTunnel(odps);
        TableTunnel.StreamUploadSession session = tunnel.buildStreamUploadSession(odps.getDefaultProject(), "bench")
                .setPartitionSpec("pt='" + partition + "'").setCreatePartition(true).build();
        int perThread = records / threads;
        runParallel(threads, thread -> {
            TableTunnel.StreamRecordPack pack = session.newRecordPack(
                    new CompressOption(CompressOption.CompressAlgorithm.ODPS_RAW, 0, 0));
            for (int i = 0; i < perThread; i++) {
                Record r = session.newRecord();
                fill(r, (long) thread * perThread + i, value);
                pack.append(r);
                if (pack.getDataSize() > 1024 * 1024) {
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
