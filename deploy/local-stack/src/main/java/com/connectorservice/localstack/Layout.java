package com.connectorservice.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where the build put what the stack runs, relative to the repository root: the control plane's Spring Boot jar,
 * the agent's jar (Kafka Connect in its {@code lib/}), the sink plugin directories, and this module's classpath
 * directories for the broker and the emulators.
 */
record Layout(Path controlPlaneJar, Path agentJar, List<Path> sinkPlugins, Path kafkaClasspath,
        Path maxComputeEmulatorClasspath, Path tablestoreEmulatorClasspath, Path ramStsEmulatorClasspath) {

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
                directory(classpaths.resolve("tablestore-emulator"), missing),
                directory(classpaths.resolve("ram-sts-emulator"), missing));
        if (!missing.isEmpty()) {
            throw new IllegalStateException("not built yet: " + String.join(", ", missing) + System.lineSeparator()
                    + BUILD_HINT);
        }
        return layout;
    }

    /**
     * The same artifacts copied under {@code directory} (only files whose size or time changed), so the stack
     * runs from its own copy: a rebuild while it runs replaces the jars in target/ under a running JVM, which
     * then fails to load classes (a Spring Boot jar especially). Plugins land in {@code plugins/<sink>/}, the
     * agent's plugin path.
     */
    Layout copiedTo(Path directory) throws IOException {
        Path agent = directory.resolve("agent");
        sync(agentJar.resolveSibling("lib"), agent.resolve("lib"));
        List<Path> plugins = new ArrayList<>();
        for (Path plugin : sinkPlugins) {
            plugins.add(sync(plugin, directory.resolve("plugins").resolve(plugin.getFileName())));
        }
        return new Layout(
                sync(controlPlaneJar, directory.resolve("control-plane").resolve(controlPlaneJar.getFileName())),
                sync(agentJar, agent.resolve(agentJar.getFileName())),
                plugins,
                sync(kafkaClasspath, directory.resolve("kafka")),
                sync(maxComputeEmulatorClasspath, directory.resolve("maxcompute-emulator")),
                sync(tablestoreEmulatorClasspath, directory.resolve("tablestore-emulator")),
                sync(ramStsEmulatorClasspath, directory.resolve("ram-sts-emulator")));
    }

    /** The plugin path holding every sink plugin directory. */
    Path pluginPath() {
        return sinkPlugins.get(0).getParent();
    }

    /** Makes {@code target} a copy of the file or directory {@code source}, copying only what differs. */
    static Path sync(Path source, Path target) throws IOException {
        if (Files.isRegularFile(source)) {
            copyIfChanged(source, target);
            return target;
        }
        Files.createDirectories(target);
        Set<Path> wanted = new HashSet<>();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path copy = target.resolve(source.relativize(file).toString());
                wanted.add(copy);
                copyIfChanged(file, copy);
            }
        }
        try (Stream<Path> existing = Files.walk(target)) {
            for (Path stale : existing.sorted(Comparator.reverseOrder())
                    .filter(path -> Files.isRegularFile(path) && !wanted.contains(path)).toList()) {
                Files.delete(stale);
            }
        }
        return target;
    }

    private static void copyIfChanged(Path source, Path target) throws IOException {
        if (Files.exists(target) && Files.size(target) == Files.size(source)
                && Files.getLastModifiedTime(target).equals(Files.getLastModifiedTime(source))) {
            return;
        }
        Files.createDirectories(target.getParent());
        Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
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
