package com.connectorservice.emulator.common;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/**
 * The flags every emulator takes. Each can also come from the environment variable named after the emulator and the
 * flag ({@code --data-dir} of the MaxCompute emulator: {@code MAXCOMPUTE_EMULATOR_DATA_DIR}); a flag wins.
 */
public final class EmulatorOptions {

    @Option(names = "--port", paramLabel = "PORT", description = "TCP port; 0 picks a free one")
    Integer port;

    @Option(names = "--host", paramLabel = "ADDRESS", description = "address to listen on")
    String host;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "where the emulator keeps its data")
    Path dataDirectory;

    @Option(names = "--sts-signing-key", paramLabel = "KEY",
            description = "key STS temporary credentials are sealed with (the same for the three emulators)")
    String stsSigningKey;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "print this help and exit")
    boolean help;

    public int port() {
        return port;
    }

    public String host() {
        return host;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    /** The configured key, or null for the emulators' shared default. */
    public String stsSigningKey() {
        return stsSigningKey;
    }
}
