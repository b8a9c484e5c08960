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
     * One small worker per connector: measured with one sink task, about 64 MB of heap and 43 MB of metaspace in use
     * and 170 MB resident. Serial GC because a host runs several workers on few cores; a worker that runs out of
     * memory exits and is restarted rather than limping on.
     */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of(
            "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=192m", "-Xss512k",
            "-XX:+ExitOnOutOfMemoryError");

    public WorkerLaunch {
        jvmOptions = List.copyOf(jvmOptions);
    }

    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
