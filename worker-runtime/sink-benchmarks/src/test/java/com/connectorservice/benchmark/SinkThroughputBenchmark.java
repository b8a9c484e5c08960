package com.connectorservice.benchmark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.connectorservice.testing.KafkaBroker;

/**
 * Both sinks in a stock Kafka Connect worker (its own JVM, the plugins loaded from plugin.path) started with the
 * agent's worker properties and JVM flags, against the emulators; records per second from the connector's creation
 * until every row is readable, medians of several runs, at two offset-commit intervals, with the ceilings measured
 * in the same run: a plain consumer reading the topic and the SDK writing the same rows without Kafka. Every row is
 * read back and checked after each measured run (nothing missing, duplicated or wrong). Each interval has its own worker, all
 * running at once, and each round of runs takes the intervals in turn, in alternating order, so that neither gains
 * from running first on an emulator holding less data.
 *
 * <p>Run (about 17 minutes for the defaults on two cores; check that {@code uptime} shows a quiet machine first):
 * <pre>./mvnw -B -pl worker-runtime/sink-benchmarks -am verify -Pbenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dtest=SinkThroughputBenchmark [-Dbenchmark.runs=5] [-Dbenchmark.intervals=5000,60000] \
 *     [-Dbenchmark.cases=mc-batch-200,mc-stream-200,mc-batch-1k,mc-stream-1k,ts-json] \
 *     [-Dbenchmark.cpus=split] [-Dbenchmark.tablestoreLatencyMs=5] [-Dbenchmark.runtime=dense] \
 *     [-Dbenchmark.official=/path/to/a/plugin.path/holding/the/official/plugins]</pre>
 * With {@code benchmark.cpus=split} the services (emulators, broker) and their clients (the worker, the SDK alone)
 * each have one CPU of their own, as in production where they are different machines ({@link CpuSplit}).
 * With {@code benchmark.tablestoreLatencyMs} the Tablestore emulator answers each request that much later, as a
 * service across a network does: the sink and the SDK alone then get only as much done as they keep in flight.
 * With {@code benchmark.runtime=dense} each worker is a herder in a dense JVM started by the agent's own dense runtime
 * (its JVM flags and client bounds), as a connector created without {@code "isolation": "PROCESS"} runs.
 * With {@code benchmark.official}, the official connectors run the same cases interleaved with ours, in a worker of
 * their own with the same settings (plugin discovery {@code hybrid_warn}: their jars have no ServiceLoader manifests),
 * converters set in the connector config (they cannot read the agent's byte arrays).
 */
@Tag("benchmark")
class SinkThroughputBenchmark {

    private static final String OUR_MAXCOMPUTE = "com.connectorservice.sink.maxcompute.MaxComputeSinkConnector";
    private static final String OUR_TABLESTORE = "com.connectorservice.sink.tablestore.TablestoreSinkConnector";
    private static final String OFFICIAL_MAXCOMPUTE = "com.aliyun.odps.kafka.connect.MaxComputeSinkConnector";
    private static final String OFFICIAL_TABLESTORE = "com.aliyun.tablestore.kafka.connect.TableStoreSinkConnector";

