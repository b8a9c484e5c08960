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

    public static final List<String> DEFAULT_JVM_OPTIONS = List.of(
            "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=128m", "-Xss512k",
            "-XX:+ExitOnOutOfMemoryError");

    public WorkerLaunch {
        jvmOptions = List.copyOf(jvmOptions);
    }

    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
