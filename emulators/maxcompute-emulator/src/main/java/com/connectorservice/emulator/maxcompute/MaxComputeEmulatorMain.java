package com.connectorservice.emulator.maxcompute;

import java.util.ArrayList;
import java.util.List;

import com.connectorservice.emulator.common.CredentialOptions;
import com.connectorservice.emulator.common.EmulatorCommand;
import com.connectorservice.emulator.common.EmulatorMain;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Starts the emulator for the local stack:
 * {@code MaxComputeEmulatorMain [--port 18090] [--host 127.0.0.1] [--data-dir data/maxcompute]
 * [--credential local-ak:local-sk]... [--project connector_test]... [--sts-signing-key KEY]}; every flag also as
 * {@code MAXCOMPUTE_EMULATOR_<FLAG>} (repeatable ones comma-separated). Flags win over the environment.
 */
public final class MaxComputeEmulatorMain extends EmulatorCommand<MaxComputeEmulator> {

    @Mixin
    CredentialOptions credentials = new CredentialOptions();

    @Option(names = "--project", paramLabel = "NAME", split = ",",
            description = "a project that exists; repeatable (default connector_test)")
    List<String> projects = new ArrayList<>();

    MaxComputeEmulatorMain() {
        super("MaxCompute emulator", "MAXCOMPUTE_EMULATOR", 18090, "data/maxcompute");
    }

    public static void main(String[] args) {
        EmulatorMain.run(new MaxComputeEmulatorMain(), args);
    }

    @Override
    protected MaxComputeEmulator start() {
        MaxComputeEmulator.Builder builder = MaxComputeEmulator.builder().host(options.host()).port(options.port())
                .dataDirectory(options.dataDirectory());
        credentials.secretsByAccessKeyId().forEach(builder::credential);
        projects.forEach(builder::project);
        if (options.stsSigningKey() != null) {
            builder.stsSigningKey(options.stsSigningKey());
        }
        return builder.start();
    }

    @Override
    protected List<String> describe(MaxComputeEmulator emulator) {
        return List.of("MaxCompute emulator endpoint: " + emulator.endpoint(),
                "MaxCompute emulator tunnel endpoint: " + emulator.tunnelEndpoint());
    }
}