    /**
     * Measured runs per case and interval. Two workers with the same settings (intervals 5000 and 5001 ms) differed
     * by 5% (200 B) and 12% (1 KiB) in medians of 3 streaming runs, and one worker's single runs of the 1 KiB case
     * ranged from 95k to 152k records/s: more runs, so that the interval pair compares the intervals, not the noise.
     */
    private static final int RUNS = Integer.getInteger("benchmark.runs", 5);
    /**
     * Runs of every case before the measured ones, in each new worker, printed and left out of the medians, so that the
     * medians measure the sinks rather than the JIT (a long-running connector pays for compiling once). Code that runs
     * once per request or per fetch (a few thousand times per run) reaches the optimizing compiler only after several
     * runs: after one warm-up, the worker's compiler threads still used 0.7 CPU-seconds in each measured Tablestore run
     * against 1.1-1.5 s of all its other threads, and the worker's CPU per Tablestore run fell 10.4 (the first), 4.3,
     * 4.0, 3.8, 3.7, 3.0, 2.4, 2.4 s. Per MaxCompute batch run (1M x 200 B) the worker's compiler threads still used
     * 0.9, 1.0, 1.3, 1.0, 1.1, 0.6, 0.8, 0.8, 0.8 s in runs 1 to 9, then 0.3: the optimizing compiler reaches the
     * per-request code (request signing, the SDK's HTTP calls, Kafka's per-fetch metrics) only after about ten runs,
     * and the emulators' JVM compiles alongside (0.5-1.1 s per run until then). The start-up of each measured run
     * (connector creation, task start, group join) still counts; warm-ups skip reading the rows back.
     */
    private static final int WARMUPS = Integer.getInteger("benchmark.warmups", 10);
    /**
     * When set, a full collection (jcmd GC.run) every this many ms during each run, and the largest heap live after
     * one is printed: the sinks' real footprint, where the GC log's young collections count dead objects in the old
     * generation as live. It slows the run down; for the memory bound, not for throughput.
     */
    private static final Integer HEAP_PROBE_MS = Integer.getInteger("benchmark.heapProbeMs");
    private static final int PARTITIONS = Integer.getInteger("benchmark.partitions", 4);
    private static final int TASKS = Integer.getInteger("benchmark.tasks", 2);
    private static final int SMALL = Integer.getInteger("benchmark.small", 1_000_000);
    private static final int LARGE = Integer.getInteger("benchmark.large", 200_000);
    private static final int JSON_ROWS = Integer.getInteger("benchmark.json", 200_000);
    private static final long TIMEOUT_NANOS = 15L * 60 * 1_000_000_000L;

    enum Destination { MAXCOMPUTE, TABLESTORE }

    record Case(String id, Destination destination, int records, int size, boolean streaming) {
        String topic() {
            return destination == Destination.TABLESTORE ? "bench_json" : "bench_text_" + size;
        }

        String describe() {
            return destination == Destination.TABLESTORE
                    ? String.format(Locale.ROOT, "Tablestore wide column, %,d JSON rows", records)
                    : String.format(Locale.ROOT, "MaxCompute %s, %,d x %s TEXT", streaming ? "streaming" : "batch",
                    records, size == 1024 ? "1 KiB" : size + " B");
        }
    }

    /**
     * @param firstRowSeconds from the connector's creation until its first row was readable (start-up)
     * @param cpuSeconds      CPU of the worker JVM over the run, all its threads
     * @param jvmCpu          the part of it the worker JVM's collector and compiler used
     * @param hostCpuSeconds  CPU of this JVM over the run: the emulators and the broker serving the worker (and the
     *                        checks polling for the last row)
     * @param problem         what verification found wrong (missing, duplicated or wrong rows), or null
     */
    record Run(double seconds, double firstRowSeconds, double cpuSeconds, StockWorker.JvmCpu jvmCpu,
               double hostCpuSeconds, StockWorker.Heap heap, String problem) {
    }

    @TempDir
    Path work;

