package com.connectorservice.agent.worker;

import java.nio.file.Path;
import java.util.List;

/**
 * How child Connect workers are started.
 *
 * @param javaExecutable the {@code java} binary
 * @param jvmOptions     flags of every child JVM (heap, GC)
 * @param classpath      Kafka Connect runtime jars, e.g. {@code /opt/connect/libs/*}
 * @param pluginPath     the directory of sink plugins, Connect's {@code plugin.path}
 */
public record WorkerLaunch(Path javaExecutable, List<String> jvmOptions, String classpath, Path pluginPath) {

    /**
     * One small worker per connector, about 220 MiB resident with one idle sink task (the agent's
     * {@code DenseRuntimeBenchmark}).
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = jvmOptions("256m", "192m");

    /**
     * The flags of a Connect JVM the agent starts, a connector's own or a dense one, with its heap and metaspace caps.
     * Serial GC because a host runs several workers on few cores; a worker that runs out of memory exits and is
     * restarted rather than limping on.
     *
     * <p>A young generation of at least 64 MiB (it still grows with the heap, to a third of it, so a MaxCompute
     * worker's buffers keep their old generation): a sink that builds many small objects per record, as Tablestore's
     * does (about 6.6 KB per JSON row, 2,000 rows in flight), has them copied by every young collection. With the
     * 21 MiB that a 64 MiB initial heap gave, a worker running only that sink spent 2.7-4.1 µs of CPU per row in the
     * collector; with 64 MiB, 1.0-2.0 (the sink benchmark's "its GC" column). It costs an idle process worker about
     * 30 MiB (187 MiB resident before).
     */
    public static List<String> jvmOptions(String maxHeap, String maxMetaspace) {
        return List.of("-Xms128m", "-Xmx" + maxHeap, "-XX:NewSize=64m", "-XX:+UseSerialGC",
                "-XX:MaxMetaspaceSize=" + maxMetaspace, "-Xss512k", "-XX:+ExitOnOutOfMemoryError");
    }

    public WorkerLaunch {
        jvmOptions = List.copyOf(jvmOptions);
    }

    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
