package com.connectorservice.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The operating-system view of a stack: its processes are the launcher's descendants plus every Java or PostgreSQL
 * process whose command line names the stack's data directory (the Connect workers the agent leaves running on
 * purpose, the PostgreSQL server pg_ctl detaches). That second rule also finds what an earlier launcher killed with
 * SIGKILL left behind.
 */
final class StackProcesses {

    private final String dataDirectoryMarker;

    StackProcesses(Path dataDirectory) {
        this.dataDirectoryMarker = dataDirectory.toAbsolutePath().normalize() + "/";
    }

    /** Java and PostgreSQL processes other than this one that work on the data directory, with their descendants. */
    List<ProcessHandle> leftovers() {
        long self = ProcessHandle.current().pid();
        Map<Long, ProcessHandle> found = new LinkedHashMap<>();
        ProcessHandle.allProcesses()
                .filter(process -> process.pid() != self && worksOnDataDirectory(process))
                .forEach(process -> {
                    found.put(process.pid(), process);
                    process.descendants().forEach(descendant -> found.put(descendant.pid(), descendant));
                });
        return List.copyOf(found.values());
    }

    /** Stops the leftovers: PostgreSQL after the JVMs, so a control plane still running can close its pool. */
    int stopLeftovers(Duration grace) {
        List<ProcessHandle> leftovers = leftovers();
        List<ProcessHandle> javas = leftovers.stream().filter(process -> executable(process).endsWith("java")).toList();
        ChildProcess.terminate(javas, grace);
        ChildProcess.terminate(leftovers().stream().filter(ProcessHandle::isAlive).toList(), grace);
        return leftovers.size();
    }

    /** Sum of the resident memory of the launcher, its descendants and the leftovers, in bytes (Linux only). */
    Optional<Long> residentBytes() {
        Map<Long, ProcessHandle> all = new LinkedHashMap<>();
        ProcessHandle self = ProcessHandle.current();
        all.put(self.pid(), self);
        self.descendants().forEach(process -> all.put(process.pid(), process));
        leftovers().forEach(process -> all.put(process.pid(), process));
        long total = 0;
        for (ProcessHandle process : all.values()) {
            Optional<Long> rss = residentBytes(process.pid());
            if (rss.isEmpty()) {
                return Optional.empty();
            }
            total += rss.get();
        }
        return Optional.of(total);
    }

    private static Optional<Long> residentBytes(long pid) {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        try (Stream<String> lines = Files.lines(status)) {
            return Optional.of(lines.filter(line -> line.startsWith("VmRSS:"))
                    .map(line -> Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024).findFirst().orElse(0L));
        } catch (IOException | java.io.UncheckedIOException e) {
            // the process ended meanwhile (counts 0) or this is not Linux
            return Files.isDirectory(Path.of("/proc", "self")) ? Optional.of(0L) : Optional.empty();
        }
    }

    private boolean worksOnDataDirectory(ProcessHandle process) {
        String executable = executable(process);
        if (!executable.endsWith("java") && !executable.endsWith("postgres")) {
            return false;
        }
        return process.info().arguments()
                .map(arguments -> Stream.of(arguments).anyMatch(argument -> argument.contains(dataDirectoryMarker)
                        || (argument + "/").equals(dataDirectoryMarker)))
                .orElse(false);
    }

    private static String executable(ProcessHandle process) {
        return process.info().command().orElse("");
    }
}