    @Test
    void sinksInAStockWorker() throws Exception {
        Map<String, Case> all = new LinkedHashMap<>();
        for (Case c : List.of(new Case("mc-batch-200", Destination.MAXCOMPUTE, SMALL, 200, false),
                new Case("mc-stream-200", Destination.MAXCOMPUTE, SMALL, 200, true),
                new Case("mc-batch-1k", Destination.MAXCOMPUTE, LARGE, 1024, false),
                new Case("mc-stream-1k", Destination.MAXCOMPUTE, LARGE, 1024, true),
                new Case("ts-json", Destination.TABLESTORE, JSON_ROWS, 0, false))) {
            all.put(c.id(), c);
        }
        List<Case> cases = Arrays.stream(System.getProperty("benchmark.cases", String.join(",", all.keySet())).split(","))
                .map(String::trim).map(all::get).toList();
        List<Long> intervals = Arrays.stream(System.getProperty("benchmark.intervals", "5000,60000").split(","))
                .map(String::trim).map(Long::valueOf).toList();
        String officialProperty = System.getProperty("benchmark.official", "");
        Path official = officialProperty.isBlank() ? null : Path.of(officialProperty);

        Path ours = ourPluginPath(work);
        CpuSplit.pinThisJvmToServiceCpu(); // before the broker and the emulators start their threads
        try (KafkaBroker broker = KafkaBroker.start();
             MaxComputeTarget maxCompute = new MaxComputeTarget(work.resolve("maxcompute"));
             TablestoreTarget tablestore = new TablestoreTarget(work.resolve("tablestore"))) {
            Map<String, Long> valueBytes = new LinkedHashMap<>();
            for (Case c : cases) {
                if (!valueBytes.containsKey(c.topic())) {
                    broker.createTopic(c.topic(), PARTITIONS);
                    valueBytes.put(c.topic(), Payloads.produce(broker.bootstrapServers(), c.topic(), PARTITIONS, c.records(),
                            c.destination() == Destination.TABLESTORE, c.size()));
                }
            }
            // The ceilings are measured in every round, next to the sinks' runs: the host's speed drifts during a run
            // (the raw consumer has measured 0.36M and 1.9M rec/s on the same machine within minutes), so a sink's
            // share of the ceiling is taken per round, and its median printed
            Map<String, List<Double>> rawCeiling = new LinkedHashMap<>();
            Map<String, List<Double>> sdkCeiling = new LinkedHashMap<>();
            Map<String, List<Double>> shareOfSdk = new LinkedHashMap<>();
            Map<String, List<Double>> sdkCpuSeconds = new LinkedHashMap<>();
            int sdkRuns = 0;
            Map<String, List<Run>> results = new LinkedHashMap<>();
            Map<Long, Double> idleLive = new LinkedHashMap<>();
            int sequence = 0;
            // A worker per interval, all running, and the intervals taken in turn, in alternating order: the
            // emulator's store grows with every run, so running one interval's runs after the other's favoured the first
            Map<Long, StockWorker> ourWorkers = new LinkedHashMap<>();
            Map<Long, StockWorker> officialWorkers = new LinkedHashMap<>();
            try {
                for (long interval : intervals) {
                    ourWorkers.put(interval, new StockWorker(broker.bootstrapServers(), "bench-ours-" + interval, ours, work,
                            interval, null));
                    if (official != null) {
                        officialWorkers.put(interval, new StockWorker(broker.bootstrapServers(), "bench-official-" + interval,
                                official, work, interval, "hybrid_warn"));
                    }
                }
                for (int run = -WARMUPS; run < RUNS; run++) {
                    Map<String, Double> sdkThisRound = new LinkedHashMap<>();
                    for (Case c : cases) {
                        double raw = CpuSplit.onClientCpu(() -> Ceilings.rawConsumer(broker.bootstrapServers(), c.topic(),
                                PARTITIONS, c.records()));
                        String sdkTable = "sdk_" + c.id().replace('-', '_') + "_" + sdkRuns++;
                        double sdk;
                        double cpuBefore = processCpuSeconds();
                        if (c.destination() == Destination.TABLESTORE) {
                            sdk = CpuSplit.onClientCpu(() -> tablestore.sdkAlone(sdkTable, c.records(), 8));
                            tablestore.drop(sdkTable);
                        } else {
                            sdk = CpuSplit.onClientCpu(() -> maxCompute.sdkAlone(sdkTable, c.records(), c.size(),
                                    c.streaming(), 3));
                            maxCompute.drop(sdkTable);
                        }
                        double sdkCpu = processCpuSeconds() - cpuBefore;
                        System.out.printf(Locale.ROOT, "%s ceilings %s: raw consumer %,.0f rec/s, SDK alone %,.0f rec/s%n",
                                run < 0 ? "warm-up" : "round " + run, c.id(), raw, sdk);
                        sdkThisRound.put(c.id(), sdk);
                        if (run >= 0) {
                            rawCeiling.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(raw);
                            sdkCeiling.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(sdk);
                            sdkCpuSeconds.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(sdkCpu);
                        }
                    }
                    List<Long> order = new ArrayList<>(intervals);
                    if (Math.floorMod(run, 2) == 1) {
                        java.util.Collections.reverse(order);
                    }
                    for (long interval : order) {
                        if (run == 0) {
                            idleLive.put(interval, ourWorkers.get(interval).liveAfterFullCollection());
                            System.out.printf(Locale.ROOT, "worker at %d ms idle after the warm-up: %.1f MiB live%n",
                                    interval, idleLive.get(interval));
                        }
                        for (Case c : cases) {
                            for (boolean theirs : official == null ? new boolean[] {false} : new boolean[] {false, true}) {
                                StockWorker worker = (theirs ? officialWorkers : ourWorkers).get(interval);
                                String name = "bench-" + (sequence++);
                                Run result = runOnce(worker, name, c, theirs, run >= 0, maxCompute, tablestore);
                                if (run >= 0) {
                                    results.computeIfAbsent(key(c, interval, theirs), k -> new ArrayList<>()).add(result);
                                    shareOfSdk.computeIfAbsent(key(c, interval, theirs), k -> new ArrayList<>())
                                            .add(c.records() / result.seconds() / sdkThisRound.get(c.id()));
                                }
                                System.out.printf(Locale.ROOT, "%s %s %s interval %d ms %s: %.2f s (first row at %.2f s), %,.0f records/s, CPU %.1f s,"
                                                + " heap peak %.0f MiB used / %.0f MiB live%n", run < 0 ? "warm-up" : "run", name, c.id(), interval,
                                        theirs ? "official" : "ours", result.seconds(), result.firstRowSeconds(),
                                        c.records() / result.seconds(),
                                        result.cpuSeconds(), result.heap().peakUsedMiB(), result.heap().peakLiveMiB());
                            }
                        }
                    }
                }
            } finally {
                for (StockWorker worker : java.util.stream.Stream.concat(ourWorkers.values().stream(),
                        officialWorkers.values().stream()).toList()) {
                    worker.close();
                }
            }
            print(cases, intervals, official != null, results, rawCeiling, sdkCeiling, shareOfSdk, valueBytes, idleLive);
            printCpu(cases, intervals, official != null, results, sdkCpuSeconds);
        }
    }

