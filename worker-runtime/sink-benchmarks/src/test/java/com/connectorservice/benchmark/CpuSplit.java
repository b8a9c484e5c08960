package com.connectorservice.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * With {@code -Dbenchmark.cpus=split}, the clients and the services they write to run on separate CPUs, as they do
 * in production where MaxCompute, Tablestore and the Kafka cluster are other machines: this JVM (the emulators and
 * the broker) on CPU 0; the worker process and every client this JVM measures (the SDK alone, the raw consumer) on
 * CPU 1. Without it all share both CPUs, and a sink's share of the SDK-alone ceiling is bounded by the CPU the two
 * runs cost in total rather than by the sink (see the CPU table the benchmark prints).
 *
 * <p>Uses {@code taskset}: a thread inherits the CPUs of the thread that creates it, so pinning a thread before it
 * creates a client pins the client's own threads (its pool, its I/O threads) too.
 */
final class CpuSplit {

    static final boolean ENABLED = "split".equals(System.getProperty("benchmark.cpus", "shared"));
    private static final String SERVICE_CPU = "0";
    private static final String CLIENT_CPU = "1";

    private CpuSplit() {
    }

    /** Pins every thread of this JVM, and so every thread it creates later, to the services' CPU. */
    static void pinThisJvmToServiceCpu() throws IOException, InterruptedException {
        if (ENABLED) {
            taskset(SERVICE_CPU, true, ProcessHandle.current().pid());
        }
    }

    /** Pins every thread of a client process (the worker), and the threads they create, to the clients' CPU. */
    static void pinToClientCpu(long pid) throws IOException, InterruptedException {
        if (ENABLED) {
            taskset(CLIENT_CPU, true, pid);
        }
    }

    /**
     * Runs {@code work} on a new thread pinned to the clients' CPU (with the split; else on this thread): the
     * threads and clients it creates run there too.
     */
    static <T> T onClientCpu(Callable<T> work) throws Exception {
        if (!ENABLED) {
            return work.call();
        }
        FutureTask<T> task = new FutureTask<>(() -> {
            // "<pid>/task/<tid>": the Linux thread id taskset takes
            String self = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
            taskset(CLIENT_CPU, false, Long.parseLong(self.substring(self.lastIndexOf('/') + 1)));
            return work.call();
        });
        Thread thread = new Thread(task, "client-cpu");
        thread.start();
        try {
            return task.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static void taskset(String cpu, boolean allThreads, long id) throws IOException, InterruptedException {
        ProcessBuilder command = allThreads ? new ProcessBuilder("taskset", "-a", "-p", "-c", cpu, String.valueOf(id))
                : new ProcessBuilder("taskset", "-p", "-c", cpu, String.valueOf(id));
        Process process = command.redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IllegalStateException("taskset " + cpu + " " + id + " failed: " + output);
        }
    }

    static String describe() {
        return ENABLED ? "CPUs split: emulators and broker on CPU 0, the worker and the SDK-alone and raw-consumer"
                + " clients on CPU 1" : "CPUs shared: worker, emulators, broker and clients on all " 
                + Runtime.getRuntime().availableProcessors() + " CPUs";
    }
}
