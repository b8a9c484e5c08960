package com.connectorservice.emulator.common;

import java.nio.file.Path;
import java.util.List;

import picocli.CommandLine.Mixin;

/**
 * One emulator's command line: the shared {@link EmulatorOptions} plus the emulator's own {@code @Option} fields in
 * the subclass, its defaults, how it starts and what it prints once it listens. {@link EmulatorMain} parses and runs it.
 */
public abstract class EmulatorCommand<E extends AutoCloseable> {

    @Mixin
    protected final EmulatorOptions options = new EmulatorOptions();

    private final String name;
    private final String environmentPrefix;
    private final int defaultPort;
    private final Path defaultDataDirectory;

    /**
     * @param name                 for messages, e.g. {@code MaxCompute emulator}
     * @param environmentPrefix    prefix of the flags' environment variables, e.g. {@code MAXCOMPUTE_EMULATOR}
     * @param defaultPort          the local stack's port of this emulator
     * @param defaultDataDirectory relative to the working directory
     */
    protected EmulatorCommand(String name, String environmentPrefix, int defaultPort, String defaultDataDirectory) {
        this.name = name;
        this.environmentPrefix = environmentPrefix;
        this.defaultPort = defaultPort;
        this.defaultDataDirectory = Path.of(defaultDataDirectory);
    }

    public final String name() {
        return name;
    }

    final String environmentPrefix() {
        return environmentPrefix;
    }

    final int defaultPort() {
        return defaultPort;
    }

    final Path defaultDataDirectory() {
        return defaultDataDirectory;
    }

    /** Starts the emulator from the parsed options; throws IllegalArgumentException for a bad combination. */
    protected abstract E start();

    /** The lines printed once the emulator listens: at least its endpoint. */
    protected abstract List<String> describe(E emulator);
}