    /**
     * @param readBack whether to read every row back after the run (measured runs); a warm-up only waits until every
     *                 row is readable, as any run does, and saves the read's time
     */
    private Run runOnce(StockWorker worker, String name, Case c, boolean official, boolean readBack,
                        MaxComputeTarget maxCompute, TablestoreTarget tablestore) throws Exception {
        String table = name.replace('-', '_');
        Map<String, String> config;
        if (c.destination() == Destination.MAXCOMPUTE) {
            maxCompute.createTable(table);
            config = maxCompute.connectorConfig(official ? OFFICIAL_MAXCOMPUTE : OUR_MAXCOMPUTE, c.topic(), table, TASKS,
                    c.streaming());
            if (official) {
                config.put("key.converter", "org.apache.kafka.connect.storage.StringConverter");
                config.put("value.converter", "org.apache.kafka.connect.storage.StringConverter");
            }
        } else {
            config = tablestore.connectorConfig(official ? OFFICIAL_TABLESTORE : OUR_TABLESTORE, c.topic(), table, TASKS,
                    official);
        }
        double cpuBefore = worker.cpuSeconds();
        StockWorker.JvmCpu jvmCpuBefore = worker.jvmCpu();
        double hostCpuBefore = processCpuSeconds();
        long gcMark = worker.gcLogMark();
        long start = System.nanoTime();
        worker.createConnector(name, config);
        long lastStatusCheck = start;
        double firstRowSeconds = -1;
        double probedLive = 0;
        long lastProbe = start;
        double seconds;
        double cpu;
        StockWorker.JvmCpu jvmCpu;
        double hostCpu;
        while (true) {
            if (HEAP_PROBE_MS != null && System.nanoTime() - lastProbe > HEAP_PROBE_MS * 1_000_000L) {
                probedLive = Math.max(probedLive, worker.liveAfterFullCollection());
                lastProbe = System.nanoTime();
            }
            // one count per poll: it asks the emulator for every partition's record count
            long rows = c.destination() == Destination.MAXCOMPUTE ? maxCompute.count(table) : -1;
            if (firstRowSeconds < 0 && (c.destination() == Destination.MAXCOMPUTE ? rows > 0
                    : tablestore.rowPresent(table, c.topic(), 0, 0))) {
                firstRowSeconds = (System.nanoTime() - start) / 1e9;
            }
            boolean done;
            Moment checked;
            if (c.destination() == Destination.MAXCOMPUTE) {
                // with duplicates (an at-least-once path) the count passes the records before the last rows are in
                done = rows >= c.records()
                        && (rows == c.records() || maxCompute.check(table, c.records(), PARTITIONS, c.size()).missing() == 0);
                checked = Moment.of(worker, done);
            } else {
                // The count reads every row from a snapshot taken as it starts (0.3-0.9 s for 200k rows): the run ends
                // when the count starts, with the CPU used until then, as the scan is the benchmark's work, not the sink's.
                boolean lastRowsIn = tablestore.lastRowsPresent(table, c.topic(), c.records(), PARTITIONS);
                checked = Moment.of(worker, lastRowsIn);
                done = lastRowsIn && tablestore.count(table) >= c.records();
            }
            if (done) {
                seconds = (checked.nanos() - start) / 1e9;
                cpu = checked.workerCpu() - cpuBefore;
                jvmCpu = checked.workerJvmCpu().since(jvmCpuBefore);
                hostCpu = checked.hostCpu() - hostCpuBefore;
                break;
            }
            long now = System.nanoTime();
            if (now - start > TIMEOUT_NANOS) {
                throw new AssertionError(name + " did not write " + c.records() + " rows in time");
            }
            if (now - lastStatusCheck > 2_000_000_000L) {
                lastStatusCheck = now;
                String trace = worker.failedTaskTrace(name);
                if (trace != null) {
                    throw new AssertionError(name + " failed: " + trace);
                }
            }
            Thread.sleep(50);
        }
        StockWorker.Heap heap = worker.heapSince(gcMark);
        worker.deleteConnector(name);
        String problem = !readBack ? null : c.destination() == Destination.MAXCOMPUTE
                ? maxCompute.verify(table, c.records(), PARTITIONS, c.size())
                : tablestore.verify(table, c.topic(), c.records(), PARTITIONS);
        if (c.destination() == Destination.MAXCOMPUTE) {
            maxCompute.drop(table);
        } else {
            tablestore.drop(table);
        }
        if (problem != null) {
            System.out.printf("VERIFY %s (%s, %s): %s%n", name, c.id(), official ? "official" : "ours", problem);
        }
        if (HEAP_PROBE_MS != null) {
            System.out.printf(Locale.ROOT, "HEAP %s (%s): largest heap live after a full collection during the run: %.1f"
                    + " MiB%n", name, c.id(), probedLive);
        }
        return new Run(seconds, Math.max(0, firstRowSeconds), cpu, jvmCpu, hostCpu, heap, problem);
    }

