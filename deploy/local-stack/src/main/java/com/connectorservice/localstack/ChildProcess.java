package com.connectorservice.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * One supervised child process with its output appended to {@code <logs>/<name>.log}.
 *
 * <p>Children run in their own session ({@code setsid}) where the system has it, so a Ctrl-C in the terminal
 * reaches only the launcher, which then stops them in order: the agent's Connect workers before the broker they
 * commit offsets to.
 */
final class ChildProcess {

    private static final Path SETSID = Stream.of("/usr/bin/setsid", "/bin/setsid").map(Path::of)
            .filter(Files::isExecutable).findFirst().orElse(null);

    private final String name;
    private final Process process;
    private final Path log;

    private ChildProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path workingDirectory,
            Path logDirectory) throws IOException {
        Files.createDirectories(logDirectory);
        Files.createDirectories(workingDirectory);
        Path log = logDirectory.resolve(name + ".log");
        Files.writeString(log, System.lineSeparator() + "==== " + Instant.now() + " local stack starts " + name + ": "
                + String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        List<String> fullCommand = new ArrayList<>();
        if (SETSID != null) {
            fullCommand.add(SETSID.toString());
        }
        fullCommand.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(fullCommand).directory(workingDirectory.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().putAll(environment);
        return new ChildProcess(name, builder.start(), log);
    }

    /** Runs a command to completion (e.g. formatting Kafka's storage), failing with the log's tail if it fails. */
    static void run(String name, List<String> command, Path workingDirectory, Path logDirectory, Duration timeout)
            throws IOException, InterruptedException {
        ChildProcess child = start(name, command, Map.of(), workingDirectory, logDirectory);
        if (!child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            child.stop(Duration.ofSeconds(5));
            throw new IllegalStateException(name + " did not finish within " + timeout.toSeconds() + " s; see " + child.log);
        }
        if (child.process.exitValue() != 0) {
            throw new IllegalStateException(name + " failed (exit " + child.process.exitValue() + "); see " + child.log
                    + System.lineSeparator() + child.tail(20));
        }
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    Path log() {
        return log;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    CompletableFuture<ChildProcess> onExit() {
        return process.onExit().thenApply(exited -> this);
    }

    int exitValue() {
        return process.exitValue();
    }

    /**
     * Asks the process to stop (SIGTERM), then whatever it started, and kills what is still there after
     * {@code grace}. Children that outlive their parent on purpose (the agent's Connect workers) are included
     * because the descendants are listed before the parent is asked to stop.
     */
    void stop(Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        terminate(List.of(process.toHandle()), grace);
        terminate(descendants, grace);
    }

    /** SIGTERM to each, then SIGKILL to those still alive after {@code grace}; returns when all are gone. */
    static void terminate(List<ProcessHandle> handles, Duration grace) {
        handles.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle handle : handles) {
            try {
                handle.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                handle.destroyForcibly();
                awaitKilled(handle);
            } catch (InterruptedException e) {
                handle.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Bounded: a killed process whose parent is gone may stay a zombie until init reaps it. */
    private static void awaitKilled(ProcessHandle handle) {
        try {
            handle.onExit().get(5, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // killed; only the process table entry may remain
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last {@code lines} lines of the log, for error messages. */
    String tail(int lines) {
        try (Stream<String> all = Files.lines(log, StandardCharsets.UTF_8)) {
            Deque<String> last = new ArrayDeque<>();
            all.forEach(line -> {
                last.addLast("    " + line);
                if (last.size() > lines) {
                    last.removeFirst();
                }
            });
            return String.join(System.lineSeparator(), last);
        } catch (IOException | java.io.UncheckedIOException e) {
            return "    (log unreadable: " + e.getMessage() + ")";
        }
    }
}
