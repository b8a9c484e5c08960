package com.connectorservice.benchmark;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.connectorservice.agent.dense.DenseConnectorRuntime;
import com.connectorservice.agent.runtime.WorkerView;
import com.connectorservice.agent.worker.WorkerAddress;
import com.connectorservice.agent.worker.WorkerLaunch;
import com.connectorservice.agent.worker.WorkerSettings;
import com.connectorservice.contracts.agent.AgentProtocol.WorkerSpec;
import com.connectorservice.testing.ConnectWorkerProcess;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * An unmodified Kafka Connect distributed worker in its own JVM, started with exactly the worker properties and
 * JVM flags the agent gives a connector's worker ({@link WorkerSettings}, {@link WorkerLaunch#DEFAULT_JVM_OPTIONS}),
 * plus a GC log to read the heap from; or ({@link #DENSE}) a herder with those properties in a dense JVM the agent's
 * {@link DenseConnectorRuntime} starts. Knows its JVM's CPU time.
 */
final class StockWorker implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** "GC(12) Pause Young (Allocation Failure) 61M->17M(247M) 4.1ms" */
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
    private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ, fixed at 100 on Linux

    /**
     * Which of the agent's runtimes hosts the sink ({@code -Dbenchmark.runtime}): {@code process}, a Connect JVM of
     * its own (the default), or {@code dense}, a herder in the agent's dense JVM, the runtime a connector gets unless
     * it asks for {@code "isolation": "PROCESS"}; each worker of the benchmark then has a dense JVM of its own.
     */
    static final boolean DENSE = "dense".equals(System.getProperty("benchmark.runtime", "process"));

    private final Host host;
    private final long pid;
    private final Path gcLog;

    /**
     * @param pluginPath       the worker's plugin.path
     * @param pluginDiscovery  null for the agent's setting (service_load); the official plugins need hybrid_warn
     */
    StockWorker(String bootstrapServers, String name, Path pluginPath, Path workDir, long offsetFlushIntervalMs,
                String pluginDiscovery) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(workDir.resolve(name));
        Path secrets = Files.createDirectories(dir.resolve("secrets"));
        gcLog = dir.resolve("gc.log");
        SortedMap<String, String> settings = WorkerSettings.of(name,
                new WorkerSpec(bootstrapServers, Map.of(), null, null, null, null), pluginPath, secrets);
        settings.put("offset.flush.interval.ms", String.valueOf(offsetFlushIntervalMs));
        if (pluginDiscovery != null) {
            settings.put("plugin.discovery", pluginDiscovery);
        }
        // e.g. -Dbenchmark.workerSettings=consumer.max.poll.records=2000 to try a worker setting before the agent sets it
        for (String setting : System.getProperty("benchmark.workerSettings", "").split(",")) {
            if (setting.contains("=")) {
                settings.put(setting.substring(0, setting.indexOf('=')).trim(), setting.substring(setting.indexOf('=') + 1).trim());
            }
        }
        List<String> jvm = new ArrayList<>(DENSE ? DenseConnectorRuntime.DEFAULT_JVM_OPTIONS : WorkerLaunch.DEFAULT_JVM_OPTIONS);
        // e.g. -Dbenchmark.dropJvm=-XX:.UseSerialGC -Dbenchmark.workerJvm=-XX:+UseParallelGC to try another collector
        jvm.removeIf(option -> option.matches(System.getProperty("benchmark.dropJvm", "^$")));
        jvm.add("-Xlog:gc:file=" + gcLog);
        // e.g. -Dbenchmark.workerJvm=-XX:StartFlightRecording=filename=/tmp/worker.jfr to profile a run
        String extra = System.getProperty("benchmark.workerJvm", "");
        if (!extra.isBlank()) {
            jvm.addAll(List.of(extra.trim().split("\\s+")));
        }
        if (DENSE) {
            DenseHost dense = new DenseHost(name, dir.resolve("dense"),
                    new WorkerLaunch(WorkerLaunch.currentJava(), jvm, DenseHost.classPath(), pluginPath), settings);
            host = dense;
            pid = dense.pid;
        } else {
            ConnectWorkerProcess process = new ConnectWorkerProcess(bootstrapServers, settings.get("group.id"), pluginPath,
                    dir, settings, jvm);
            host = new ProcessHost(process);
            pid = process.pid();
        }
        CpuSplit.pinToClientCpu(pid);
    }

    /** The worker's one-line description for the figures' heading. */
    static String describe() {
        return DENSE ? "a herder in the agent's dense JVM, " + String.join(" ", DenseConnectorRuntime.DEFAULT_JVM_OPTIONS)
                : "a stock Connect worker of its own, " + String.join(" ", WorkerLaunch.DEFAULT_JVM_OPTIONS);
    }

    /** The JVM running the worker: its Connect REST API, and how it stops. */
    private interface Host {
        HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException;

        void close() throws IOException, InterruptedException;
    }

    private record ProcessHost(ConnectWorkerProcess process) implements Host {
        @Override
        public HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
            return process.send(method, path, json);
        }

        @Override
        public void close() throws IOException, InterruptedException {
            process.close();
        }
    }

    /** A herder in a dense JVM of its own, started and stopped by the agent's {@link DenseConnectorRuntime}. */
    private static final class DenseHost implements Host {
        private static final List<String> MODULES = List.of("dense-worker", "worker-metrics", "contracts");
        private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

        private final String name;
        private final DenseConnectorRuntime runtime;
        /** Kills the dense JVM when this JVM exits without closing it (the agent's runtime leaves its JVMs running). */
        private final Thread orphanGuard;
        private final long pid;
        private final String restUrl;

        /** Starts the herder as the agent does (its reconciler calls start until the worker is ready). */
        DenseHost(String name, Path denseDir, WorkerLaunch launch, SortedMap<String, String> settings)
                throws InterruptedException {
            this.name = name;
            runtime = new DenseConnectorRuntime(denseDir, WorkerAddress.of("127.0.0.1"), launch, Duration.ofSeconds(120),
                    () -> { });
            orphanGuard = new Thread(runtime::killAll, "stop-orphaned-dense-jvm-" + name);
            Runtime.getRuntime().addShutdownHook(orphanGuard);
            WorkerView herder = awaitHerder(settings);
            pid = herder.pid();
            restUrl = restUrl(herder);
        }

        private WorkerView awaitHerder(SortedMap<String, String> settings) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            try {
                while (System.nanoTime() < deadline) {
                    WorkerView view = runtime.start(name, settings);
                    if (view.ready() && answers(restUrl(view))) {
                        return view;
                    }
                    Thread.sleep(300);
                }
            } catch (RuntimeException | InterruptedException e) {
                close(); // e.g. the JVM refused the herder's settings: it must not keep running
                throw e;
            }
            close();
            throw new IllegalStateException("the dense JVM did not start the herder of " + name + " within 120 s");
        }

        private static String restUrl(WorkerView view) {
            return view.restUrl() == null ? null : view.restUrl().replaceAll("/+$", "");
        }

        /**
         * What the agent's distribution gives its dense JVM: Kafka Connect, the dense worker and the task-metrics REST
         * extension (with the protocol's records it answers in).
         */
        static String classPath() {
            String testClassPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> ours = Stream.of(testClassPath.split(File.pathSeparator))
                    .filter(entry -> MODULES.stream().anyMatch(module ->
                            Path.of(entry).getFileName().toString().startsWith(module + "-")
                                    || entry.contains(File.separator + module + File.separator + "target" + File.separator + "classes")))
                    .toList();
            if (ours.size() != MODULES.size()) {
                throw new IllegalStateException("not all of " + MODULES + " are on the test class path: " + ours);
            }
            return ConnectWorkerProcess.stockWorkerClassPath() + File.pathSeparator + String.join(File.pathSeparator, ours);
        }

        private static boolean answers(String restUrl) throws InterruptedException {
            try {
                return restUrl != null && HTTP.send(HttpRequest.newBuilder(URI.create(restUrl + "/connectors")).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200;
            } catch (IOException notYet) {
                return false; // its REST server is still starting
            }
        }

        @Override
        public HttpResponse<String> send(String method, String path, String json) throws IOException, InterruptedException {
            return HTTP.send(HttpRequest.newBuilder(URI.create(restUrl + path)).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public void close() {
            runtime.remove(name); // its herder leaves the group; the JVM stops with its last herder
            runtime.killAll();
            try {
                Runtime.getRuntime().removeShutdownHook(orphanGuard);
            } catch (IllegalStateException shuttingDown) {
                // the hook kills it anyway
            }
        }
    }

    void createConnector(String name, Map<String, String> config) throws IOException, InterruptedException {
        HttpResponse<String> response = host.send("PUT", "/connectors/" + name + "/config", JSON.writeValueAsString(config));
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("creating connector " + name + " answered " + response.statusCode() + ": "
                    + response.body());
        }
    }

    void deleteConnector(String name) throws IOException, InterruptedException {
        host.send("DELETE", "/connectors/" + name, "");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (host.send("GET", "/connectors/" + name, "").statusCode() != 404 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /** The connector's and its tasks' states, e.g. to fail fast when a task failed. */
    String failedTaskTrace(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = host.send("GET", "/connectors/" + name + "/status", "");
        if (response.statusCode() != 200) {
            return null;
        }
        JsonNode status = JSON.readTree(response.body());
        for (JsonNode task : status.path("tasks")) {
            if ("FAILED".equals(task.path("state").asText())) {
                return task.path("trace").asText();
            }
        }
        return null;
    }

    /** User plus system CPU seconds the worker process used so far (all its threads). */
    double cpuSeconds() throws IOException {
        return cpuSeconds(Files.readString(Path.of("/proc/" + pid + "/stat")));
    }

    /** The user plus system CPU seconds of a process's or thread's {@code stat} line. */
    private static double cpuSeconds(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after the command: state(3) ... utime is field 14, stime field 15 of the whole line
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return (double) ticks / CLOCK_TICKS_PER_SECOND;
    }

    /**
     * CPU seconds the worker's JVM itself used so far: its garbage collector (the serial collector works in the VM
     * thread, the others in GC threads) and its JIT compiler threads. Both ride on the sink's rows: the collector
     * cleans up after them, and a benchmark's runs are short enough that the compiler still works through them, as a
     * worker running for hours no longer would.
     */
    JvmCpu jvmCpu() throws IOException {
        double collector = 0;
        double compiler = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc/" + pid + "/task"))) {
            for (Path thread : threads) {
                String stat;
                try {
                    stat = Files.readString(thread.resolve("stat"));
                } catch (IOException ended) { // a thread that ended since the listing: ESRCH, or no such file
                    continue;
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (name.equals("VM Thread") || name.startsWith("GC Thread") || name.startsWith("G1 ")) {
                    collector += cpuSeconds(stat);
                } else if (name.contains("CompilerThre")) {
                    compiler += cpuSeconds(stat);
                }
            }
        }
        return new JvmCpu(collector, compiler);
    }

    /** CPU seconds of a worker JVM's collector and compiler threads, or what they used over a run. */
    record JvmCpu(double collector, double compiler) {
        JvmCpu since(JvmCpu before) {
            return new JvmCpu(collector - before.collector, compiler - before.compiler);
        }
    }

    /** How much of the GC log exists now; {@link #heapSince} reads what was logged after. */
    long gcLogMark() throws IOException {
        return Files.exists(gcLog) ? Files.size(gcLog) : 0;
    }

    /** The largest heap in use before a collection and the largest heap still live after one, in MiB. */
    Heap heapSince(long mark) throws IOException {
        byte[] all = Files.exists(gcLog) ? Files.readAllBytes(gcLog) : new byte[0];
        String text = new String(all, (int) Math.min(mark, all.length), (int) Math.max(0, all.length - mark),
                StandardCharsets.UTF_8);
        double before = 0;
        double after = 0;
        double capacity = 0;
        int collections = 0;
        Matcher matcher = GC_LINE.matcher(text);
        while (matcher.find()) {
            before = Math.max(before, mib(matcher.group(1), matcher.group(2)));
            after = Math.max(after, mib(matcher.group(3), matcher.group(4)));
            capacity = Math.max(capacity, mib(matcher.group(5), matcher.group(6)));
            collections++;
        }
        return new Heap(before, after, capacity, collections);
    }

    /**
     * The heap still live after a full collection asked for now (jcmd GC.run), in MiB: what an idle worker holds, the
     * baseline that a sink's buffers add to.
     */
    double liveAfterFullCollection() throws IOException, InterruptedException {
        long mark = gcLogMark();
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid), "GC.run").redirectErrorStream(true).start();
        jcmd.getInputStream().readAllBytes();
        if (jcmd.waitFor() != 0) {
            throw new IOException("jcmd GC.run failed for worker " + pid);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            String logged = new String(Files.readAllBytes(gcLog), StandardCharsets.UTF_8);
            int full = logged.indexOf("Pause Full", (int) Math.min(mark, logged.length()));
            if (full >= 0) {
                Matcher matcher = GC_LINE.matcher(logged.substring(full));
                if (matcher.find()) {
                    return mib(matcher.group(3), matcher.group(4));
                }
            }
            Thread.sleep(50);
        }
        throw new IOException("no full collection logged in " + gcLog);
    }

    record Heap(double peakUsedMiB, double peakLiveMiB, double capacityMiB, int collections) {
    }

    private static double mib(String value, String unit) {
        double v = Double.parseDouble(value);
        return switch (unit) {
            case "K" -> v / 1024;
            case "G" -> v * 1024;
            default -> v;
        };
    }

    @Override
    public void close() throws IOException, InterruptedException {
        host.close();
    }
}