    private static String key(Case c, long interval, boolean official) {
        return c.id() + "/" + interval + "/" + (official ? "official" : "ours");
    }

    private static void print(List<Case> cases, List<Long> intervals, boolean withOfficial, Map<String, List<Run>> results,
                              Map<String, List<Double>> rawCeiling, Map<String, List<Double>> sdkCeiling,
                              Map<String, List<Double>> shareOfSdk, Map<String, Long> valueBytes, Map<Long, Double> idleLive) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n=== Sinks in %s (the agent's worker settings), %d partitions,"
                        + " tasks.max=%d, %s, medians of %d runs after %d warm-ups; load average at the end: %.2f ===%n",
                StockWorker.describe(), PARTITIONS, TASKS,
                CpuSplit.describe(), RUNS, WARMUPS,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        out.append(String.format(Locale.ROOT, "| %-44s | %-8s | %-9s | %10s | %8s | %7s | %7s | %12s | %6s | %12s | %12s | %13s | %10s | %10s | %7s | %s |%n",
                "case", "sink", "commit ms", "records/s", "MB/s", "s", "start s", "after start", "CPU s", "heap used MiB", "heap live MiB",
                "idle live MiB",
                "raw rec/s", "SDK rec/s", "÷ SDK", "rows read back"));
        for (Case c : cases) {
            double raw = median(rawCeiling.get(c.id()));
            double sdk = median(sdkCeiling.get(c.id()));
            double bytesPerRecord = (double) valueBytes.get(c.topic()) / c.records();
            for (long interval : intervals) {
                for (boolean official : withOfficial ? new boolean[] {false, true} : new boolean[] {false}) {
                    List<Run> runs = results.get(key(c, interval, official));
                    double seconds = median(runs, Run::seconds);
                    double rate = c.records() / seconds;
                    out.append(String.format(Locale.ROOT,
                            "| %-44s | %-8s | %9d | %,10.0f | %8.1f | %7.2f | %7.2f | %,12.0f | %6.1f | %12.0f | %12.0f | %13s | %,10.0f | %,10.0f | %6.0f%% | %s |%n",
                            c.describe(), official ? "official" : "ours", interval, rate, rate * bytesPerRecord / 1e6, seconds,
                            median(runs, Run::firstRowSeconds), median(runs, run -> c.records() / (run.seconds()
                                    - run.firstRowSeconds())),
                            median(runs, Run::cpuSeconds), runs.stream().mapToDouble(r -> r.heap().peakUsedMiB()).max().orElse(0),
                            runs.stream().mapToDouble(r -> r.heap().peakLiveMiB()).max().orElse(0),
                            official ? "" : String.format(Locale.ROOT, "%.0f", idleLive.get(interval)), raw, sdk,
                            100 * median(shareOfSdk.get(key(c, interval, official))),
                            runs.stream().map(Run::problem).filter(java.util.Objects::nonNull).findFirst()
                                    .orElse("all exactly once")));
                }
            }
        }
        out.append("records/s: from the connector's creation (REST PUT) until every row is readable; start s: until the"
                + " first row is readable (Connect starting the tasks, the consumer group forming, the first batch);"
                + " after start: records/s from then to the last row; CPU s: the worker"
                + " process (user+system) over that time; heap: the worker JVM's largest heap in use before a collection"
                + " and largest still live after one (GC log), during the run; idle live: our worker's heap live after a"
                + " full collection, idle after the warm-up (what the sinks' buffers add to); raw: a plain consumer reading the topic;"
                + " SDK: the SDK alone writing the same rows into the same emulator (MaxCompute: 3 sessions or streams,"
                + " ~4 MiB blocks; Tablestore: 8 threads of 200-row BatchWriteRow). Both ceilings are measured in every"
                + " round beside the sinks' runs and their medians printed; ÷ SDK: the median over rounds of the run's"
                + " records/s divided by the SDK alone in the same round.\n");
        System.out.println(out);
    }

