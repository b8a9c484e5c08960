package com.connectorservice.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where the build put what the stack runs, relative to the repository root: the control plane's Spring Boot jar,
 * the agent's jar (Kafka Connect in its {@code lib/}), the sink plugin directories, and this module's classpath
 * directories for the broker and the emulators.
 */
record Layout(Path controlPlaneJar, Path agentJar, List<Path> sinkPlugins, Path kafkaClasspath,
        Path maxComputeEmulatorClasspath, Path tablestoreEmulatorClasspath) {

    static final String BUILD_HINT = "build it first: ./mvnw install -DskipTests (./local-stack.sh does that when needed)";

    static Layout of(Path home) {
        List<String> missing = new ArrayList<>();
        Path classpaths = home.resolve("deploy/local-stack-runtimes/target/runtimes");
        Layout layout = new Layout(
                jar(home.resolve("control-plane/target"), "control-plane-", missing),
                jar(home.resolve("worker-runtime/agent/target"), "agent-", missing),
                List.of(plugin(home, "maxcompute-sink", missing), plugin(home, "tablestore-sink", missing)),
                directory(classpaths.resolve("kafka"), missing),
                directory(classpaths.resolve("maxcompute-emulator"), missing),
                directory(classpaths.resolve("tablestore-emulator"), missing));
        if (!missing.isEmpty()) {
            throw new IllegalStateException("not built yet: " + String.join(", ", missing) + System.lineSeparator()
                    + BUILD_HINT);
        }
        return layout;
    }

    /** {@code -cp} value for one of this module's classpath directories. */
    static String classpath(Path directory) {
        return directory.resolve("*").toString();
    }

    private static Path jar(Path target, String prefix, List<String> missing) {
        try (Stream<Path> files = Files.list(target)) {
            return files.filter(file -> {
                String name = file.getFileName().toString();
                return name.startsWith(prefix) && name.endsWith(".jar") && !name.contains("-sources")
                        && !name.contains("-tests") && !name.contains("-plugin");
            }).findFirst().orElseThrow(IOException::new);
        } catch (IOException e) {
            missing.add(target.resolve(prefix + "<version>.jar").toString());
            return null;
        }
    }

    /** A sink's plugin directory: {@code target/<anything>/<sink>/} holding the plugin's jars. */
    private static Path plugin(Path home, String sink, List<String> missing) {
        Path target = home.resolve("worker-runtime").resolve(sink).resolve("target");
        try (Stream<Path> candidates = Files.list(target)) {
            return candidates.map(candidate -> candidate.resolve(sink)).filter(Files::isDirectory).findFirst()
                    .orElseThrow(IOException::new);
        } catch (IOException e) {
            missing.add(target.resolve("<assembly>/" + sink + "/").toString());
            return null;
        }
    }

    private static Path directory(Path directory, List<String> missing) {
        if (!Files.isDirectory(directory)) {
            missing.add(directory.toString());
        }
        return directory;
    }
}
