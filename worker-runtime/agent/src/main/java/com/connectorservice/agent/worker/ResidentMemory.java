package com.connectorservice.agent.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** A process's resident memory, from {@code /proc/<pid>/status} (Linux); empty elsewhere or once it exited. */
public final class ResidentMemory {

    private static final long KIB = 1024;

    private ResidentMemory() {
    }

    public static Optional<Long> ofProcess(Long pid) {
        if (pid == null) {
            return Optional.empty();
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid.toString(), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Optional.of(Long.parseLong(line.replaceAll("\\D", "")) * KIB);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux, or the process just exited
        }
        return Optional.empty();
    }
}