    private static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /**
     * Where the CPU goes, in µs per record: the SDK alone (its client and the emulator, both in this JVM) against a
     * sink's run (the worker JVM, and this JVM's emulator and broker). On two shared cores a sink's share of the
     * SDK-alone ceiling cannot pass the ratio of the two totals.
     */
    private static void printCpu(List<Case> cases, List<Long> intervals, boolean withOfficial,
                                 Map<String, List<Run>> results, Map<String, List<Double>> sdkCpuSeconds) {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%n=== CPU per record (µs, medians) ===%n| %-44s | %-8s | %-9s | %10s | %18s | %11s | %11s | %15s | %15s |%n",
                "case", "sink", "commit ms", "SDK alone", "sink's worker JVM", "its GC", "its JIT", "emulator+broker",
                "ceiling ÷ sink"));
        for (Case c : cases) {
            double sdk = median(sdkCpuSeconds.get(c.id())) / c.records() * 1e6;
            for (long interval : intervals) {
                for (boolean official : withOfficial ? new boolean[] {false, true} : new boolean[] {false}) {
                    List<Run> runs = results.get(key(c, interval, official));
                    double worker = median(runs, Run::cpuSeconds) / c.records() * 1e6;
                    double collector = median(runs, run -> run.jvmCpu().collector()) / c.records() * 1e6;
                    double compiler = median(runs, run -> run.jvmCpu().compiler()) / c.records() * 1e6;
                    double host = median(runs, Run::hostCpuSeconds) / c.records() * 1e6;
                    out.append(String.format(Locale.ROOT,
                            "| %-44s | %-8s | %9d | %10.1f | %18.1f | %11.1f | %11.1f | %15.1f | %14.0f%% |%n",
                            c.describe(), official ? "official" : "ours", interval, sdk, worker, collector, compiler,
                            host, 100 * sdk / (worker + host)));
                }
            }
        }
        out.append("SDK alone: this JVM's CPU while the SDK writes the rows into the emulator (client and emulator);"
                + " worker JVM: the stock worker running the sink, of which its GC: its garbage collector's threads,"
                + " its JIT: its compiler threads (still compiling in short runs, as a worker running for hours would"
                + " not be); emulator+broker: this JVM's CPU during the sink's run;"
                + " ceiling ÷ sink: the SDK alone's CPU per record over the sink run's, the share of the SDK-alone"
                + " ceiling a sink could reach were both runs bound by the machine's CPU alone.\n");
        System.out.println(out);
    }

    /**
     * A moment of a run: the clock, the worker's CPU-seconds and this JVM's (the emulators' and the broker's), and
     * when the run may have ended, the worker's GC and JIT CPU (null otherwise: reading every thread's CPU on each
     * poll would add this JVM's own work to the figures it measures).
     */
    private record Moment(long nanos, double workerCpu, StockWorker.JvmCpu workerJvmCpu, double hostCpu) {
        static Moment of(StockWorker worker, boolean mayBeTheEnd) throws IOException {
            return new Moment(System.nanoTime(), worker.cpuSeconds(), mayBeTheEnd ? worker.jvmCpu() : null,
                    processCpuSeconds());
        }
    }

    private static double processCpuSeconds() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime() / 1e9;
    }

    private static double median(List<Run> runs, ToDoubleFunction<Run> value) {
        return median(runs.stream().mapToDouble(value).toArray());
    }

    /** A plugin.path holding our two packaged plugin directories, as the agent's plugin directory does. */
    static Path ourPluginPath(Path work) throws IOException {
        Path root = Path.of(System.getProperty("benchmark.root", "../.."));
        String version = System.getProperty("benchmark.version", "0.1.0-SNAPSHOT");
        Path maxCompute = root.resolve("worker-runtime/maxcompute-sink/target/maxcompute-sink-" + version
                + "-plugin/maxcompute-sink");
        Path tablestore = root.resolve("worker-runtime/tablestore-sink/target/tablestore-sink-plugin/tablestore-sink");
        for (Path plugin : List.of(maxCompute, tablestore)) {
            if (!Files.isDirectory(plugin)) {
                throw new IllegalStateException(plugin + " is missing: package the sinks first (the -am in the command"
                        + " above does)");
            }
        }
        Path pluginPath = Files.createDirectories(work.resolve("plugins"));
        Files.createSymbolicLink(pluginPath.resolve("maxcompute-sink"), maxCompute.toAbsolutePath());
        Files.createSymbolicLink(pluginPath.resolve("tablestore-sink"), tablestore.toAbsolutePath());
        return pluginPath;
    }
}
